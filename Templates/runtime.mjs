// MARK: - Runtime: connections, the EventSource and fetch transports, the stream parser

/** The connection is being opened, or reopened after a failure. */
export const CONNECTING = 0;
/** The connection is open: events arrive. */
export const OPEN = 1;
/** The connection is closed and will not reopen. */
export const CLOSED = 2;

/** An event's payload does not match the schema. */
export class PayloadError extends Error {
  constructor(path, message) {
    super(`${path}: ${message}`);
    this.name = "PayloadError";
    /** Where in the payload, e.g. `$.author.name`. */
    this.path = path;
  }
}

/** The connection failed; `willReconnect` says whether it is reopened. */
export class StreamError extends Error {
  constructor(message, { status = undefined, willReconnect = false, cause = undefined, tooLarge = false } = {}) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = "StreamError";
    /** The HTTP status, when the server answered. */
    this.status = status;
    /** Whether the connection is reopened after this error. */
    this.willReconnect = willReconnect;
    /** Whether a line or an event passed its limit (the stream is closed for good). */
    this.tooLarge = tooLarge;
  }
}

/**
 * What one stream may make the module hold, as in the Swift runtime: a line of 1 MiB and an
 * event of 8 MiB (in UTF-16 code units), and payloads nested 512 levels deep (as Foundation's
 * JSON decoder allows).
 */
export const defaultLimits = Object.freeze({ maximumLineLength: 1 << 20, maximumEventSize: 8 << 20, maximumPayloadDepth: 128 });

/**
 * The `EventStreamParser` reads `text/event-stream` bytes exactly as the WHATWG HTML Standard
 * says ("Interpreting an event stream"), in chunks cut anywhere. The fetch transport uses it;
 * it is exported for custom transports and for tests. A line or an event past its limit
 * throws a `StreamError` (`tooLarge: true`) from `push`: the stream cannot go on.
 */
export class EventStreamParser {
  /**
   * @param onEvent Called with `{ type, data, lastEventId }` for each dispatched event.
   * @param onRetry Called with the reconnection time in milliseconds of each valid `retry:` field.
   * @param limits `maximumLineLength` and `maximumEventSize`, `defaultLimits`' by default.
   */
  constructor(onEvent, onRetry = () => {}, limits = {}) {
    this.onEvent = onEvent;
    this.onRetry = onRetry;
    this.maximumLineLength = limits.maximumLineLength ?? defaultLimits.maximumLineLength;
    this.maximumEventSize = limits.maximumEventSize ?? defaultLimits.maximumEventSize;
    // "decoded using the UTF-8 decode algorithm": a leading BOM is dropped, bad bytes become U+FFFD.
    this.decoder = new TextDecoder("utf-8");
    this.line = "";
    this.afterCR = false;
    this.data = "";
    this.type = "";
    this.lastEventIdBuffer = "";
    this.lastEventId = "";
  }

  /** Parses one chunk of bytes (a `Uint8Array`), or of text already decoded (a string). */
  push(chunk) {
    this.pushText(typeof chunk === "string" ? chunk : this.decoder.decode(chunk, { stream: true }));
  }

  /** The stream ended: "any pending data must be discarded" (an unterminated event is not dispatched). */
  finish() {
    this.pushText(this.decoder.decode());
    this.line = "";
    this.data = "";
    this.type = "";
  }

