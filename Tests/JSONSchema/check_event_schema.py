#!/usr/bin/env python3
"""Checks Schemas/event-schema.json with an independent JSON Schema implementation
(python-jsonschema, draft-07): it is a valid JSON Schema, it accepts every example schema
and every valid fixture, and it rejects shapes the format does not allow.

Run from the repository root: python3 Tests/JSONSchema/check_event_schema.py
"""
import glob
import json
import sys

import jsonschema
import yaml

schema = json.load(open("Schemas/event-schema.json"))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)

failures = []
accepted = sorted(glob.glob("Schemas/*.events.yaml")) + sorted(glob.glob("Tests/Fixtures/schemas/valid/*.events.yaml")) + sorted(glob.glob("Tests/Fixtures/schemas/golden/*.events.yaml"))
for path in accepted:
    errors = list(validator.iter_errors(yaml.safe_load(open(path, encoding="utf-8"))))
    if errors:
        failures.append(f"{path}: rejected: {errors[0].message}")

# Shapes the format refuses, each with the key that should be blamed.
rejected = {
    "unknown top-level key": {"eventSchema": 1, "name": "Chat", "events": {}, "colour": "blue"},
    "version 2": {"eventSchema": 2, "name": "Chat", "events": {}},
    "name not PascalCase": {"eventSchema": 1, "name": "chat", "events": {}},
    "misspelt event key": {"eventSchema": 1, "name": "Chat", "events": {"a": {"paylod": "text"}}},
    "unknown type": {"eventSchema": 1, "name": "Chat", "types": {"A": {"type": "int"}}, "events": {}},
    "stream without path": {"eventSchema": 1, "name": "Chat", "events": {}, "streams": {"s": {"events": []}}},
    "bad ids": {"eventSchema": 1, "name": "Chat", "events": {}, "streams": {"s": {"path": "/", "events": [], "ids": "always"}}},
    "wire name with LF": {"eventSchema": 1, "name": "Chat", "events": {"a": {"wireName": "a\nb"}}},
    "negative heartbeat": {"eventSchema": 1, "name": "Chat", "events": {}, "streams": {"s": {"path": "/", "events": [], "heartbeat": -1}}},
    "path with a query": {"eventSchema": 1, "name": "Chat", "events": {}, "streams": {"s": {"path": "/a?b", "events": []}}},
}
for name, document in rejected.items():
    if validator.is_valid(document):
        failures.append(f"accepted {name}: {document}")

for failure in failures:
    print(failure)
print(f"JSON Schema: {len(accepted)} schemas accepted, {len(rejected)} bad shapes rejected, {len(failures)} failures")
sys.exit(1 if failures else 0)
