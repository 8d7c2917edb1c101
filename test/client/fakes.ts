/** A fake WebSocket and fake timers for the live client: the test plays the server and moves time. */
import type { ServerFrame } from "../../src/client/frames";
import { LiveClient, type LiveClientOptions, type LiveEvents, type Timers } from "../../src/client/live-client";

type Listener = (event: never) => void;

/** The server's side of one socket: the test opens it, pushes frames, drops it. */
class FakeSocket {
  readonly sent: string[] = [];
  closedWith: { code?: number; reason?: string } | undefined;
  readonly #listeners = new Map<string, Listener[]>();

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: Listener): void {
    this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(code?: number, reason?: string): void {
    this.closedWith = { code, reason };
  }

  /** The frames the client sent, parsed (`ping` left out). */
  get frames(): unknown[] {
    return this.sent.filter((text) => text !== "ping").map((text) => JSON.parse(text));
  }
  get query(): URLSearchParams {
    return new URL(this.url).searchParams;
  }
  accept(): void {
    this.#fire("open", {});
  }
  push(frame: ServerFrame | string | ArrayBuffer): void {
    const data = typeof frame === "string" || frame instanceof ArrayBuffer ? frame : JSON.stringify(frame);
    this.#fire("message", { data });
  }
  drop(code = 1006, reason = ""): void {
    this.#fire("close", { code, reason });
  }
  #fire(type: string, event: object): void {
    for (const listener of this.#listeners.get(type) ?? []) (listener as (event: object) => void)(event);
  }
}

/** Timers on a clock that moves only when the test says. */
class FakeTimers implements Timers {
  now = 0;
  #next = 1;
  readonly #due = new Map<number, { at: number; callback: () => void }>();

  setTimeout(callback: () => void, ms: number): number {
    this.#due.set(this.#next, { at: this.now + ms, callback });
    return this.#next++;
  }
  clearTimeout(handle: unknown): void {
    this.#due.delete(handle as number);
  }
  /** Moves the clock `ms` forward, running each timer that falls due on the way, in order. */
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const [id, timer] = [...this.#due].sort(([, a], [, b]) => a.at - b.at)[0] ?? [];
      if (id === undefined || timer === undefined || timer.at > end) break;
      this.#due.delete(id);
      this.now = timer.at;
      timer.callback();
    }
    this.now = end;
  }
}

/** A client of bob in group g1 on a fake socket and clock, connected; `events` records what it emitted. */
export function harness(options: Partial<LiveClientOptions> = {}) {
  const sockets: FakeSocket[] = [];
  const timers = new FakeTimers();
  const events: { name: keyof LiveEvents; value?: unknown }[] = [];
  const client = new LiveClient({
    baseUrl: "https://im.example.com",
    sdkappid: 1400000000,
    identifier: "bob",
    usersig: "sig",
    groupId: "g1",
    pingIntervalMs: 10_000,
    WebSocket: class extends FakeSocket {
      constructor(url: string) {
        super(url);
        sockets.push(this);
      }
    },
    timers,
    random: () => 0.5,
    ...options,
  });
  const names: (keyof LiveEvents)[] = ["open", "state", "tips", "message", "notification", "sendAck", "error", "close"];
  for (const name of names) client.on(name, (value?: unknown) => void events.push({ name, value }));
  client.connect();
  /** The socket in use: the latest made. */
  const socket = () => sockets.at(-1)!;
  /** Opens the latest socket and sends its State. */
  const accept = (seq: number, extra: Partial<ServerFrame> = {}) => {
    socket().accept();
    socket().push(state(seq, extra));
  };
  const named = (name: keyof LiveEvents) => events.filter((e) => e.name === name).map((e) => e.value);
  return { client, sockets, socket, timers, events, named, accept };
}

export function state(seq: number, extra: object = {}): ServerFrame {
  return {
    Type: "State",
    Seq: seq,
    GroupId: "g1",
    ServerTime: 3_000_000_000,
    Self: { Member_Account: "bob", Role: "Member", MuteUntil: 0 },
    MuteAllMember: "Off",
    OnlineMemberNum: 1,
    ...extra,
  } as ServerFrame;
}

export function message(seq: number, random = seq): ServerFrame {
  return {
    Type: "Message",
    Seq: seq,
    GroupId: "g1",
    MsgSeq: seq,
    MsgTime: 3_000_000_000,
    From_Account: "peter",
    Random: random,
    MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: `hello ${seq}` } }],
  };
}

export const TEXT = [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }];
