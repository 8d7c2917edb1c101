/**
 * A recorded history (what the clients asked, when, and what they were
 * answered; what the live channel's sockets received) and how it is read
 * into the sub-histories the checker takes: one per (group, account), one per
 * group's mute-all, one per group's MsgSeq (P-compositionality).
 *
 * Reading an answer is the model's half of the contract: a muted list says, of
 * every account of the group, muted until U or not muted; a member page says
 * member or not, and MuteUntil; a send's answer says member, not muted and
 * mute-all off (OK, at exactly MsgTime), or muted until U, or mute-all on
 * (10017), or not a member (10007); a Tips frame says what its change left,
 * at its Time; a State frame what its account was at its ServerTime.
 */
import { type CheckOp, check, minimize, type Verdict } from "./checker";
import {
  type AccountChange,
  type AccountInput,
  type MessageInput,
  type MuteAllInput,
  modelOf,
  type SubHistory,
  type Window,
} from "./model";

export type RecordedF =
  | "mute"
  | "unmute"
  | "muteAll"
  | "add"
  | "delete"
  | "listMuted"
  | "memberInfo"
  | "groupInfo"
  | "send"
  | "liveSend"
  | "frame";

/** One operation as recorded. */
export interface Recorded {
  id: number;
  /** Who: a client ("c7"), or a socket ("g1/u0"). */
  process: string;
  group: string;
  f: RecordedF;
  /** The account named (mute, unmute, add, delete, a send's sender; a frame: the socket's account). */
  account?: string;
  seconds?: number;
  on?: boolean;
  /** Invoked, and answered (ms, the recorder's clock); ret null: no answer (the call is indeterminate). */
  inv: number;
  ret: number | null;
  /** The answer's JSON, or the frame. */
  answer?: Record<string, unknown>;
}

interface HistoryMeta {
  seed: number;
  mutant: string | null;
  groups: { id: string; accounts: string[]; members: string[] }[];
  /** Each SIGKILL: when the process was gone, and when its successor answered. */
  kills: { killedAt: number; restartedAt: number }[];
  start: number;
  end: number;
}

export interface HistoryFile {
  format: "jepsen-history/1";
  meta: HistoryMeta;
  ops: Recorded[];
}

/** A sub-history saved alone (a minimal non-linearizable one), replayable by `npm run -s jepsen:check`. */
export interface SubHistoryFile {
  format: "jepsen-subhistory/1";
  note: string;
  history: SubHistory;
}

/** The offset (ms) the server's clock may have from the recorder's: server = recorder + offset. */
interface Offset {
  lo: number;
  hi: number;
}

/** Clocks of one machine: a skew past this is a fault of the recording, not of the service. */
const MAX_SKEW_MS = 5000;

type Frame = Record<string, unknown> & { Type?: string; Seq?: number; Time?: number };

/** Where a frame's read may sit: from the start of the second it names, and its place in the live log. */
interface FramePlace {
  inv: number;
  order: number;
}

/**
 * The offset of the server's clock, bounded by every server time an answer
 * carries: an accepted message's MsgTime is the server's second during the
 * call, and a frame's Time or ServerTime was read before the frame arrived.
 */
function serverOffset(ops: readonly Recorded[]): Offset & { samples: number } {
  let lo = -MAX_SKEW_MS;
  let hi = MAX_SKEW_MS;
  let samples = 0;
  for (const o of ops) {
    if (o.answer === undefined || o.ret === null) continue;
    if ((o.f === "send" || o.f === "liveSend") && o.answer.ErrorCode === 0 && typeof o.answer.MsgTime === "number") {
      const m = o.answer.MsgTime * 1000;
      lo = Math.max(lo, m - o.ret);
      hi = Math.min(hi, m + 999 - o.inv);
      samples += 1;
    } else if (o.f === "frame") {
      const at = (o.answer as Frame).Type === "State" ? o.answer.ServerTime : o.answer.Time;
      if (typeof at === "number") lo = Math.max(lo, at * 1000 - o.ret);
    }
  }
  return { lo, hi, samples };
}

/** What reading a history found besides its sub-histories. */
export interface Reading {
  subs: SubHistory[];
  offset: Offset & { samples: number };
  /** Faults seen without the checker: frames that disagree, answers that contradict themselves. */
  anomalies: string[];
  counts: { operations: number; indeterminate: number; refused: number; frames: number; resyncs: number };
}

