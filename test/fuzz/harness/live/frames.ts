/**
 * The live channel: opening a socket, reading frames, and the fields of a send frame.
 */

import { env } from "cloudflare:workers";
import fc from "fast-check";
import worker from "../../../../src/index";
import { DEMO_APP, validSig } from "../../../helpers";
import { badUint32, goodUint32 } from "../arbitraries/accounts";
import { anyTopicIdShape, badTopicId } from "../arbitraries/ids";
import {
  badCloudData,
  badMsgBody,
  goodCloudData,
  goodMsgBody,
  tooLongCloudData,
  tooLongMsgBody,
} from "../arbitraries/messages";
import { PropertyFailure, show } from "../harness";
import { type Field, isObject } from "../specs/spec";

// ---------------------------------------------------------------------------------------------
// The live channel: what a client sends on its socket

/** The largest frame a client may send, in bytes of UTF-8 (an Error 10004 past it). */
export const MAX_FRAME_BYTES = 64 * 1024;
/** How long a frame's answer may take before the case fails (a guard: nothing here waits on it). */
const FRAME_ANSWER_MS = 5_000;
/** The members of the live group: one who may send, one muted for good. */
export const LV = { owner: "lv_owner", member: "lv_m", muted: "lv_muted" } as const;

// biome-ignore lint/suspicious/noExplicitAny: a frame's fields are whatever its Type carries.
export type LiveFrame = Record<string, any>;

/** One client socket, its frames as received (text), taken in order by `next`. */
interface FrameReader {
  account: string;
  ws: WebSocket;
  next(what: string): Promise<string>;
  /** Frames received and not taken yet. */
  pending(): string[];
}

export async function openLive(groupId: string, account: string, since?: number): Promise<FrameReader> {
  const query = new URLSearchParams({
    sdkappid: String(DEMO_APP.sdkappid),
    identifier: account,
    usersig: await validSig(DEMO_APP.sdkappid, account),
    GroupId: groupId,
    ...(since === undefined ? {} : { Since: String(since) }),
  });
  const response = await worker.fetch(
    new Request(`https://im.example.test/v4/group_live/connect?${query}`, { headers: { Upgrade: "websocket" } }),
    env,
  );
  const ws = response.webSocket;
  if (ws === null) throw new Error(`no socket for ${account}: HTTP ${response.status} ${await response.text()}`);
  ws.accept();
  const queue: string[] = [];
  const waiting: ((text: string) => void)[] = [];
  ws.addEventListener("message", (event) => {
    const text = typeof event.data === "string" ? event.data : `(binary of ${(event.data as ArrayBuffer).byteLength})`;
    const take = waiting.shift();
    if (take === undefined) queue.push(text);
    else take(text);
  });
  return {
    account,
    ws,
    pending: () => [...queue],
    next(what) {
      const text = queue.shift();
      if (text !== undefined) return Promise.resolve(text);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(take), 1);
          reject(new PropertyFailure(`${account}: no frame within ${FRAME_ANSWER_MS} ms: ${what}`));
        }, FRAME_ANSWER_MS);
        const take = (t: string) => {
          clearTimeout(timer);
          resolve(t);
        };
        waiting.push(take);
      });
    },
  };
}

/** A frame as JSON, or a failure naming what was read. */
export function frameOf(text: string, what: string): LiveFrame {
  try {
    const frame = JSON.parse(text) as unknown;
    if (isObject(frame)) return frame;
  } catch {
    // below
  }
  throw new PropertyFailure(`${what}: the answer is not a JSON object frame: ${show(text)}`);
}

/**
 * What a client may send: `socket` 0 is the member who may send, 1 the muted one. `send` is a Send
 * frame's fields (a valid one, or one field bad, junk or absent), sent as JSON with extra keys and
 * padding around; `raw` is any other text or bytes.
 */
export type FrameCase =
  | {
      socket: 0 | 1;
      kind: "send";
      fields: Record<string, unknown>;
      /** null: one field is junk, which may happen to be valid. */
      valid: boolean | null;
      repeat: boolean;
      pad: string;
    }
  | { socket: 0 | 1; kind: "raw"; data: string | Uint8Array | SendText; note: string };

/** A Send's text built around the Random the run gives it (a fresh one): shown short in counterexamples. */
export interface SendText {
  build(random: number): string;
  [fc.toStringMethod](): string;
}
export const sendText = (label: string, build: (random: number) => string): SendText => ({
  build,
  [fc.toStringMethod]: () => `<${label}>`,
});

export const sendFields: Field[] = [
  { name: "Random", good: goodUint32, bad: badUint32 },
  // Now and then over 12 KiB (80002), mostly not, so that most valid Sends by the member are taken.
  {
    name: "MsgBody",
    good: fc.oneof({ weight: 8, arbitrary: goodMsgBody }, { weight: 1, arbitrary: tooLongMsgBody }),
    bad: badMsgBody,
  },
  // Any TopicId of the right shape: 11000 from this group without topics.
  { name: "TopicId", good: anyTopicIdShape, bad: badTopicId.filter((v) => v !== null), optional: true },
  {
    name: "CloudCustomData",
    good: fc.oneof({ weight: 8, arbitrary: goodCloudData }, { weight: 1, arbitrary: tooLongCloudData }),
    bad: badCloudData.filter((v) => v !== null),
    optional: true,
  },
];
