// Misuses the generated declarations: every line marked `error` must fail to type-check.
import { connectRoom } from "../Generated/chat.events.mjs";

connectRoom(
  { roomID: "lobby" },
  {
    onMessagePosted: (message) => {
      const count: number = message.text; // error: a string is not a number
      console.log(count);
    },
  }
);
connectRoom({ room: "lobby" }, {}); // error: the parameter is roomID
connectRoom({ roomID: "lobby" }, { onMessagePosted: (message: number) => console.log(message) }); // error: the payload is a Message
connectRoom({ roomID: "lobby" }, { onUserJoined: (user) => console.log(user.nickname) }); // error: no such member
connectRoom({ roomID: "lobby" }, { onUnknownEvent: () => {} }); // error: no such handler
connectRoom({ roomID: "lobby" }, {}, { transport: "websocket" }); // error: no such transport
connectRoom({ roomID: "lobby" }, { onReplayGap: (gap) => console.log(gap.firstEventId.length) }); // error: firstEventId may be null
