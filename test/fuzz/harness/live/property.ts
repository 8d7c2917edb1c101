/**
 * The live channel's property: every frame gets the answer of the model.
 */

import { uniqueGroupId } from "../../../helpers";
import { isUint32 } from "../app/calls";
import { messageBytes } from "../arbitraries/messages";
import { BODY_NOT_JSON, INVALID, MAX_MSG_BYTES, MSG_TOO_LONG, MUTED, NO_TOPICS, OK, PERMANENT } from "../codes";
import { byteLength, codeCounts, PropertyFailure, runProperty, show } from "../harness";
import { canonical, type InfoEntry } from "../models/profile";
import type { Property } from "../property";
import { isObject } from "../specs/spec";
import { REPEAT_SECONDS } from "../topic-model/types";
import { must } from "../world";
import { frameCases } from "./cases";
import { type FrameCase, frameOf, type LiveFrame, LV, MAX_FRAME_BYTES, openLive, sendText } from "./frames";

const SEND_FRAME_FIELDS = ["Type", "Random", "MsgBody", "TopicId", "CloudCustomData"];

/** The live channel's send model over the frames property: who has sent what. */
interface LiveModel {
  seq: number;
  msgSeq: number;
  nextRandom: number;
  /** The member's last message taken: a Send with its Random within 300 s is that message again. */
  last: { random: number; msgSeq: number; time: number; sent: number } | null;
  /** Message frames each socket has still to see before its next answer. */
  owed: [LiveFrame[], LiveFrame[]];
  /** Every Message frame, in Seq order: what a resume from any Seq replays. */
  log: LiveFrame[];
}

/** What a frame must be answered with, by reading it as the service must. */
type FrameVerdict =
  | { error: number[] }
  | { pong: true }
  | { ack: number[] }
  /** A Send the fuzz did not build (junk that says "Send"): any Error or SendAck of the send codes. */
  | { anyOf: true };

function frameVerdict(data: string | Uint8Array, built: FrameCase, muted: boolean): FrameVerdict {
  if (typeof data !== "string") return { error: [BODY_NOT_JSON] };
  if (data === "ping") return { pong: true };
  if (byteLength(data) > MAX_FRAME_BYTES) return { error: [INVALID] };
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return { error: [BODY_NOT_JSON] };
  }
  if (!isObject(value)) return { error: [BODY_NOT_JSON] };
  if (value.Type !== "Send") return { error: [INVALID] };
  if (built.kind !== "send" || built.valid === null) return { anyOf: true };
  if (!built.valid) return { error: [INVALID] };
  const v = built.fields;
  // Through exactly send_group_msg's gate: the size, then the topic, then the mute.
  if (messageBytes(v) > MAX_MSG_BYTES) return { ack: [MSG_TOO_LONG] };
  if (v.TopicId !== undefined && v.TopicId !== null) return { ack: muted ? [NO_TOPICS, MUTED] : [NO_TOPICS] };
  return { ack: [muted ? MUTED : OK] };
}

/**
 * Any text or bytes a client sends on its socket gets exactly one answer: an Error frame (60003
 * binary or not JSON or not an object, 10004 a bad field, an unknown Type or over 64 KiB), `pong`
 * to `ping`, or a SendAck for a valid Send (0 with its Message first, 80002 over 12 KiB, 11000 for
 * a TopicId here, 10017 for the muted member, 0 without a new Message for a repeat). The socket
 * stays open, and a refused frame changes nothing: each Message's Seq is the next, and the group's
 * NextMsgSeq counts exactly the messages taken. Two long-lived sockets per run. At the end, a
 * resume from any Seq of the run replays exactly the frames after it (checkResumes).
 */