  pushText(text) {
    let start = 0;
    for (let index = 0; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code !== 0x0a && code !== 0x0d) continue;
      // "Lines must be separated by either a U+000D CARRIAGE RETURN U+000A LINE FEED (CRLF)
      // character pair, a single U+000A LINE FEED (LF) character, or a single U+000D CARRIAGE
      // RETURN (CR) character." A LF right after a CR (maybe in the next chunk) ends nothing.
      if (code === 0x0a && this.afterCR && index === start && this.line === "") {
        this.afterCR = false;
        start = index + 1;
        continue;
      }
      if (this.line.length + index - start > this.maximumLineLength) this.tooLarge("a line", this.maximumLineLength);
      this.processLine(this.line + text.slice(start, index));
      this.line = "";
      this.afterCR = code === 0x0d;
      start = index + 1;
    }
    if (start < text.length) {
      this.afterCR = false;
      if (this.line.length + text.length - start > this.maximumLineLength) this.tooLarge("a line", this.maximumLineLength);
      this.line += text.slice(start);
    }
  }

  tooLarge(what, limit) {
    this.line = "";
    this.data = "";
    throw new StreamError(`${what} of the stream is longer than ${limit} characters`, { tooLarge: true });
  }

  processLine(line) {
    // "If the line is empty (a blank line): Dispatch the event."
    if (line === "") return this.dispatch();
    // "If the line starts with a U+003A COLON character (:): Ignore the line."
    if (line.charCodeAt(0) === 0x3a) return;
    const colon = line.indexOf(":");
    let field = line;
    let value = "";
    if (colon >= 0) {
      // "Collect the characters on the line before the first U+003A COLON character (:), and
      // let field be that string. Collect the characters on the line after the first U+003A
      // COLON character (:), and let value be that string. If value starts with a U+0020 SPACE
      // character, remove it from value."
      field = line.slice(0, colon);
      value = line.slice(line.charCodeAt(colon + 1) === 0x20 ? colon + 2 : colon + 1);
    }
    switch (field) {
      case "event":
        this.type = value;
        break;
      case "data":
        if (this.data.length + value.length + 1 > this.maximumEventSize) this.tooLarge("an event", this.maximumEventSize);
        this.data += value + "\n";
        break;
      case "id":
        // "If the field value does not contain U+0000 NULL, then set the last event ID buffer to the field value."
        if (!value.includes("\0")) this.lastEventIdBuffer = value;
        break;
      case "retry":
        // "If the field value consists of only ASCII digits, then interpret the field value as
        // an integer in base ten, and set the event stream's reconnection time to that integer."
        // (Saturated at the largest 64-bit integer, as the Swift decoder does.)
        if (/^[0-9]+$/.test(value)) this.onRetry(Math.min(Number(value), 9223372036854775807));
        break;
      default:
      // "Otherwise: The field is ignored."
    }
  }

  dispatch() {
    // "Set the last event ID string of the event source to the value of the last event ID buffer."
    this.lastEventId = this.lastEventIdBuffer;
    // "If the data buffer is an empty string, set the data buffer and the event type buffer to
    // the empty string and return."
    if (this.data === "") {
      this.type = "";
      return;
    }
    // "If the data buffer's last character is a U+000A LINE FEED (LF) character, then remove
    // the last character from the data buffer."
    const data = this.data.slice(0, -1);
    const type = this.type === "" ? "message" : this.type;
    this.data = "";
    this.type = "";
    this.onEvent({ type, data, lastEventId: this.lastEventId });
  }
}

/** The type of the server's loss signal: events this client should have had are gone. */
const REPLAY_GAP_ = "replay-gap";

/** `{ lastEventId, firstEventId }` from a `replay-gap` event's data, or `null` when it is not one. */
function replayGap_(data) {
  let value;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (value === null || typeof value !== "object" || typeof value.lastEventID !== "string") return null;
  const first = value.firstEventID ?? null;
  if (first !== null && typeof first !== "string") return null;
  return Object.freeze({ lastEventId: value.lastEventID, firstEventId: first });
}

const defaultOptions_ = {
  reconnectionDelay: 3000,
  // The floor under the server's `retry:` (and under jitter): `retry: 0` and a hang-up would
  // otherwise reconnect in a loop.
  minimumReconnectionDelay: 500,
  maximumReconnectionDelay: 60000,
  jitter: 0.5,
};

