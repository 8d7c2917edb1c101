import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import {
  call,
  captureFaults,
  createGroup,
  fail,
  getMuted,
  groupStub,
  mute,
  mutedList,
  OK,
  T0,
  type TestClock,
  useTestClock,
} from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const state = (groupId: string) =>
  runInDurableObject(groupStub(groupId), async (_i, s) => ({
    alarm: await s.storage.getAlarm(),
    rows: s.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM mutes").one().n,
  }));

/** A real storage fault: the mutes table is out of reach until `heal`. */
const breakMutes = (groupId: string) =>
  runInDurableObject(groupStub(groupId), (_i, s) => void s.storage.sql.exec("ALTER TABLE mutes RENAME TO mutes_away"));
const heal = (groupId: string) =>
  runInDurableObject(groupStub(groupId), (_i, s) => void s.storage.sql.exec("ALTER TABLE mutes_away RENAME TO mutes"));

describe("a storage fault", () => {
  it("fails the sweep, retried with doubling backoff; meanwhile calls answer 10002 and change nothing", async () => {
    const g = await createGroup();
    await mute(g, ["short1", "short2"], 10);
    await mute(g, ["long"], 1000);
    clock.advance(10);

    await breakMutes(g);
    const { faults } = await captureFaults(async () => {
      expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
      expect(await runInDurableObject(groupStub(g), (_i, s) => s.storage.getAlarm())).toBe((T0 + 12) * 1000);
      // The envelope, never an exception: every call that needs the table is 10002, one that does not
      // still works.
      expect(await getMuted(g)).toEqual({
        ...fail(10002),
        ErrorInfo: "internal error; safe to retry",
      });
      expect(await mute(g, ["new"], 1)).toEqual({
        ...fail(10002),
        ErrorInfo: "internal error; safe to retry",
      });
      expect(await call("get_group_info", { GroupIdList: [g] })).toMatchObject({
        ...OK,
        GroupInfo: [{ GroupId: g, ErrorCode: 0 }],
      });

      // The retry fails too, and doubles the wait.
      clock.advance(2);
      expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
      expect(await runInDurableObject(groupStub(g), (_i, s) => s.storage.getAlarm())).toBe((T0 + 16) * 1000);
    });
    // Each failure is logged where it happened, with the sweep's attempt and wait; get_group_info logs none.
    const error = "Error: no such table: mutes: SQLITE_ERROR";
    expect(faults).toEqual([
      { event: "due_work_failed", kind: "mute-expiry", attempt: 1, retryInMs: 2000, error },
      { event: "listMuted_failed", error },
      { event: "forbid_failed", error },
      { event: "due_work_failed", kind: "mute-expiry", attempt: 2, retryInMs: 4000, error },
    ]);

    await heal(g);
    // Mutes work again at once, and one ending before the retry does not cut the backoff short.
    expect(await mute(g, ["soon"], 1)).toEqual(OK);
    expect(await state(g)).toEqual({ alarm: (T0 + 16) * 1000, rows: 4 });

    clock.advance(4);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await state(g)).toEqual({ alarm: (T0 + 1000) * 1000, rows: 1 });
    expect(await mutedList(g)).toEqual([{ Member_Account: "long", MutedUntil: T0 + 1000 }]);
    // No retry is pending any more: a mute that ends before the armed alarm moves it again.
    expect(await mute(g, ["b"], 5)).toEqual(OK);
    expect((await state(g)).alarm).toBe((T0 + 21) * 1000);
  });
});
