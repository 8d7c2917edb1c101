/**
 * The checker proven before it is trusted: a table of histories it must reject
 * (each a fault the service could have) and of histories it must accept
 * (concurrency, expiry at the boundary second, calls with no answer), its
 * minimization, and linearizable histories generated from the model itself.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CheckOp, check, minimize } from "./harness/checker";
import {
  type AccountChange,
  type AccountInput,
  accountModel,
  type MessageInput,
  type MuteAllInput,
  messagesModel,
  muteAllModel,
} from "./harness/model";

type A = CheckOp<AccountInput>;
let nextId = 0;
/**
 * An account operation over [from, to] in seconds of the recorder's clock,
 * which is the server's here (offset 0): its server window is the same seconds.
 */
function op(from: number, to: number, input: AccountChange, unknown = false): A {
  return {
    id: nextId++,
    inv: from * 1000,
    ret: to * 1000 + 999,
    input: { ...input, lo: from, hi: to } as AccountInput,
    ...(unknown ? { unknown: true } : {}),
  };
}
const mute = (from: number, to: number, seconds: number, unknown = false) =>
  op(from, to, { f: "mute", seconds }, unknown);
const unmute = (from: number, to: number, unknown = false) => op(from, to, { f: "unmute" }, unknown);
const read = (from: number, to: number, seen: { member?: boolean; until?: number; all?: boolean }) =>
  op(from, to, { f: "read", what: "test", ...seen });
const muteAll = (from: number, to: number, on: boolean) => op(from, to, { f: "muteAll", on });
const add = (from: number, to: number, result: 1 | 2 | null) => op(from, to, { f: "add", result }, result === null);
const del = (from: number, to: number) => op(from, to, { f: "delete" });
/** A send's answer: OK at MsgTime m (exactly that second), or refused. */
const sendOk = (m: number) => read(m, m, { member: true, until: 0, all: false });

const member = accountModel({ member: true });
const outsider = accountModel({ member: false });

/** Histories of one account that no order explains. */
const MUST_REJECT: [string, A[], typeof member?][] = [
  // A muted list served from before a mute that was answered before the list was asked.
  [
    "a stale read: the list misses a mute answered before it was asked",
    [mute(100, 100, 5), read(101, 101, { until: 0 })],
  ],
  // An acknowledged mute, gone at the next read (a crash dropped it), long before its end.
  ["a lost write: an answered mute is gone while it should hold", [mute(100, 100, 5), read(103, 103, { until: 0 })]],
  ["a lost write: an answered add is gone", [add(100, 100, 1), read(101, 101, { member: false })], outsider],
  // The list shows a mute whose call was made only after the list was answered.
  ["a read from the future: a mute seen before it was asked", [read(100, 100, { until: 105 }), mute(101, 101, 4)]],
  [
    "an unmute that came back: muted again after an unmute was seen",
    [mute(100, 100, 5), unmute(101, 101), read(101, 101, { until: 0 }), read(102, 102, { until: 105 })],
  ],
  ["a mute seen past its end", [mute(100, 100, 2), read(102, 102, { until: 102 })]],
  [
    "a mute seen with another end than any second of its call gives",
    [mute(100, 101, 5), read(102, 102, { until: 107 })],
  ],
  ["a send accepted from a muted member", [mute(100, 100, 5), sendOk(102)]],
  ["a send accepted while mute-all is on", [muteAll(100, 100, true), sendOk(101)]],
  ["add answers 'already a member' after a delete", [del(100, 100), op(101, 101, { f: "add", result: 2 })]],
  // A call with no answer cannot take effect after the server that had it was killed (its ret).
  [
    "an indeterminate mute taking effect after its server died",
    [mute(100, 100, 5, true), read(101, 101, { until: 0 }), read(102, 102, { until: 105 })],
  ],
  // Frames are read in the live log's order (their Seq): a frame cannot have seen an older state than one before it.
  [
    "two frames read against the live log's order",
    [mute(100, 101, 5), { ...read(100, 101, { until: 105 }), order: 4 }, { ...read(100, 101, { until: 0 }), order: 6 }],
  ],
  // Time never runs backwards: a second read cannot see the mute again once it was seen over.
  [
    "an expired mute seen again by a later read",
    [mute(100, 100, 3), read(103, 103, { until: 0 }), read(103, 104, { until: 103 })],
  ],
];

