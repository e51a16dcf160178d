// A frontend's use of the generated declarations; must type-check with tsc --strict.
import { connectRoom, connectInbox, RoomEventNames, type Message, type Connection, CLOSED } from "../Generated/chat.events.mjs";

const connection: Connection = connectRoom(
  { roomID: "lobby" },
  {
    onMessagePosted: (message: Message, event) => {
      const text: string = message.text;
      const name: string = message.author.name;
      const role: "admin" | "member" | "guest" = message.author.role;
      const id: string = event.lastEventId;
      const type: "messagePosted" = event.type;
      for (const attachment of message.attachments ?? []) {
        if (attachment.kind === "image") {
          const width: number = attachment.width;
          console.log(width);
        } else {
          const bytes: number = attachment.byteCount;
          console.log(bytes);
        }
      }
      console.log(text, name, role, id, type);
    },
    onUserLeft: (payload) => {
      const reason: "left" | "kicked" | "timed-out" = payload.reason; // filled by its default
      console.log(reason);
    },
    onNotice: (text: string) => console.log(text),
    onRoomClosed: (payload: undefined) => console.log(payload),
    onError: (error) => console.log(error.willReconnect, error.status),
    onInvalid: (event) => console.log(event.error.message, event.data),
    onReplayGap: (gap, event) => {
      const first: string | null = gap.firstEventId; // null when nothing is waiting
      const type: "replay-gap" = event.type;
      console.log(gap.lastEventId, first, type);
    },
  },
  { baseURL: "https://chat.example", headers: async () => ({ Authorization: "Bearer token" }), idleTimeout: 45_000 }
);
connectInbox({ userID: 42 }, { onPresenceChanged: (change) => console.log(change.presence, change.lastSeen) });
const wireName: "user.joined" = RoomEventNames.userJoined;
if (connection.readyState === CLOSED) console.log(connection.lastEventId, wireName);
connection.close();
