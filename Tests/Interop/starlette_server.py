#!/usr/bin/env python3
"""A third-party server (sse-starlette) for our client: `starlette_server.py PORT`.
GET /events sends `tick` events with ids after Last-Event-ID, hanging up after 3 per
connection; past id 8 it answers 204 (our client must stop)."""
import asyncio
import json
import sys

import uvicorn
from sse_starlette.sse import EventSourceResponse, ServerSentEvent
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Route


async def events(request):
    start = int(request.headers.get("last-event-id") or 0) + 1
    if start > 8:
        return Response(status_code=204)

    async def generate():
        for i in range(start, min(start + 3, 9)):
            await asyncio.sleep(0.01)
            yield ServerSentEvent(id=str(i), event="tick", data=json.dumps({"n": i}), retry=50)

    return EventSourceResponse(generate(), ping=15)


app = Starlette(routes=[Route("/events", events)])
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