export function read(h: HistoryFile): Reading {
  const offset = serverOffset(h.ops);
  const anomalies: string[] = [];
  if (offset.lo > offset.hi) {
    anomalies.push(`the server's times contradict the real-time order (offset ${offset.lo}..${offset.hi} ms)`);
  }
  const kills = h.meta.kills.map((k) => k.killedAt).sort((a, b) => a - b);
  /** The last moment a call could take effect: its answer, or the death of the process that had it. */
  const retOf = (o: Recorded) => o.ret ?? kills.find((k) => k >= o.inv) ?? h.meta.end;
  const window = (inv: number, ret: number): Window => ({
    lo: Math.floor((inv + offset.lo) / 1000),
    hi: Math.floor((ret + offset.hi) / 1000),
  });
  const account = new Map<string, CheckOp<AccountInput>[]>();
  const muteAll = new Map<string, CheckOp<MuteAllInput>[]>();
  const messages = new Map<string, CheckOp<MessageInput>[]>();
  const accountsOf = new Map(h.meta.groups.map((g) => [g.id, g.accounts]));
  const push = <T>(map: Map<string, T[]>, key: string, op: T) => map.set(key, [...(map.get(key) ?? []), op]);
  let nextId = 0;
  const counts = { operations: 0, indeterminate: 0, refused: 0, frames: 0, resyncs: 0 };

  /** An operation on one account of `group`; `unknown` for a call with no answer. */
  const onAccount = (o: Recorded, who: string, input: AccountChange, w?: Window, frame?: FramePlace) => {
    const ret = retOf(o);
    const at = frame?.inv ?? o.inv;
    push(account, `${o.group}/${who}`, {
      id: nextId++,
      inv: Math.min(at, ret),
      ret,
      input: { ...input, ...(w ?? window(at, ret)) } as AccountInput,
      ...(o.ret === null ? { unknown: true } : {}),
      ...(frame === undefined ? {} : { order: frame.order }),
      source: o.id,
    });
  };
  const onEveryAccount = (o: Recorded, input: AccountChange, w?: Window, frame?: FramePlace) => {
    for (const a of accountsOf.get(o.group) ?? []) onAccount(o, a, input, w, frame);
  };
  const onMuteAll = (o: Recorded, input: MuteAllInput, frame?: FramePlace) => {
    const ret = retOf(o);
    push(muteAll, `${o.group}/muteAll`, {
      id: nextId++,
      inv: Math.min(frame?.inv ?? o.inv, ret),
      ret,
      input,
      ...(o.ret === null ? { unknown: true } : {}),
      ...(frame === undefined ? {} : { order: frame.order }),
      source: o.id,
    });
  };

  // Frames: every socket of a group receives the same logged frame; the first arrival counts.
  const frames = new Map<string, Recorded>();
  const messageSeqs = new Map<string, string>();
  for (const o of h.ops) {
    if (o.f !== "frame" || o.answer === undefined) continue;
    counts.frames += 1;
    const f = o.answer as Frame;
    if (f.Type === "State") {
      if (f.Resync === true) counts.resyncs += 1;
      continue;
    }
    const key = `${o.group}#${f.Seq}`;
    const first = frames.get(key);
    if (first === undefined) frames.set(key, o);
    else if (JSON.stringify(first.answer) !== JSON.stringify(f)) {
      anomalies.push(
        `two frames with Seq ${f.Seq} in ${o.group}: ${JSON.stringify(first.answer)} and ${JSON.stringify(f)}`,
      );
    } else if (o.ret! < first.ret!) frames.set(key, o);
    if (f.Type === "Message") {
      const mkey = `${o.group}#${String(f.MsgSeq)}`;
      const what = `${String(f.From_Account)}/${String(f.Random)}`;
      const before = messageSeqs.get(mkey);
      if (before !== undefined && before !== what) {
        anomalies.push(`two messages with MsgSeq ${String(f.MsgSeq)} in ${o.group}: ${before} and ${what}`);
      }
      messageSeqs.set(mkey, what);
    }
  }

  for (const o of h.ops) {
    if (o.f === "frame") {
      const f = o.answer as Frame;
      if (f.Type !== "State" && frames.get(`${o.group}#${f.Seq}`) !== o) continue;
      readFrame(o, f);
      continue;
    }
    counts.operations += 1;
    if (o.ret === null) counts.indeterminate += 1;
    const a = o.answer;
    const code = a?.ErrorCode;
    if (o.ret !== null && code !== 0 && o.f !== "send" && o.f !== "liveSend") {
      // A refused call changes nothing and says nothing of the state (60007, 10002, ...).
      counts.refused += 1;
      continue;
    }
    switch (o.f) {
      case "mute":
        onAccount(o, o.account!, { f: "mute", seconds: o.seconds! });
        break;
      case "unmute":
        onAccount(o, o.account!, { f: "unmute" });
        break;
      case "muteAll":
        onEveryAccount(o, { f: "muteAll", on: o.on! });
        onMuteAll(o, { f: "muteAll", on: o.on! });
        break;
      case "add": {
        const result = o.ret === null ? null : ((a!.MemberList as { Result: 1 | 2 }[])[0]?.Result ?? null);
        if (o.ret !== null && result !== 1 && result !== 2) anomalies.push(`add ${o.id}: ${JSON.stringify(a)}`);
        onAccount(o, o.account!, { f: "add", result });
        break;
      }
      case "delete":
        onAccount(o, o.account!, { f: "delete" });
        break;
      case "listMuted": {
        if (o.ret === null) break;
        const list = a!.MutedAccountList as { Member_Account: string; MutedUntil: number }[];
        const until = new Map(list.map((e) => [e.Member_Account, e.MutedUntil]));
        for (const who of accountsOf.get(o.group) ?? []) {
          onAccount(o, who, { f: "read", what: "get_group_muted_account", until: until.get(who) ?? 0 });
        }
        break;
      }
      case "memberInfo": {
        if (o.ret === null) break;
        const list = a!.MemberList as { Member_Account: string; MuteUntil: number; ShutUpUntil: number }[];
        const byAccount = new Map(list.map((e) => [e.Member_Account, e]));
        for (const who of accountsOf.get(o.group) ?? []) {
          const e = byAccount.get(who);
          if (e !== undefined && e.MuteUntil !== e.ShutUpUntil) {
            anomalies.push(`get_group_member_info ${o.id}: MuteUntil ${e.MuteUntil} but ShutUpUntil ${e.ShutUpUntil}`);
          }
          const seen = e === undefined ? { member: false } : { member: true, until: e.MuteUntil };
          onAccount(o, who, { f: "read", what: "get_group_member_info", ...seen });
        }
        break;
      }
      case "groupInfo": {
        if (o.ret === null) break;
        const info = (a!.GroupInfo as { MuteAllMember?: string }[])[0];
        const all = info?.MuteAllMember === "On";
        onMuteAll(o, { f: "read", what: "get_group_info", all });
        onEveryAccount(o, { f: "read", what: "get_group_info", all });
        break;
      }
      case "send":
      case "liveSend":
        readSend(o);
        break;
    }
  }

  function readSend(o: Recorded): void {
    const what = o.f === "send" ? "send_group_msg" : "a socket's Send";
    const key = `${o.group}/messages`;
    const ret = retOf(o);
    if (o.ret === null) {
      push(messages, key, { id: nextId++, inv: o.inv, ret, input: { f: "send", what, seq: null }, unknown: true });
      return;
    }
    const a = o.answer!;
    const info = String(a.ErrorInfo ?? "");
    if (a.ErrorCode === 0) {
      if (a.MsgDropReason !== undefined && a.MsgDropReason !== "") return;
      const m = a.MsgTime as number;
      onAccount(o, o.account!, { f: "read", what, member: true, until: 0, all: false }, { lo: m, hi: m });
      push(messages, key, { id: nextId++, inv: o.inv, ret, input: { f: "send", what, seq: a.MsgSeq as number } });
      return;
    }
    const muted = /is muted in this group until (\d+)/.exec(info);
    if (a.ErrorCode === 10017 && muted !== null) {
      onAccount(o, o.account!, { f: "read", what, member: true, until: Number(muted[1]) });
    } else if (a.ErrorCode === 10017 && info.includes("MuteAllMember is On")) {
      onAccount(o, o.account!, { f: "read", what, member: true, until: 0, all: true });
    } else if (a.ErrorCode === 10007 && info.includes("is not a member")) {
      onAccount(o, o.account!, { f: "read", what, member: false });
    } else {
      counts.refused += 1;
    }
  }

  /**
   * A frame is a read at the second it names, made at most when it arrived, and
   * in the live log's order: a Tips frame of Seq k saw the state its change left
   * (after k - 1's), a State frame of Seq k the state after k's change and
   * before k + 1's (the log is written in the changes' transactions).
   */
  function readFrame(o: Recorded, f: Frame): void {
    const time = (f.Type === "State" ? f.ServerTime : f.Time) as number;
    const w = { lo: time, hi: time };
    const place: FramePlace = { inv: time * 1000 - offset.hi, order: Number(f.Seq) * 2 + (f.Type === "State" ? 1 : 0) };
    const what = `${f.Type === "State" ? "State" : `Tips ${String(f.TipsType)} ${String(f.Change ?? "")}`} frame`;
    if (f.Type === "State") {
      const self = f.Self as { Member_Account: string; Role: string; MuteUntil: number };
      const all = f.MuteAllMember === "On";
      if ((accountsOf.get(o.group) ?? []).includes(self.Member_Account)) {
        const member = self.Role !== "NotMember";
        onAccount(o, self.Member_Account, { f: "read", what, member, until: self.MuteUntil, all }, w, place);
      }
      onMuteAll(o, { f: "read", what, all }, place);
      return;
    }
    if (f.Type !== "Tips" || f.TopicId !== undefined) return;
    const mine = new Set(accountsOf.get(o.group) ?? []);
    if (f.TipsType === "MemberInfoChange") {
      for (const e of f.MemberChangeInfoList as { Member_Account: string; MuteUntil: number }[]) {
        if (!mine.has(e.Member_Account)) continue;
        // A Mute's row may be over when written (a mute of 1 s written in the second after its call arrived).
        const until = f.Change === "Mute" && e.MuteUntil > time ? e.MuteUntil : 0;
        onAccount(o, e.Member_Account, { f: "read", what, until }, w, place);
      }
    } else if (f.TipsType === "GroupInfoChange") {
      const all = f.MuteAllMember === "On";
      onEveryAccount(o, { f: "read", what, all }, w, place);
      onMuteAll(o, { f: "read", what, all }, place);
    } else if (f.TipsType === "Join" || f.TipsType === "Kicked" || f.TipsType === "Quit") {
      for (const who of f.MemberList as string[]) {
        if (mine.has(who)) onAccount(o, who, { f: "read", what, member: f.TipsType === "Join" }, w, place);
      }
    }
  }

  const subs: SubHistory[] = [];
  for (const g of h.meta.groups) {
    for (const who of g.accounts) {
      const key = `${g.id}/${who}`;
      subs.push({ model: "account", key, member: g.members.includes(who), ops: account.get(key) ?? [] });
    }
    subs.push({ model: "muteAll", key: `${g.id}/muteAll`, ops: muteAll.get(`${g.id}/muteAll`) ?? [] });
    subs.push({ model: "messages", key: `${g.id}/messages`, ops: messages.get(`${g.id}/messages`) ?? [] });
  }
  return { subs, offset, anomalies, counts };
}

