/**
 * A member's client of the live channel (SPEC, "Live channel (members' clients)"): one WebSocket to
 * one group, kept open. It reconnects after a drop with a jittered exponential backoff and resumes
 * with the last `Seq` it saw, so that a caller misses nothing and sees no frame twice; it pings so
 * that a silent socket is found dead; it matches each `SendAck` to its `Send` by `Random`.
 *
 * No DOM, no server code, no dependency: the WebSocket constructor, the timers and the random
 * source are injected (by default the runtime's own), so it runs in a browser, in workerd, in Node.
 */
import {
  type ErrorFrame,
  type MessageFrame,
  type MsgElement,
  parseFrame,
  type RecallFrame,
  type SendAckFrame,
  type SendFrame,
  type ServerFrame,
  type StateFrame,
  type SystemNotificationFrame,
  type TipsFrame,
} from "./frames";

/** What the client needs of a WebSocket: the browser's, workerd's and Node's (22+) all fit. */
export interface WebSocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: "open", listener: () => void): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  addEventListener(type: "close", listener: (event: { code: number; reason: string }) => void): void;
}

export type WebSocketConstructorLike = new (url: string) => WebSocketLike;

/** setTimeout and clearTimeout, injectable so that tests drive time. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface LiveClientOptions {
  /** The service's base URL, `https://…` (connects with `wss:`) or `http://…` (`ws:`). */
  baseUrl: string;
  sdkappid: number | string;
  /** The member's account; `usersig` is that account's own UserSig. */
  identifier: string;
  usersig: string;
  groupId: string;
  /** Resume after this Seq (e.g. another client's `lastSeq`); default: start from now. */
  since?: number;
  /** How often to send `ping`; a socket that stays silent for a whole interval after one is dropped. */
  pingIntervalMs?: number;
  /** The first reconnect's delay, doubled after each failed attempt up to `maxDelayMs`; ±`jitter` of each. */
  backoff?: { initialDelayMs?: number; maxDelayMs?: number; jitter?: number };
  WebSocket?: WebSocketConstructorLike;
  timers?: Timers;
  /** A number in [0, 1), as Math.random: the jitter, and the `Random` of a send without one. */
  random?: () => number;
}

/** A server's Error frame, or a frame the client could not read (not JSON, binary, an unknown kind). */
export type LiveError = { kind: "server"; frame: ErrorFrame } | { kind: "junk"; data: unknown };

export interface CloseInfo {
  code: number;
  reason: string;
  /** When the next attempt starts; null when the client has stopped for good (`close()`, or a refusal). */
  retryInMs: number | null;
  /** For a refusal (a close with code 4000 or more): the Error frame the server sent before it. */
  refusal?: ErrorFrame;
}

export interface LiveEvents {
  open: () => void;
  state: (frame: StateFrame) => void;
  tips: (frame: TipsFrame) => void;
  message: (frame: MessageFrame) => void;
  /** Messages recalled: show them as recalled (their MsgSeq in the frame's scope). */
  recall: (frame: RecallFrame) => void;
  notification: (frame: SystemNotificationFrame) => void;
  sendAck: (frame: SendAckFrame) => void;
  error: (error: LiveError) => void;
  close: (info: CloseInfo) => void;
}

export interface SendOptions {
  /** The message's `Random` (uint32); default: a random one. A resend with the same Random is taken once. */
  random?: number;
  topicId?: string;
  cloudCustomData?: string;
}

const PATH = "/v4/group_live/connect";
/** Close codes from this one up are the server's refusals: trying again would be refused again. */
const REFUSAL = 4000;

/** The connect URL: `ws:` for an `http:` base, `wss:` for `https:`, the base's path kept as a prefix. */
export function liveConnectUrl(
  baseUrl: string,
  query: { sdkappid: number | string; identifier: string; usersig: string; groupId: string; since?: number | null },
): string {
  const url = new URL(baseUrl);
  const scheme = { "http:": "ws:", "https:": "wss:", "ws:": "ws:", "wss:": "wss:" }[url.protocol];
  if (scheme === undefined) throw new TypeError(`baseUrl must be an http(s) URL, not ${url.protocol}`);
  url.protocol = scheme;
  url.pathname = url.pathname.replace(/\/+$/, "") + PATH;
  const params = new URLSearchParams({
    sdkappid: String(query.sdkappid),
    identifier: query.identifier,
    usersig: query.usersig,
    GroupId: query.groupId,
  });
  if (query.since !== undefined && query.since !== null) params.set("Since", String(query.since));
  url.search = params.toString();
  url.hash = "";
  return url.toString();
}