function connect_(path, table, handlers, options, defaultIdleTimeout) {
  const events = new Map(table.map(([wireName, handler, decode, terminal]) => [wireName, { handler, decode, terminal }]));
  const url = new URL(path, options.baseURL ?? globalThis.location?.href).href;
  const EventSourceImpl = options.EventSource ?? globalThis.EventSource;
  const usesFetch =
    options.transport === "fetch" ||
    (options.transport !== "eventsource" &&
      (options.headers !== undefined ||
        options.method !== undefined ||
        options.body !== undefined ||
        typeof EventSourceImpl !== "function"));
  const state = { readyState: CONNECTING, lastEventId: options.lastEventId ?? "", closed: false, stop: () => {} };
  const connection = {
    get readyState() {
      return state.readyState;
    },
    get lastEventId() {
      return state.lastEventId;
    },
    close() {
      if (state.closed) return;
      state.closed = true;
      state.readyState = CLOSED;
      state.stop();
    },
  };

  function deliver(type, data, lastEventId) {
    if (state.closed) return;
    state.lastEventId = lastEventId;
    const event = events.get(type);
    if (event === undefined) {
      const gap = type === REPLAY_GAP_ ? replayGap_(data) : null;
      if (gap !== null && handlers.onReplayGap) call_(handlers.onReplayGap, gap, { type, lastEventId });
      else call_(handlers.onUnknown, { type, data, lastEventId });
      return;
    }
    let payload;
    try {
      payload = event.decode(data);
    } catch (error) {
      if (!(error instanceof PayloadError) && !(error instanceof SyntaxError)) throw error;
      const invalid = { type, data, lastEventId, error };
      if (handlers.onInvalid) call_(handlers.onInvalid, invalid);
      else call_(handlers.onError, new StreamError(`invalid '${type}' event: ${error.message}`, { cause: error, willReconnect: true }));
      return;
    }
    call_(handlers[event.handler], payload, { type, lastEventId });
    if (event.terminal) connection.close();
  }

  const transport = usesFetch ? openFetch_ : openEventSource_;
  transport(url, { ...options, EventSource: EventSourceImpl, idleTimeout: options.idleTimeout ?? defaultIdleTimeout }, events, state, handlers, deliver);
  return connection;
}

function openEventSource_(url, options, events, state, handlers, deliver) {
  // EventSource cannot send a Last-Event-ID of the caller's on its first request: the cursor
  // goes in the URL (the server reads `lastEventID`), and the header the browser sends on
  // reconnection wins over it.
  let sourceURL = url;
  if (state.lastEventId !== "") {
    // Percent-encoded (not URLSearchParams' `+` for a space, which not every server reads back).
    const withCursor = new URL(url);
    const cursor = `lastEventID=${encodeURIComponent(state.lastEventId)}`;
    withCursor.search = withCursor.search === "" ? `?${cursor}` : `${withCursor.search}&${cursor}`;
    sourceURL = withCursor.href;
  }
  const source = new options.EventSource(sourceURL, { withCredentials: options.credentials === "include" });
  state.stop = () => source.close();
  source.onopen = () => {
    if (state.closed) return;
    state.readyState = OPEN;
    call_(handlers.onOpen);
  };
  source.onerror = () => {
    if (state.closed) return;
    // The browser reconnects by itself unless it closed the source (a wrong status or type).
    const willReconnect = source.readyState !== CLOSED;
    state.readyState = willReconnect ? CONNECTING : CLOSED;
    if (!willReconnect) state.closed = true;
    call_(handlers.onError, new StreamError(willReconnect ? "the connection was lost; reconnecting" : "the connection failed", { willReconnect }));
  };
  for (const wireName of events.keys()) {
    source.addEventListener(wireName, (event) => deliver(wireName, event.data, event.lastEventId));
  }
  for (const type of ["message", REPLAY_GAP_]) {
    if (!events.has(type)) source.addEventListener(type, (event) => deliver(type, event.data, event.lastEventId));
  }
}