export interface SubVerdict {
  key: string;
  model: SubHistory["model"];
  ops: number;
  verdict: Verdict;
  /** For a rejected one: its smallest non-linearizable part. */
  minimal?: SubHistory;
}

/** Rejected sub-histories minimized per run: each costs many searches, and a few show the fault. */
const MINIMIZED = 4;

/** Checks every sub-history; the first rejected ones are minimized. */
export function checkAll(subs: readonly SubHistory[]): SubVerdict[] {
  let minimized = 0;
  return subs.map((h) => {
    const { model, ops } = modelOf(h);
    const verdict = check(model, ops);
    const out: SubVerdict = { key: h.key, model: h.model, ops: h.ops.length, verdict };
    if (verdict.linearizable === false && minimized++ < MINIMIZED) {
      out.minimal = { ...h, ops: minimize(model, ops) } as SubHistory;
    }
    return out;
  });
}

/** A sub-history as a person reads it: one line per operation. */
export function describe(h: SubHistory): string {
  return h.ops
    .map((o) => {
      const { lo, hi, ...rest } = o.input as Record<string, unknown>;
      const secs = lo === undefined ? "" : ` server s ${String(lo)}${hi !== lo ? `..${String(hi)}` : ""}`;
      return `  #${o.id} [${o.inv}..${o.ret}]${secs}${o.unknown ? " (no answer)" : ""} ${JSON.stringify(rest)}`;
    })
    .join("\n");
}
