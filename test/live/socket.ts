import { env } from "cloudflare:test";
import worker from "../../src/index";
import { DEMO_APP } from "../fixtures/apps";
import { validSig } from "../helpers";

// biome-ignore lint/suspicious/noExplicitAny: a frame's fields are whatever its Type carries.
type Frame = Record<string, any>;

/** One client socket of the live channel, with the frames it received in order. */
export interface Client {
  ws: WebSocket;
  frames: Frame[];
  /** The next frame not yet taken by `next` (waits for it). */
  next(): Promise<Frame>;
  /** Resolves with the close code once the server closed the socket. */
  closed: Promise<number>;
  send(frame: unknown): void;
}

/** Opens the live channel of `groupId` as `account` (its own UserSig), from `since` when given. */
export async function connect(
  groupId: string,
  account: string,
  o: { since?: number; usersig?: string; query?: string } = {},
): Promise<Client> {
  const usersig = o.usersig ?? (await validSig(DEMO_APP.sdkappid, account));
  const query =
    o.query ??
    new URLSearchParams({
      sdkappid: String(DEMO_APP.sdkappid),
      identifier: account,
      usersig,
      GroupId: groupId,
      ...(o.since === undefined ? {} : { Since: String(o.since) }),
    }).toString();
  const response = await worker.fetch(
    new Request(`https://im.example.test/v4/group_live/connect?${query}`, { headers: { Upgrade: "websocket" } }),
    env,
  );
  const ws = response.webSocket;
  if (ws === null) throw new Error(`no socket: HTTP ${response.status} ${await response.text()}`);
  ws.accept();
  const frames: Frame[] = [];
  const waiting: ((f: Frame) => void)[] = [];
  let taken = 0;
  ws.addEventListener("message", (event) => {
    const frame = JSON.parse(event.data as string) as Frame;
    frames.push(frame);
    waiting.shift()?.(frame);
  });
  const closed = new Promise<number>((resolve) => ws.addEventListener("close", (event) => resolve(event.code)));
  return {
    ws,
    frames,
    closed,
    next() {
      const index = taken++;
      if (index < frames.length) return Promise.resolve(frames[index]!);
      return new Promise((resolve) => waiting.push(resolve));
    },
    send(frame) {
      ws.send(typeof frame === "string" ? frame : JSON.stringify(frame));
    },
  };
}