export const framesProperty: Property = {
  name: "live channel: any frame a client sends gets exactly one answer; a refused one changes nothing",
  weight: 2,
  run: async ({ world }, numRuns) => {
    const GroupId = uniqueGroupId("fuzz-live");
    await must("create_group", {
      Type: "Public",
      Name: "live frames",
      GroupId,
      Owner_Account: LV.owner,
      MemberList: [{ Member_Account: LV.member }, { Member_Account: LV.muted }],
    });
    await must("forbid_send_msg", { GroupId, Members_Account: [LV.muted], MuteTime: PERMANENT });
    const sockets = [await openLive(GroupId, LV.member), await openLive(GroupId, LV.muted)] as const;
    // Randoms from far up, where no generated one is likely to be.
    const model: LiveModel = { seq: 0, msgSeq: 0, nextRandom: 3_900_000_000, last: null, owed: [[], []], log: [] };
    for (const s of sockets) {
      const state = frameOf(await s.next("the State"), `${s.account}'s first frame`);
      if (state.Type !== "State" || state.Self?.Member_Account !== s.account)
        throw new PropertyFailure(`${s.account}: the first frame is not its State: ${show(state)}`);
      model.seq = state.Seq;
    }

    /** Takes the Message frames `at` still had to see, then answers the next frame. */
    const answerOf = async (at: 0 | 1, what: string): Promise<string> => {
      const s = sockets[at];
      for (const owed of model.owed[at].splice(0)) {
        const got = frameOf(await s.next(what), what);
        if (canonical(got) !== canonical(owed))
          throw new PropertyFailure(`${what}: ${s.account} got ${show(got)} where the Message ${show(owed)} was due`);
      }
      return s.next(what);
    };

    const oneCase = async (k: FrameCase): Promise<void> => {
      world.clock.advance(1);
      const now = world.clock.now;
      const s = sockets[k.socket];
      let data: string | Uint8Array;
      let random: number | null = null;
      let repeatOf: LiveModel["last"] = null;
      if (k.kind === "send") {
        const fields = { ...k.fields };
        if (isUint32(fields.Random)) {
          // A fresh Random, so that no Send is a repeat of another by chance; or the last one's again.
          const last = model.last;
          if (k.valid === true && k.repeat && last !== null && now - last.time < REPEAT_SECONDS) repeatOf = last;
          random = repeatOf?.random ?? model.nextRandom++;
          fields.Random = random;
        }
        data = `${k.pad}${JSON.stringify(fields)}${k.pad}`;
      } else if (typeof k.data === "string" || k.data instanceof Uint8Array) data = k.data;
      else {
        random = model.nextRandom++;
        data = k.data.build(random);
      }
      const shown = typeof data === "string" ? show(data, 300) : `bytes [${Array.from(data.slice(0, 40)).join(",")}]`;
      const kind =
        k.kind === "raw" ? k.note : k.valid === null ? "a Send with junk" : k.valid ? "a valid Send" : "a broken Send";
      const what = `${s.account} sent ${kind} ${shown}`;
      const verdict = frameVerdict(data, k, k.socket === 1);
      s.ws.send(data);
      let text = await answerOf(k.socket, what);
      if ("pong" in verdict) {
        if (text !== "pong") throw new PropertyFailure(`${what}: answered ${show(text)}, not pong`);
        return;
      }
      let frame = frameOf(text, what);
      // A message taken reaches every socket, its sender's first, before the SendAck.
      let message: LiveFrame | null = null;
      if (frame.Type === "Message") {
        message = frame;
        text = await s.next(what);
        frame = frameOf(text, what);
      }
      if (typeof frame.ErrorCode === "number")
        codeCounts.set(frame.ErrorCode, (codeCounts.get(frame.ErrorCode) ?? 0) + 1);
      if (frame.Type === "Error") {
        const allowed = "error" in verdict ? verdict.error : "anyOf" in verdict ? [INVALID, MSG_TOO_LONG] : [];
        const keys = Object.keys(frame).join(",");
        if (!allowed.includes(frame.ErrorCode) || keys !== "Type,ErrorCode,ErrorInfo" || frame.ErrorInfo === "")
          throw new PropertyFailure(`${what}: answered ${show(frame)}; wanted ${show(verdict)}`);
        if (frame.ErrorCode === INVALID && typeof data === "string" && byteLength(data) <= MAX_FRAME_BYTES) {
          if (!SEND_FRAME_FIELDS.some((n) => (frame.ErrorInfo as string).includes(n)))
            throw new PropertyFailure(`${what}: the 10004 names no field of a Send: ${show(frame)}`);
        }
      } else if (frame.Type === "SendAck") {
        const allowed =
          "ack" in verdict ? verdict.ack : "anyOf" in verdict ? [OK, MSG_TOO_LONG, NO_TOPICS, MUTED, INVALID] : [];
        if (!allowed.includes(frame.ErrorCode) || (random !== null && frame.Random !== random))
          throw new PropertyFailure(`${what}: answered ${show(frame)}; wanted ${show(verdict)}`);
      } else throw new PropertyFailure(`${what}: answered ${show(frame)}, neither an Error nor a SendAck`);
      const taken = frame.Type === "SendAck" && frame.ErrorCode === OK;
      if (taken && repeatOf !== null) {
        // The same message again: its MsgSeq and MsgTime, and no new Message.
        if (message !== null || frame.MsgSeq !== repeatOf.msgSeq || frame.MsgTime !== repeatOf.time)
          throw new PropertyFailure(`${what}: a repeat of MsgSeq ${repeatOf.msgSeq} answered ${show(frame)}`);
      } else if (taken) {
        const want = {
          Type: "Message",
          Seq: model.seq + 1,
          GroupId,
          MsgSeq: model.msgSeq + 1,
          MsgTime: now,
          From_Account: s.account,
          Random: random ?? frame.Random,
        };
        const ack = {
          Type: "SendAck",
          Random: want.Random,
          ErrorCode: OK,
          ErrorInfo: "",
          MsgSeq: want.MsgSeq,
          MsgTime: now,
        };
        if (
          message === null ||
          !Object.entries(want).every(([key, v]) => message[key] === v) ||
          canonical(frame) !== canonical(ack)
        )
          throw new PropertyFailure(
            `${what}: a Send taken answered ${show(message)} then ${show(frame)}; ` +
              `wanted ${show(want)} then ${show(ack)}`,
          );
        model.seq += 1;
        model.msgSeq += 1;
        model.owed[k.socket === 0 ? 1 : 0].push(message);
        model.log.push(message);
        if (s.account === LV.member) model.last = { random: want.Random, msgSeq: want.MsgSeq, time: now, sent: now };
      } else if (message !== null) {
        throw new PropertyFailure(`${what}: a Message ${show(message)} came with the refusal ${show(frame)}`);
      }
    };

    // `ping`, a frame of exactly 64 KiB and one byte more, binary, first of every run.
    const exactly = (bytes: number) =>
      sendText(`a Send of ${bytes} bytes`, (Random) => {
        const head = JSON.stringify({
          Type: "Send",
          Random,
          MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "" } }],
        });
        return `${head.slice(0, -5)}${"x".repeat(bytes - byteLength(head))}"}}]}`;
      });
    const pinned: FrameCase[] = [
      { socket: 0, kind: "raw", data: "ping", note: "ping" },
      { socket: 0, kind: "raw", data: exactly(MAX_FRAME_BYTES), note: "64 KiB" },
      { socket: 1, kind: "raw", data: exactly(MAX_FRAME_BYTES + 1), note: "64 KiB and a byte" },
      { socket: 1, kind: "raw", data: new Uint8Array([123, 125]), note: "binary {}" },
    ];
    // The group and the sockets go on from case to case, so a failed case leaves the model behind
    // them: its failure is the one reported, and the cases fast-check shrinks to afterwards fail at once.
    let failure: unknown = null;
    const guarded = async (k: FrameCase): Promise<void> => {
      if (failure !== null) throw new PropertyFailure("an earlier case failed (the first failure is reported)");
      try {
        await oneCase(k);
      } catch (error) {
        failure = error;
        throw error;
      }
    };
    let runs: number;
    try {
      runs = await runProperty(frameCases(), numRuns, guarded, pinned);
    } catch (error) {
      throw failure ?? error;
    }

    // Still open: a valid Send of each is answered; then nothing is left unread.
    for (const at of [0, 1] as const) {
      await oneCase({
        socket: at,
        kind: "send",
        fields: { Type: "Send", Random: 0, MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "still open" } }] },
        valid: true,
        repeat: false,
        pad: "",
      });
    }
    for (const [at, s] of sockets.entries()) {
      const left = [...model.owed[at]!, ...s.pending()];
      if (left.length > 0) throw new PropertyFailure(`${s.account}: frames left unanswered: ${show(left)}`);
    }
    await checkResumes(GroupId, model);
    const info = await must("get_group_info", { GroupIdList: [GroupId] });
    const next = (info.GroupInfo as InfoEntry[])[0]?.NextMsgSeq;
    if (next !== model.msgSeq + 1)
      throw new PropertyFailure(`${GroupId}: NextMsgSeq ${show(next)} after ${model.msgSeq} messages taken`);
    for (const s of sockets) s.ws.close(1000, "done");
    await must("destroy_group", { GroupId });
    return runs;
  },
};

