import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { SWEEP_BATCH } from "../../src/group/mute-expiry";
import { PAUSE_MS as SWEEP_PAUSE_MS } from "../../src/scheduler/scheduler";
import { accounts, createGroup, groupStub, mute, mutedList, OK, T0, type TestClock, useTestClock } from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

async function alarmOf(groupId: string): Promise<number | null> {
  return runInDurableObject(groupStub(groupId), (_i, state) => state.storage.getAlarm());
}
async function rowCount(groupId: string): Promise<number> {
  return runInDurableObject(
    groupStub(groupId),
    (_i, state) => state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM mutes").one().n,
  );
}

describe("expiry by the clock, without the alarm", () => {
  it("a mute holds until its second and is gone at it, with no alarm run", async () => {
    const g = await createGroup();
    await mute(g, ["bob"], 60);
    clock.set(T0 + 59);
    expect(await mutedList(g)).toEqual([{ Member_Account: "bob", MutedUntil: T0 + 60 }]);
    clock.set(T0 + 60);
    expect(await mutedList(g)).toEqual([]);
    // The row is still stored: reads alone decide, the alarm only cleans up.
    expect(await rowCount(g)).toBe(1);
  });

  it("an expired row that the alarm has not removed yet can be muted again", async () => {
    const g = await createGroup();
    await mute(g, ["bob"], 10);
    clock.advance(20);
    await mute(g, ["bob"], 10);
    expect(await mutedList(g)).toEqual([{ Member_Account: "bob", MutedUntil: T0 + 30 }]);
  });
});