/** Histories of one account that some order explains. */
const MUST_ACCEPT: [string, A[], typeof member?][] = [
  ["a mute and a read at once: the read saw it", [mute(100, 101, 5), read(100, 101, { until: 105 })]],
  ["a mute and a read at once: the read came first", [mute(100, 101, 5), read(100, 101, { until: 0 })]],
  ["a mute seen until its last second", [mute(100, 100, 2), read(101, 101, { until: 102 })]],
  ["a mute over at its end second", [mute(100, 100, 2), read(102, 102, { until: 0 })]],
  ["a mute counted from either second its call spanned", [mute(100, 101, 5), read(102, 102, { until: 105 })]],
  ["the same, the later second", [mute(100, 101, 5), read(102, 102, { until: 106 })]],
  ["an indeterminate mute that took effect", [mute(100, 100, 5, true), read(101, 101, { until: 105 })]],
  ["an indeterminate mute that did not", [mute(100, 100, 5, true), read(101, 101, { until: 0 })]],
  [
    "an indeterminate unmute that took effect after a read saw the mute",
    [mute(100, 100, 5), unmute(101, 102, true), read(101, 101, { until: 105 }), read(103, 103, { until: 0 })],
  ],
  [
    "two frames in the live log's order, both concurrent with a mute",
    [mute(100, 101, 5), { ...read(100, 101, { until: 0 }), order: 4 }, { ...read(100, 101, { until: 105 }), order: 6 }],
  ],
  [
    "two concurrent mutes: the last one placed wins",
    [mute(100, 101, 5), mute(100, 101, 3), read(102, 102, { until: 103 })],
  ],
  [
    "mute-all read by a send's refusal, then off",
    [
      muteAll(100, 100, true),
      read(101, 101, { member: true, until: 0, all: true }),
      muteAll(102, 102, false),
      sendOk(103),
    ],
  ],
  [
    "membership: add, already in, delete, not a member",
    [add(100, 100, 1), op(101, 101, { f: "add", result: 2 }), del(102, 102), read(103, 103, { member: false })],
    outsider,
  ],
  [
    "an indeterminate add that took effect",
    [add(100, 100, null), op(101, 101, { f: "add", result: 2 }), read(102, 102, { member: true })],
    outsider,
  ],
];