function openFetch_(url, options, events, state, handlers, deliver) {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  let reconnectionDelay = options.reconnectionDelay ?? defaultOptions_.reconnectionDelay;
  const maximumDelay = options.maximumReconnectionDelay ?? defaultOptions_.maximumReconnectionDelay;
  const minimumDelay = options.minimumReconnectionDelay ?? defaultOptions_.minimumReconnectionDelay;
  const jitter = options.jitter ?? defaultOptions_.jitter;
  let controller = null;
  let wake = null;
  state.stop = () => {
    controller?.abort();
    wake?.();
  };

  async function run() {
    let failures = 0;
    while (!state.closed) {
      controller = new AbortController();
      let idleTimer = null;
      const resetIdleTimer = () => {
        clearTimeout(idleTimer);
        if (options.idleTimeout > 0) {
          idleTimer = setTimeout(() => controller.abort(new StreamError("no bytes, not even a heartbeat, within the idle timeout")), options.idleTimeout);
        }
      };
      let failure = null;
      try {
        // Headers are computed on every connect, so that a function can refresh a token.
        const given = typeof options.headers === "function" ? await options.headers() : options.headers;
        const headers = new Headers(given ?? {});
        headers.set("Accept", "text/event-stream");
        if (state.lastEventId !== "") headers.set("Last-Event-ID", state.lastEventId);
        resetIdleTimer();
        const response = await fetchImpl(url, {
          method: options.method ?? "GET",
          headers,
          body: options.body,
          credentials: options.credentials ?? "same-origin",
          cache: "no-store",
          signal: controller.signal,
        });
        // "HTTP 204 No Content [...] must be treated as a signal to stop reconnecting" (fail the connection).
        if (response.status === 204) {
          return stop_(state, handlers, new StreamError("the server has no events for this stream (204)", { status: 204 }));
        }
        if (response.status !== 200) {
          return stop_(state, handlers, new StreamError(`unexpected status ${response.status}`, { status: response.status }));
        }
        const contentType = (response.headers.get("Content-Type") ?? "").split(";")[0].trim().toLowerCase();
        if (contentType !== "text/event-stream") {
          return stop_(state, handlers, new StreamError(`unexpected content type '${contentType}'`, { status: 200 }));
        }
        state.readyState = OPEN;
        call_(handlers.onOpen);
        const parser = new EventStreamParser(
          (event) => {
            // Backoff starts over once events flow: a server that accepts and drops at once
            // is not hammered at the base delay.
            failures = 0;
            deliver(event.type, event.data, event.lastEventId);
          },
          (milliseconds) => (reconnectionDelay = milliseconds),
          options.limits
        );
        parser.lastEventIdBuffer = parser.lastEventId = state.lastEventId;
        const reader = response.body.getReader();
        while (!state.closed) {
          resetIdleTimer();
          const { done, value } = await reader.read();
          if (done) break;
          parser.push(value);
          // "id:" without data sets the last event ID too (the blank line dispatched nothing).
          if (!state.closed) state.lastEventId = parser.lastEventId;
        }
        parser.finish();
        if (!state.closed) state.lastEventId = parser.lastEventId;
        reader.releaseLock();
      } catch (error) {
        if (error instanceof StreamError && error.tooLarge) {
          controller.abort();
          return stop_(state, handlers, error);
        }
        failure = error;
      } finally {
        clearTimeout(idleTimer);
      }
      if (state.closed) return;
      // The stream ended or failed: reconnect after the server's `retry:` (with backoff after
      // failures in a row, and jitter so that clients do not return all at once).
      failures += 1;
      state.readyState = CONNECTING;
      const reason = controller.signal.reason instanceof StreamError ? controller.signal.reason : failure;
      call_(handlers.onError, new StreamError(reason ? `the connection was lost (${reason.message ?? reason}); reconnecting` : "the stream ended; reconnecting", { willReconnect: true, cause: reason ?? undefined }));
      const base = Math.max(minimumDelay, reconnectionDelay);
      const delay = Math.max(minimumDelay, Math.min(maximumDelay, base * 2 ** Math.max(0, failures - 1)) * (1 - jitter * Math.random()));
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, Math.min(delay, 2 ** 31 - 1));
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  }
  run().catch((error) => stop_(state, handlers, error instanceof StreamError ? error : new StreamError(String(error?.message ?? error), { cause: error })));
}

function stop_(state, handlers, error) {
  if (state.closed) return;
  state.closed = true;
  state.readyState = CLOSED;
  call_(handlers.onError, error);
}

/** Calls a handler; what it throws is reported (as an uncaught error) and never stops the stream. */
function call_(handler, ...values) {
  if (typeof handler !== "function") return;
  try {
    handler(...values);
  } catch (error) {
    if (typeof globalThis.reportError === "function") {
      globalThis.reportError(error);
    } else {
      setTimeout(() => {
        throw error;
      });
    }
  }
}

function pathParameter_(parameters, name) {
  const value = parameters?.[name];
  if (value === undefined || value === null) throw new TypeError(`the path parameter '${name}' is missing`);
  return encodeURIComponent(String(value));
}

/** The payload of an event, refused (as a `PayloadError`, reported to `onInvalid`) past the limits. */
function json_(data) {
  // The EventSource transport has no limit of its own.
  if (data.length > defaultLimits.maximumEventSize) fail_("$", `is longer than ${defaultLimits.maximumEventSize} characters`);
  const value = JSON.parse(data);
  // The checks recurse: a payload nested deeper than this could overflow the stack in them.
  const pending = [[value, 1]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop();
    if (typeof item !== "object" || item === null) continue;
    if (depth > defaultLimits.maximumPayloadDepth) fail_("$", `is nested deeper than ${defaultLimits.maximumPayloadDepth} levels`);
    for (const key in item) pending.push([item[key], depth + 1]);
  }
  return value;
}

function fail_(path, message) {
  throw new PayloadError(path, message);
}

