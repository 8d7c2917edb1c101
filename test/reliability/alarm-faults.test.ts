import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GroupObject } from "../../src/group/group-object";
import { MuteStore } from "../../src/group/mute-store";
import { OK, T0, call, createGroup, groupStub, useTestClock, type TestClock } from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const originalSweep = MuteStore.prototype.sweepDue;
/** The object's private profile read, patched to fail like storage would. */
const objectMethods = GroupObject.prototype as unknown as { profile: () => unknown };
const originalProfile = objectMethods.profile;
afterEach(() => {
  MuteStore.prototype.sweepDue = originalSweep;
  objectMethods.profile = originalProfile;
});

const state = (groupId: string) =>
  runInDurableObject(groupStub(groupId), async (_i, s) => ({
    alarm: await s.storage.getAlarm(),
    rows: s.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM mutes").one().n,
  }));

describe("a failing alarm run", () => {
  it("is retried with backoff until it succeeds, and reads stay exact meanwhile", async () => {
    const g = await createGroup();
    await call("forbid_send_msg", { GroupId: g, Members_Account: ["short1", "short2"], MuteTime: 10 });
    await call("forbid_send_msg", { GroupId: g, Members_Account: ["long"], MuteTime: 1000 });
    clock.advance(10);

    let failures = 0;
    MuteStore.prototype.sweepDue = function () {
      failures += 1;
      throw new Error("injected storage fault");
    };

    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(failures).toBe(1);
    // Nothing was removed, but nothing expired is listed either: reads compare with the clock.
    expect(await state(g)).toEqual({ alarm: (T0 + 10) * 1000 + 2000, rows: 3 });
    expect(await call("get_group_muted_account", { GroupId: g })).toEqual({
      ...OK,
      GroupId: g,
      MutedAccountList: [{ Member_Account: "long", MutedUntil: T0 + 1000 }],
    });

    // A second failure doubles the wait.
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect((await state(g)).alarm).toBe((T0 + 10) * 1000 + 4000);

    // Writes still work while the sweep is failing, and do not cut its backoff short,
    // not even a mute that ends before the retry.
    expect(await call("forbid_send_msg", { GroupId: g, Members_Account: ["new"], MuteTime: 500 })).toEqual(OK);
    expect(await call("forbid_send_msg", { GroupId: g, Members_Account: ["soon"], MuteTime: 1 })).toEqual(OK);
    expect((await state(g)).alarm).toBe((T0 + 10) * 1000 + 4000);

    MuteStore.prototype.sweepDue = originalSweep;
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await state(g)).toEqual({ alarm: (T0 + 11) * 1000, rows: 3 });
    expect((await call("get_group_muted_account", { GroupId: g })).MutedAccountList).toEqual([
      { Member_Account: "long", MutedUntil: T0 + 1000 },
      { Member_Account: "new", MutedUntil: T0 + 510 },
      { Member_Account: "soon", MutedUntil: T0 + 11 },
    ]);
  });

  it("a failure before the sweep is retried the same way, and mutes arm the alarm again afterwards", async () => {
    const g = await createGroup();
    await call("forbid_send_msg", { GroupId: g, Members_Account: ["a"], MuteTime: 10 });
    clock.advance(10);

    MuteStore.prototype.sweepDue = () => {
      throw new Error("injected storage fault");
    };
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect((await state(g)).alarm).toBe((T0 + 10) * 1000 + 2000);

    // The retry fails earlier, reading the group itself: still the object's own backoff.
    MuteStore.prototype.sweepDue = originalSweep;
    objectMethods.profile = () => {
      throw new Error("injected storage fault");
    };
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    objectMethods.profile = originalProfile;
    expect(await state(g)).toEqual({ alarm: (T0 + 10) * 1000 + 4000, rows: 1 });

    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await state(g)).toEqual({ alarm: null, rows: 0 });
    // No retry is pending any more: a new mute arms the alarm at its expiry.
    expect(await call("forbid_send_msg", { GroupId: g, Members_Account: ["b"], MuteTime: 5 })).toEqual(OK);
    expect((await state(g)).alarm).toBe((T0 + 15) * 1000);
  });
});
