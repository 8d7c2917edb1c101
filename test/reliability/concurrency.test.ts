import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MuteStore } from "../../src/group/mute-store";
import {
  asApp,
  createGroup,
  getMuted,
  mute,
  mutedAnswer,
  mutedList,
  T0,
  UNLIMITED_APP,
  useTestClock,
} from "../helpers";

beforeEach(() => void useTestClock());

/** The mute store's two writes, wrapped to record the order in which the group object applies calls. */
const { muteUntil, unmute } = MuteStore.prototype;
afterEach(() => {
  Object.assign(MuteStore.prototype, { muteUntil, unmute });
});

describe("concurrent mutes and unmutes of one account", () => {
  it("1,000 concurrent calls end in the state of the last call the group object applied", async () => {
    const as = await asApp(UNLIMITED_APP);
    const g = await createGroup({ Owner_Account: "owner" }, as);

    // The object runs in this isolate: record the order in which it writes the calls (as durations).
    const applied: number[] = [];
    MuteStore.prototype.muteUntil = function (this: MuteStore, scope: string, accounts: string, until: number) {
      muteUntil.call(this, scope, accounts, until);
      applied.push(until - T0);
    };
    MuteStore.prototype.unmute = function (this: MuteStore, scope: string, accounts: string) {
      const removed = unmute.call(this, scope, accounts);
      applied.push(0);
      return removed;
    };

    // Every third call unmutes; the others mute for a duration unique to the call.
    const durations = Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? 0 : 1000 + i));
    const answers = await Promise.all(durations.map((seconds) => mute(g, ["target"], seconds, as)));
    expect(answers.filter((a) => a.ErrorCode !== 0)).toEqual([]);
    expect(answers.every((a) => a.ActionStatus === "OK" && a.ErrorInfo === "")).toBe(true);
    expect(applied).toHaveLength(1000);
    expect([...applied].sort((a, b) => a - b)).toEqual([...durations].sort((a, b) => a - b));

    const last = applied.at(-1)!;
    expect(await getMuted(g, as)).toEqual(
      mutedAnswer(g, last === 0 ? [] : [{ Member_Account: "target", MutedUntil: T0 + last }]),
    );
  }, 60_000);

  it("concurrent calls on different accounts all take effect", async () => {
    const as = await asApp(UNLIMITED_APP);
    const g = await createGroup({}, as);
    const answers = await Promise.all(Array.from({ length: 300 }, (_, i) => mute(g, [`a${i}`, `b${i}`], 60 + i, as)));
    expect(answers.every((a) => a.ErrorCode === 0)).toBe(true);
    const listed = await mutedList(g, as);
    expect(listed).toHaveLength(600);
    expect(listed).toContainEqual({ Member_Account: "b299", MutedUntil: T0 + 60 + 299 });
  });
});
