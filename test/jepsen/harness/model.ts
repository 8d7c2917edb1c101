/**
 * The models a history is checked against, one per kind of sub-history
 * (P-compositionality: each is checked alone, which keeps every search small):
 *
 * - `account`: one account of one group. Whether it is a member, until when it
 *   is muted, and the group's mute-all (which every send's answer reads), with
 *   the server's clock: a read at server second s sees a mute whose end is after s.
 * - `muteAll`: one group's MuteAllMember alone.
 * - `messages`: one group's MsgSeq: each accepted message takes the next number.
 *
 * Time. Every operation carries the window of server seconds [lo, hi] in which
 * it may have taken effect (its real-time window, moved by the offset between
 * the recorder's clock and the server's, as the server's own answers bound it).
 * The account state keeps the second of the last operation placed, so that
 * time never runs backwards along an order.
 */
import type { CheckOp, Model } from "./checker";

/** Server seconds in which an operation may have taken effect. */
export interface Window {
  lo: number;
  hi: number;
}

/** What one operation did to, or saw of, one account (and its group's mute-all). */
export type AccountInput = Window & AccountChange;

export type AccountChange =
  | { f: "mute"; seconds: number }
  | { f: "unmute" }
  | { f: "muteAll"; on: boolean }
  /** add_group_member: Result 1 (added), 2 (already in), null (no answer). */
  | { f: "add"; result: 1 | 2 | null }
  | { f: "delete" }
  /**
   * A read: each field given is what it saw. `until` 0 is "not muted", U > 0 "muted until U".
   * `what` names the source (a command, a frame) for the report.
   */
  | { f: "read"; what: string; member?: boolean; until?: number; all?: boolean };

export interface AccountState {
  member: boolean;
  /** The end of the mute in force, 0 for none (a mute that ran out is 0: the state is kept canonical). */
  until: number;
  all: boolean;
  /** The server second of the last operation placed. */
  t: number;
}

/** Seconds of a window that an operation may take after `t` (at most 600: a wider window is cut). */
function seconds(t: number, w: Window): number[] {
  const out: number[] = [];
  const from = Math.max(t, w.lo);
  for (let s = from; s <= w.hi && s < from + 600; s++) out.push(s);
  return out;
}

/** The state at server second s: a mute whose end is not after s is over. */
function at(state: AccountState, s: number): AccountState {
  return { ...state, t: s, until: state.until !== 0 && state.until <= s ? 0 : state.until };
}

export function accountModel(initial: { member: boolean }): Model<AccountState, AccountInput> {
  return {
    init: [{ member: initial.member, until: 0, all: false, t: Number.NEGATIVE_INFINITY }],
    key: (s) => `${s.member ? 1 : 0}/${s.until}/${s.all ? 1 : 0}/${s.t}`,
    // Of two states alike but for their time, the earlier allows all the later does (each next
    // operation picks a second at or after it), and the same mute is in force at any second after both.
    readOnly: (x) => x.f === "read",
    prune(states) {
      const earliest = new Map<string, AccountState>();
      for (const s of states) {
        const key = `${s.member ? 1 : 0}/${s.until}/${s.all ? 1 : 0}`;
        const kept = earliest.get(key);
        if (kept === undefined || s.t < kept.t) earliest.set(key, s);
      }
      return [...earliest.values()];
    },
    step(state: AccountState, op: CheckOp<AccountInput>): AccountState[] {
      const x = op.input;
      const out: AccountState[] = [];
      for (const s of seconds(state.t, x)) {
        const now = at(state, s);
        switch (x.f) {
          case "mute":
            // The mute counts from the call's arrival, a second of its window up to the write's; written
            // a second or more after it arrived, a mute of 1 s is over when written (and replaced any before it).
            for (let arrived = Math.max(x.lo, s - x.seconds); arrived <= s; arrived++) {
              out.push({ ...now, until: arrived + x.seconds > s ? arrived + x.seconds : 0 });
            }
            break;
          case "unmute":
            out.push({ ...now, until: 0 });
            break;
          case "muteAll":
            out.push({ ...now, all: x.on });
            break;
          case "add":
            if (x.result === 1 && now.member) break;
            if (x.result === 2 && !now.member) break;
            out.push({ ...now, member: true });
            break;
          case "delete":
            out.push({ ...now, member: false });
            break;
          case "read":
            if (x.member !== undefined && x.member !== now.member) break;
            if (x.until !== undefined && x.until !== now.until) break;
            if (x.all !== undefined && x.all !== now.all) break;
            out.push(now);
            break;
        }
      }
      return out;
    },
  };
}

/** One group's mute-all: switched, or read. */
export type MuteAllInput = { f: "muteAll"; on: boolean } | { f: "read"; what: string; all: boolean };

export function muteAllModel(): Model<boolean, MuteAllInput> {
  return {
    init: [false],
    key: (s) => (s ? "on" : "off"),
    readOnly: (x) => x.f === "read",
    step(state, op) {
      const x = op.input;
      if (x.f === "muteAll") return [x.on];
      return x.all === state ? [state] : [];
    },
  };
}

/** An accepted message with its MsgSeq (null: a send with no answer, which may have taken the next one). */
export type MessageInput = { f: "send"; what: string; seq: number | null };

export function messagesModel(): Model<number, MessageInput> {
  return {
    init: [0],
    key: (s) => String(s),
    step(last, op) {
      const { seq } = op.input;
      if (seq === null) return [last + 1];
      return seq === last + 1 ? [seq] : [];
    },
  };
}

/** Every model by the name a sub-history carries, for the saved files. */
export type SubHistory =
  | { model: "account"; key: string; member: boolean; ops: CheckOp<AccountInput>[] }
  | { model: "muteAll"; key: string; ops: CheckOp<MuteAllInput>[] }
  | { model: "messages"; key: string; ops: CheckOp<MessageInput>[] };

/** The model of a sub-history, with its ops, typed together. */
export function modelOf(h: SubHistory): { model: Model<unknown, unknown>; ops: CheckOp<unknown>[] } {
  switch (h.model) {
    case "account":
      return { model: accountModel({ member: h.member }) as Model<unknown, unknown>, ops: h.ops };
    case "muteAll":
      return { model: muteAllModel() as Model<unknown, unknown>, ops: h.ops };
    case "messages":
      return { model: messagesModel() as Model<unknown, unknown>, ops: h.ops };
  }
}
