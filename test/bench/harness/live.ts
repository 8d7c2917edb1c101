/**
 * The live channel's scenarios (issue 28): many idle sockets on one group and a
 * mute's fan-out to them, sends over sockets against send_group_msg, and the
 * Expire Tips against the wall clock. The sockets are Node's WebSocket client
 * (the harness runs with --experimental-websocket) on this same machine.
 */
import { readFileSync } from "node:fs";
import { setTimeout as delay } from "node:timers/promises";

/** The part of the WHATWG WebSocket this harness uses (Node 20's types do not declare the global). */
interface ClientSocket {
  readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: "open" | "close" | "error", listener: () => void): void;
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
}
type SocketClass = new (url: string) => ClientSocket;

// biome-ignore lint/suspicious/noExplicitAny: a frame's fields are whatever its Type carries.
type Frame = Record<string, any>;

/** One member's socket: its frames as they arrive, each with the wall-clock ms of its arrival. */
export interface LiveSocket {
  account: string;
  ws: ClientSocket;
  /** Called for each frame after the first (State); set by a scenario. */
  onFrame: ((frame: Frame, atMs: number) => void) | null;
  closed: boolean;
}

function socketClass(): SocketClass {
  const ws = (globalThis as { WebSocket?: SocketClass }).WebSocket;
  if (ws === undefined) throw new Error("no global WebSocket: run the harness with node --experimental-websocket");
  return ws;
}

/** Opens one socket and waits for its State frame (a refusal's Error frame fails). */
function openSocket(url: string, account: string): Promise<LiveSocket> {
  const WebSocket = socketClass();
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url);
    const socket: LiveSocket = { account, ws, onFrame: null, closed: false };
    let first = true;
    ws.addEventListener("message", (event) => {
      const atMs = Date.now();
      const frame = JSON.parse(String(event.data)) as Frame;
      if (first) {
        first = false;
        if (frame.Type === "State") resolve(socket);
        else reject(new Error(`${account}: first frame ${JSON.stringify(frame).slice(0, 200)}`));
        return;
      }
      socket.onFrame?.(frame, atMs);
    });
    ws.addEventListener("error", () => {
      if (first) reject(new Error(`${account}: socket error before State`));
    });
    ws.addEventListener("close", () => {
      socket.closed = true;
      if (first) reject(new Error(`${account}: closed before State`));
    });
  });
}

/** Opens a socket for each account, `width` at a time; answers them and the connects per second. */
export async function openSockets(
  urlOf: (account: string) => string,
  accounts: string[],
  width: number,
  progress?: (opened: number) => void,
): Promise<{ sockets: LiveSocket[]; perSecond: number }> {
  const sockets: LiveSocket[] = new Array(accounts.length);
  const started = Date.now();
  let next = 0;
  let opened = 0;
  const lane = async () => {
    while (next < accounts.length) {
      const i = next++;
      sockets[i] = await openSocket(urlOf(accounts[i]!), accounts[i]!);
      opened++;
      if (opened % 1000 === 0) progress?.(opened);
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return { sockets, perSecond: accounts.length / ((Date.now() - started) / 1000) };
}

export async function closeSockets(sockets: LiveSocket[]): Promise<void> {
  for (const s of sockets) if (!s.closed) s.ws.close();
  const until = Date.now() + 10_000;
  while (sockets.some((s) => !s.closed) && Date.now() < until) await delay(50);
}

/** A process's resident set (VmRSS), in MiB. */
export function rssMib(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, "utf8")
    .split("\n")
    .find((l) => l.startsWith("VmRSS:"));
  return Math.round(Number(line?.split(/\s+/)[1] ?? 0) / 1024);
}

/** The q-quantile of `xs`, to the hundredth. */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const sorted = Float64Array.from(xs).sort();
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! * 100) / 100;
}

/**
 * Sends over `sockets` for `seconds`, each waiting for its SendAck before its
 * next Send (at most one per `minGapMs` per socket when given). Answers acks by
 * ErrorCode and the latencies of the accepted ones.
 */
export async function sendOver(
  sockets: LiveSocket[],
  seconds: number,
  minGapMs = 0,
): Promise<{ ok: number; codes: Record<string, number>; latencies: number[] }> {
  const codes: Record<string, number> = {};
  const latencies: number[] = [];
  let random = Math.floor(Math.random() * 1e9);
  const until = Date.now() + seconds * 1000;
  const lane = async (s: LiveSocket) => {
    while (Date.now() < until) {
      const mine = ++random;
      const started = performance.now();
      const ack = await new Promise<Frame>((resolve) => {
        s.onFrame = (frame) => {
          if (frame.Type === "SendAck" && frame.Random === mine) resolve(frame);
        };
        s.ws.send(
          JSON.stringify({
            Type: "Send",
            Random: mine,
            MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hello" } }],
          }),
        );
      });
      const took = performance.now() - started;
      const code = String(ack.ErrorCode);
      codes[code] = (codes[code] ?? 0) + 1;
      if (ack.ErrorCode === 0) latencies.push(took);
      if (minGapMs > took) await delay(minGapMs - took);
    }
    s.onFrame = null;
  };
  await Promise.all(sockets.map(lane));
  return { ok: codes["0"] ?? 0, codes, latencies };
}