/**
 * A resume from any Seq the run went through gets the State at the last Seq, then exactly the
 * frames after it, in order, and nothing more (a ping's pong comes next); a Since past the last
 * gets the State with Resync and nothing else.
 */
async function checkResumes(GroupId: string, model: LiveModel): Promise<void> {
  const last = model.seq;
  const sinces = [...new Set([0, 1, Math.floor(last / 2), last - 1, last, last + 1, last + 1000])];
  for (const since of sinces.filter((n) => n >= 0)) {
    const what = `a resume from Seq ${since} of ${last}`;
    const s = await openLive(GroupId, LV.member, since);
    const state = frameOf(await s.next(what), what);
    const resync = since > last;
    if (state.Type !== "State" || state.Seq !== last || (state.Resync === true) !== resync)
      throw new PropertyFailure(`${what}: first frame ${show(state)}`);
    const first = model.log.findIndex((m) => m.Seq > since);
    for (const want of resync || first < 0 ? [] : model.log.slice(first)) {
      const got = frameOf(await s.next(what), what);
      if (canonical(got) !== canonical(want))
        throw new PropertyFailure(`${what}: replayed ${show(got)} where ${show(want)} was due`);
    }
    s.ws.send("ping");
    const after = await s.next(what);
    if (after !== "pong") throw new PropertyFailure(`${what}: ${show(after)} after the replay, before the pong`);
    s.ws.close(1000, "done");
  }
}