describe("the alarm", () => {
  it("is armed no later than the earliest finite expiry; a run with nothing due re-arms at the real one", async () => {
    const g = await createGroup();
    expect(await alarmOf(g)).toBeNull();
    await mute(g, ["a"], 300);
    expect(await alarmOf(g)).toBe((T0 + 300) * 1000);
    await mute(g, ["b"], 100);
    expect(await alarmOf(g)).toBe((T0 + 100) * 1000);
    await mute(g, ["c"], 200);
    expect(await alarmOf(g)).toBe((T0 + 100) * 1000);
    // Unmuting the earliest leaves the alarm early: no query, no alarm write on the mute path.
    await mute(g, ["b"], 0);
    expect(await alarmOf(g)).toBe((T0 + 100) * 1000);
    clock.advance(100);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await rowCount(g)).toBe(2);
    expect(await alarmOf(g)).toBe((T0 + 200) * 1000);
    // Extending the earliest mute leaves the alarm early too.
    await mute(g, ["c"], 400);
    expect(await alarmOf(g)).toBe((T0 + 200) * 1000);
    clock.advance(100);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await alarmOf(g)).toBe((T0 + 300) * 1000);
    await mute(g, ["a", "c"], 0);
    clock.advance(100);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await alarmOf(g)).toBeNull();
    expect(await rowCount(g)).toBe(0);
  });

  it("permanent mutes set no alarm", async () => {
    const g = await createGroup();
    await mute(g, ["forever"], 4294967295);
    expect(await alarmOf(g)).toBeNull();
    await mute(g, ["soon"], 5);
    expect(await alarmOf(g)).toBe((T0 + 5) * 1000);
    clock.advance(5);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await alarmOf(g)).toBeNull();
    expect(await mutedList(g)).toEqual([{ Member_Account: "forever", MutedUntil: 4294967295 }]);
  });

  it("removes due rows and re-arms for the next expiry", async () => {
    const g = await createGroup();
    await mute(g, ["a", "b"], 10);
    await mute(g, ["c"], 20);
    clock.advance(10);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await rowCount(g)).toBe(1);
    expect(await alarmOf(g)).toBe((T0 + 20) * 1000);
    expect(await mutedList(g)).toEqual([{ Member_Account: "c", MutedUntil: T0 + 20 }]);
    clock.advance(10);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await rowCount(g)).toBe(0);
    expect(await alarmOf(g)).toBeNull();
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(false);
  });

  it("an alarm that runs early removes nothing and stays armed", async () => {
    const g = await createGroup();
    await mute(g, ["a"], 60);
    clock.advance(30);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await rowCount(g)).toBe(1);
    expect(await alarmOf(g)).toBe((T0 + 60) * 1000);
    expect(await mutedList(g)).toHaveLength(1);
  });

  it(`sweeps in batches of ${SWEEP_BATCH}, re-arming ${SWEEP_PAUSE_MS} ms later while more are due`, async () => {
    const g = await createGroup();
    const total = 2 * SWEEP_BATCH + Math.floor(SWEEP_BATCH / 2);
    for (let i = 0; i < total; i += 500)
      expect(await mute(g, accounts(Math.min(500, total - i), `u${i}-`), 10)).toEqual(OK);
    await mute(g, ["later"], 1000);
    expect(await rowCount(g)).toBe(total + 1);

    clock.advance(10);
    expect(await mutedList(g)).toEqual([{ Member_Account: "later", MutedUntil: T0 + 1000 }]);
    const remaining: number[] = [];
    let runAt = (T0 + 10) * 1000;
    for (;;) {
      expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
      remaining.push(await rowCount(g));
      const next = await alarmOf(g);
      if (next === (T0 + 1000) * 1000) break;
      runAt += SWEEP_PAUSE_MS;
      expect(next).toBe(runAt);
      // The alarm fires when its time has come.
      clock.advance(SWEEP_PAUSE_MS / 1000);
    }
    expect(remaining).toEqual([total + 1 - SWEEP_BATCH, total + 1 - 2 * SWEEP_BATCH, 1]);
    expect(await alarmOf(g)).toBe((T0 + 1000) * 1000);
  });

  it("a sweep resumes where the last run stopped; a row falling due behind it is swept by the next pass", async () => {
    const g = await createGroup();
    // Due and not-yet-due rows alternate in account order, so each run must skip over live rows.
    const total = 2 * SWEEP_BATCH + Math.floor(SWEEP_BATCH / 2);
    const due = accounts(total, "k").filter((_, i) => i % 2 === 0);
    const live = accounts(total, "k").filter((_, i) => i % 2 === 1);
    expect(await mute(g, due, 10)).toEqual(OK);
    expect(await mute(g, live, 1000)).toEqual(OK);
    expect(await mute(g, ["a-early"], 20)).toEqual(OK);

    clock.advance(10);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await rowCount(g)).toBe(total + 1 - SWEEP_BATCH);
    // "a-early" sorts before where the first run stopped, and falls due now.
    clock.advance(10);
    while (await runDurableObjectAlarm(groupStub(g))) {
      if ((await alarmOf(g)) === (T0 + 1000) * 1000) break;
      clock.advance(SWEEP_PAUSE_MS / 1000);
    }
    expect(await rowCount(g)).toBe(live.length);
    expect(await mutedList(g)).toHaveLength(live.length);
    expect(await alarmOf(g)).toBe((T0 + 1000) * 1000);
  });

  it("mutes and the alarm survive the object being restarted", async () => {
    const g = await createGroup();
    await mute(g, ["a"], 100);
    await mute(g, ["b"], 200);
    await abortAllDurableObjects();
    expect(await mutedList(g)).toEqual([
      { Member_Account: "a", MutedUntil: T0 + 100 },
      { Member_Account: "b", MutedUntil: T0 + 200 },
    ]);
    // The new instance knows the armed alarm: an earlier mute moves it, a later one does not.
    await mute(g, ["c"], 300);
    expect(await alarmOf(g)).toBe((T0 + 100) * 1000);
    await mute(g, ["d"], 50);
    expect(await alarmOf(g)).toBe((T0 + 50) * 1000);
    await abortAllDurableObjects();
    clock.advance(100);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await alarmOf(g)).toBe((T0 + 200) * 1000);
    expect(await mutedList(g)).toEqual([
      { Member_Account: "b", MutedUntil: T0 + 200 },
      { Member_Account: "c", MutedUntil: T0 + 300 },
    ]);
  });
});