function describe_(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `${typeof value} ${JSON.stringify(value)}`;
}

function isObject_(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function equal_(a, b) {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && equal_(a[key], b[key]));
}

function setDefault_(object, key, value) {
  // defineProperty: a key named `__proto__` must stay a key.
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

const uuid_ = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const date_ = /^\d{4}-\d{2}-\d{2}$/;
const dateTime_ = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const base64_ = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function checkString_(value, path, format) {
  if (typeof value !== "string") fail_(path, `expected a string, found ${describe_(value)}`);
  switch (format) {
    case "uuid":
      if (!uuid_.test(value)) fail_(path, `'${value}' is not a UUID`);
      break;
    case "date":
      if (!date_.test(value) || Number.isNaN(Date.parse(value))) fail_(path, `'${value}' is not a date (YYYY-MM-DD)`);
      break;
    case "date-time":
      if (!dateTime_.test(value) || Number.isNaN(Date.parse(value.replace(" ", "T")))) fail_(path, `'${value}' is not an RFC 3339 date-time`);
      break;
    case "uri":
      if (!URL.canParse?.(value) && !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) fail_(path, `'${value}' is not an absolute URI`);
      break;
    case "byte":
      if (!base64_.test(value)) fail_(path, `'${value}' is not base64`);
      break;
  }
  return value;
}

function checkLength_(value, path, minimum, maximum) {
  // Lengths count Unicode scalars, as the Swift side does.
  let length = 0;
  for (const _ of value) length += 1;
  if (minimum !== undefined && length < minimum) fail_(path, `is shorter than ${minimum} characters`);
  if (maximum !== undefined && length > maximum) fail_(path, `is longer than ${maximum} characters`);
  return value;
}

function checkInteger_(value, path, minimum, maximum) {
  if (typeof value !== "number" || !Number.isInteger(value)) fail_(path, `expected an integer, found ${describe_(value)}`);
  if (minimum !== undefined && value < minimum) fail_(path, `${value} is less than the minimum ${minimum}`);
  if (maximum !== undefined && value > maximum) fail_(path, `${value} is more than the maximum ${maximum}`);
  return value;
}

function checkNumber_(value, path, minimum, maximum) {
  if (typeof value !== "number" || !Number.isFinite(value)) fail_(path, `expected a number, found ${describe_(value)}`);
  if (minimum !== undefined && value < minimum) fail_(path, `${value} is less than the minimum ${minimum}`);
  if (maximum !== undefined && value > maximum) fail_(path, `${value} is more than the maximum ${maximum}`);
  return value;
}

function checkBoolean_(value, path) {
  if (typeof value !== "boolean") fail_(path, `expected true or false, found ${describe_(value)}`);
  return value;
}

function checkArray_(value, path, minimum, maximum, checkItem) {
  if (!Array.isArray(value)) fail_(path, `expected an array, found ${describe_(value)}`);
  if (minimum !== undefined && value.length < minimum) fail_(path, `has fewer than ${minimum} items`);
  if (maximum !== undefined && value.length > maximum) fail_(path, `has more than ${maximum} items`);
  for (let index = 0; index < value.length; index++) value[index] = checkItem(value[index], `${path}[${index}]`);
  return value;
}

function checkMap_(value, path, checkValue) {
  if (!isObject_(value)) fail_(path, `expected an object, found ${describe_(value)}`);
  for (const key of Object.keys(value)) value[key] = checkValue(value[key], `${path}[${JSON.stringify(key)}]`);
  return value;
}

function checkObject_(value, path) {
  if (!isObject_(value)) fail_(path, `expected an object, found ${describe_(value)}`);
  return value;
}

function checkEnum_(value, path, allowed) {
  if (typeof value !== "string") fail_(path, `expected a string, found ${describe_(value)}`);
  if (!allowed.includes(value)) fail_(path, `'${value}' is not one of ${allowed.map((item) => `'${item}'`).join(", ")}`);
  return value;
}

function checkConstant_(value, path, constant) {
  if (!equal_(value, constant)) fail_(path, `expected ${JSON.stringify(constant)}, found ${JSON.stringify(value)}`);
  return value;
}

function has_(object, key) {
  return Object.prototype.hasOwnProperty.call(object, key);
}

function checkRequired_(object, key, path) {
  if (!has_(object, key)) fail_(path, `the required member ${JSON.stringify(key)} is missing`);
}