describe("the checker's table", () => {
  for (const [name, ops, model] of MUST_REJECT) {
    it(`rejects ${name}`, () => {
      expect(check(model ?? member, ops).linearizable).toBe(false);
    });
  }
  for (const [name, ops, model] of MUST_ACCEPT) {
    it(`accepts ${name}`, () => {
      expect(check(model ?? member, ops).linearizable).toBe(true);
    });
  }

  it("rejects a MsgSeq answered twice (a message lost by a crash), accepts a gap an unanswered send explains", () => {
    const send = (id: number, from: number, to: number, seq: number | null): CheckOp<MessageInput> => ({
      id,
      inv: from,
      ret: to,
      input: { f: "send", what: "test", seq },
      ...(seq === null ? { unknown: true } : {}),
    });
    expect(check(messagesModel(), [send(0, 0, 1, 1), send(1, 2, 3, 2), send(2, 4, 5, 2)]).linearizable).toBe(false);
    expect(check(messagesModel(), [send(0, 0, 1, 1), send(1, 2, 3, 3)]).linearizable).toBe(false);
    expect(check(messagesModel(), [send(0, 0, 1, 1), send(1, 0, 1, null), send(2, 2, 3, 3)]).linearizable).toBe(true);
    expect(check(messagesModel(), [send(0, 0, 1, 1), send(1, 0, 1, null), send(2, 2, 3, 2)]).linearizable).toBe(true);
    // Concurrent sends may be answered in any order of their numbers.
    expect(check(messagesModel(), [send(0, 0, 5, 2), send(1, 0, 5, 1)]).linearizable).toBe(true);
  });

  it("rejects a mute-all switched on that a later read sees off", () => {
    const o = (id: number, from: number, to: number, input: MuteAllInput): CheckOp<MuteAllInput> => ({
      id,
      inv: from,
      ret: to,
      input,
    });
    const on = o(0, 0, 1, { f: "muteAll", on: true });
    expect(check(muteAllModel(), [on, o(1, 2, 3, { f: "read", what: "test", all: false })]).linearizable).toBe(false);
    expect(check(muteAllModel(), [on, o(1, 0, 3, { f: "read", what: "test", all: false })]).linearizable).toBe(true);
  });

  it("answers unknown, never a verdict, when the search is over its budget", () => {
    const ops = Array.from({ length: 12 }, (_, i) => mute(100, 110, 1 + (i % 5), true));
    expect(check(member, [...ops, read(111, 111, { until: 1 })], 50).linearizable).toBe("unknown");
  });

  it("minimizes a rejected history to the operations that conflict", () => {
    const noise = Array.from({ length: 30 }, (_, i) => read(90 + (i % 5), 90 + (i % 5), { member: true, until: 0 }));
    const stale = read(104, 104, { until: 0 });
    const history = [...noise, mute(100, 100, 10), read(101, 101, { until: 110 }), stale, read(105, 105, {})];
    expect(check(member, history).linearizable).toBe(false);
    const small = minimize(member, history);
    expect(small.map((o) => o.input.f)).toEqual(["mute", "read"]);
    expect(small[1]!.id).toBe(stale.id);
    expect(check(member, small).linearizable).toBe(false);
  });

  it("accepts every history recorded from a serial run of the model, whatever the overlaps", () => {
    // Each operation takes effect at one instant inside its window: such a history is linearizable by construction.
    const step = fc.oneof(
      fc.record({ f: fc.constant("mute" as const), seconds: fc.integer({ min: 1, max: 5 }) }),
      fc.constant({ f: "unmute" as const }),
      fc.record({ f: fc.constant("muteAll" as const), on: fc.boolean() }),
      fc.constant({ f: "add" as const }),
      fc.constant({ f: "delete" as const }),
      fc.constant({ f: "read" as const }),
    );
    const plan = fc.array(
      fc.record({
        step,
        gapMs: fc.integer({ min: 0, max: 900 }),
        before: fc.integer({ min: 0, max: 1500 }),
        after: fc.integer({ min: 0, max: 1500 }),
        unknown: fc.boolean(),
      }),
      { minLength: 1, maxLength: 40 },
    );
    fc.assert(
      fc.property(plan, (steps) => {
        let nowMs = 100_000;
        const state = { member: true, until: 0, all: false };
        const ops: A[] = [];
        steps.forEach((p, id) => {
          nowMs += p.gapMs;
          const s = Math.floor(nowMs / 1000);
          if (state.until <= s) state.until = 0;
          const inv = nowMs - p.before;
          const ret = nowMs + p.after;
          const w = { lo: Math.floor(inv / 1000), hi: Math.floor(ret / 1000) };
          // A call with no answer may have done nothing: half of them did, half not.
          const unknown = p.unknown && p.step.f !== "read";
          const applied = !unknown || id % 2 === 0;
          let input: AccountInput;
          switch (p.step.f) {
            case "mute":
              if (applied) state.until = s + p.step.seconds;
              input = { ...w, f: "mute", seconds: p.step.seconds };
              break;
            case "unmute":
              if (applied) state.until = 0;
              input = { ...w, f: "unmute" };
              break;
            case "muteAll":
              if (applied) state.all = p.step.on;
              input = { ...w, f: "muteAll", on: p.step.on };
              break;
            case "add":
              input = { ...w, f: "add", result: unknown ? null : state.member ? 2 : 1 };
              if (applied) state.member = true;
              break;
            case "delete":
              if (applied) state.member = false;
              input = { ...w, f: "delete" };
              break;
            case "read":
              input = { ...w, f: "read", what: "test", member: state.member, until: state.until, all: state.all };
              break;
          }
          // Half the reads are frames: they carry their place in the serial order, as the live log's Seq does.
          const order = p.step.f === "read" && p.unknown ? { order: id } : {};
          ops.push({ id, inv, ret, input, ...(unknown ? { unknown: true } : {}), ...order });
        });
        expect(check(member, ops).linearizable).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