const defaultTimers: Timers = {
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

type Handlers = { [E in keyof LiveEvents]: Set<LiveEvents[E]> };

export class LiveClient {
  readonly #options: LiveClientOptions;
  readonly #WebSocket: WebSocketConstructorLike;
  readonly #timers: Timers;
  readonly #random: () => number;
  readonly #handlers: Handlers = {
    open: new Set(),
    state: new Set(),
    tips: new Set(),
    message: new Set(),
    recall: new Set(),
    notification: new Set(),
    sendAck: new Set(),
    error: new Set(),
    close: new Set(),
  };
  readonly #pending = new Map<number, { resolve: (ack: SendAckFrame) => void; reject: (error: Error) => void }>();
  #lastSeq: number | null;
  #socket: WebSocketLike | null = null;
  #open = false;
  #stopped = false;
  #failures = 0;
  #heard = false;
  #refusal: ErrorFrame | undefined;
  #timer: unknown;

  constructor(options: LiveClientOptions) {
    const WebSocket = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket;
    if (WebSocket === undefined) throw new TypeError("no WebSocket in this runtime: pass options.WebSocket");
    liveConnectUrl(options.baseUrl, { ...options }); // a bad baseUrl throws here, not at a reconnect
    this.#options = options;
    this.#WebSocket = WebSocket;
    this.#timers = options.timers ?? defaultTimers;
    this.#random = options.random ?? Math.random;
    this.#lastSeq = options.since ?? null;
  }

  /** The last Seq delivered (or resumed from): pass it as `since` to resume in another client. */
  get lastSeq(): number | null {
    return this.#lastSeq;
  }

  /** Calls `handler` on each event of that name until the returned function is called. */
  on<E extends keyof LiveEvents>(event: E, handler: LiveEvents[E]): () => void {
    const handlers: Set<LiveEvents[E]> = this.#handlers[event];
    handlers.add(handler);
    return () => handlers.delete(handler);
  }

  /** Opens the socket (once: later calls, and calls after `close()`, do nothing). */
  connect(): void {
    if (this.#socket === null && this.#timer === undefined && !this.#stopped) this.#dial();
  }

  /** Stops for good: closes the socket, cancels any reconnect, rejects the sends awaiting their ack. */
  close(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    const socket = this.#socket;
    this.#detach();
    socket?.close(1000, "closed by the client");
    this.#emit("close", { code: 1000, reason: "closed by the client", retryInMs: null });
  }

  /**
   * Sends a message; resolves with its SendAck (whatever its ErrorCode: 10017 for a muted sender),
   * rejects when the socket is not open or closes first (the server may still have taken it: send
   * again with the same `random` within 300 s to learn its fate without sending it twice).
   */
  send(msgBody: MsgElement[], options: SendOptions = {}): Promise<SendAckFrame> {
    const random = options.random ?? this.#freshRandom();
    if (!Number.isInteger(random) || random < 0 || random > 0xffff_ffff) {
      return Promise.reject(new RangeError(`random must be a uint32, not ${random}`));
    }
    if (this.#pending.has(random)) return Promise.reject(new Error(`a send with Random ${random} awaits its ack`));
    const socket = this.#socket;
    if (socket === null || !this.#open) return Promise.reject(new Error("the live channel is not open"));
    const frame: SendFrame = { Type: "Send", Random: random, MsgBody: msgBody };
    if (options.topicId !== undefined) frame.TopicId = options.topicId;
    if (options.cloudCustomData !== undefined) frame.CloudCustomData = options.cloudCustomData;
    return new Promise((resolve, reject) => {
      this.#pending.set(random, { resolve, reject });
      try {
        socket.send(JSON.stringify(frame));
      } catch (error) {
        this.#pending.delete(random);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  #freshRandom(): number {
    let random: number;
    do random = Math.floor(this.#random() * 0x1_0000_0000);
    while (this.#pending.has(random));
    return random;
  }

  #dial(): void {
    this.#timer = undefined;
    this.#refusal = undefined;
    const { baseUrl, ...query } = this.#options;
    let socket: WebSocketLike;
    try {
      socket = new this.#WebSocket(liveConnectUrl(baseUrl, { ...query, since: this.#lastSeq }));
    } catch (error) {
      this.#dropped(1006, error instanceof Error ? error.message : String(error));
      return;
    }
    this.#socket = socket;
    // A socket that was dropped or replaced may still speak: only the current one is heard.
    socket.addEventListener("open", () => {
      if (socket === this.#socket) this.#opened();
    });
    socket.addEventListener("message", ({ data }) => {
      if (socket === this.#socket) this.#received(data);
    });
    socket.addEventListener("close", ({ code, reason }) => {
      if (socket === this.#socket) this.#dropped(code, reason);
    });
  }

  #opened(): void {
    this.#open = true;
    this.#heard = true;
    this.#timer = this.#timers.setTimeout(() => this.#ping(), this.#pingIntervalMs());
    this.#emit("open");
  }

  /** Every interval: a socket that said nothing since the last ping (not even `pong`) is dead. */
  #ping(): void {
    if (!this.#heard) {
      const socket = this.#socket;
      this.#dropped(1006, "no answer to ping");
      socket?.close(1000, "no answer to ping");
      return;
    }
    this.#heard = false;
    this.#socket?.send("ping");
    this.#timer = this.#timers.setTimeout(() => this.#ping(), this.#pingIntervalMs());
  }

  #received(data: unknown): void {
    this.#heard = true;
    if (data === "pong") return;
    const frame = typeof data === "string" ? parseFrame(data) : null;
    if (frame === null) this.#emit("error", { kind: "junk", data });
    else this.#dispatch(frame);
  }

  #dispatch(frame: ServerFrame): void {
    if (frame.Type === "State") {
      // A fresh start, or a Resync, begins at the State's Seq; a resume goes on from the last Seq
      // seen, as the replay that follows the State starts after it.
      if (this.#lastSeq === null || frame.Resync === true) this.#lastSeq = frame.Seq;
      this.#failures = 0;
      this.#emit("state", frame);
    } else if (frame.Type === "SendAck") {
      this.#pending.get(frame.Random)?.resolve(frame);
      this.#pending.delete(frame.Random);
      this.#emit("sendAck", frame);
    } else if (frame.Type === "Error") {
      this.#refusal = frame;
      this.#emit("error", { kind: "server", frame });
    } else if (this.#lastSeq === null || frame.Seq > this.#lastSeq) {
      // A Seq at or below the last one was delivered before a resume: dropped.
      this.#lastSeq = frame.Seq;
      if (frame.Type === "Tips") this.#emit("tips", frame);
      else if (frame.Type === "Message") this.#emit("message", frame);
      else if (frame.Type === "Recall") this.#emit("recall", frame);
      else this.#emit("notification", frame);
    }
  }

  /** The socket is gone: try again after a backoff, unless stopped or refused. */
  #dropped(code: number, reason: string): void {
    const refusal = code >= REFUSAL ? this.#refusal : undefined;
    this.#detach();
    if (code >= REFUSAL) this.#stopped = true;
    const retryInMs = this.#stopped ? null : this.#backoff();
    if (retryInMs !== null) this.#timer = this.#timers.setTimeout(() => this.#dial(), retryInMs);
    this.#emit("close", { code, reason, retryInMs, ...(refusal && { refusal }) });
  }

  /** Forgets the socket (its late events are ignored), stops the timer, fails the sends in flight. */
  #detach(): void {
    this.#socket = null;
    this.#open = false;
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const { reject } of pending) reject(new Error("the live channel closed before the ack"));
  }

  #backoff(): number {
    const { initialDelayMs = 500, maxDelayMs = 30_000, jitter = 0.2 } = this.#options.backoff ?? {};
    const delay = Math.min(maxDelayMs, initialDelayMs * 2 ** this.#failures);
    this.#failures += 1;
    return Math.round(delay * (1 + jitter * (2 * this.#random() - 1)));
  }

  #pingIntervalMs(): number {
    return this.#options.pingIntervalMs ?? 30_000;
  }

  #emit<E extends keyof LiveEvents>(event: E, ...args: Parameters<LiveEvents[E]>): void {
    for (const handler of this.#handlers[event]) {
      try {
        (handler as (...a: Parameters<LiveEvents[E]>) => void)(...args);
      } catch (error) {
        // A caller's fault must not break the channel: report it, as an uncaught error, after this turn.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  }
}
