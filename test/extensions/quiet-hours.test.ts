import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { call, createGroup, fail, groupStub, OK, sendText, type TestClock, useTestClock } from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

/**
 * The dates are in 2082, a year with 2026's calendar (the same weekdays, Europe/Berlin's clocks go
 * forward on the same Sunday), far from real time like T0: an alarm armed for a past instant would
 * fire on its own, racing the test (and workerd prints a line about the race).
 */
const at = (iso: string) => clock.set(Date.parse(iso) / 1000);
const schedule = (GroupId: string, MuteAllSchedule: unknown) =>
  call("modify_group_base_info", { GroupId, MuteAllSchedule });
const muteAll = async (GroupId: string) =>
  (await call("get_group_info", { GroupIdList: [GroupId] })).GroupInfo[0].MuteAllMember;
const group = () =>
  createGroup({
    Owner_Account: "owner",
    MemberList: [{ Member_Account: "bob" }, { Member_Account: "adm", Role: "Admin" }],
  });

describe("MuteAllSchedule (extension)", () => {
  it("a window past midnight, in the group's time zone, mutes all but owner and admins while open", async () => {
    at("2082-12-07T12:00:00Z"); // Monday 20:00 in Shanghai
    const g = await group();
    const nightly = [{ Days: [1, 2, 3, 4, 5, 6, 7], Start: "23:00", End: "07:00", TimeZone: "Asia/Shanghai" }];
    expect(await schedule(g, nightly)).toEqual(OK);
    expect(await sendText(g, "bob")).toMatchObject(OK);
    const info = (await call("get_group_info", { GroupIdList: [g] })).GroupInfo[0];
    expect(info).toMatchObject({ MuteAllMember: "Off", ShutUpAllMember: "Off", MuteAllSchedule: nightly });

    at("2082-12-07T15:30:00Z"); // Monday 23:30 there
    expect(await muteAll(g)).toBe("On");
    expect(await sendText(g, "bob")).toEqual({
      ...fail(10017),
      ErrorInfo: "the group is muted (MuteAllMember is On); only its owner and admins can send",
    });
    expect(await sendText(g, "adm")).toMatchObject(OK);
    at("2082-12-07T22:59:00Z"); // Tuesday 06:59
    expect(await muteAll(g)).toBe("On");
    at("2082-12-07T23:00:00Z"); // Tuesday 07:00: over
    expect(await muteAll(g)).toBe("Off");
    expect(await sendText(g, "bob")).toMatchObject(OK);
  });

  it("follows the zone's daylight-saving change: a wall-clock window stays wall-clock", async () => {
    // Europe/Berlin, Sunday 29 March 2082: 02:00 becomes 03:00. The window 01:00-04:00 lasts two real hours.
    at("2082-03-28T12:00:00Z");
    const g = await group();
    await schedule(g, [{ Days: [7], Start: "01:00", End: "04:00", TimeZone: "Europe/Berlin" }]);
    at("2082-03-28T23:59:00Z"); // 00:59 CET
    expect(await muteAll(g)).toBe("Off");
    at("2082-03-29T00:30:00Z"); // 01:30 CET
    expect(await muteAll(g)).toBe("On");
    at("2082-03-29T01:30:00Z"); // 03:30 CEST
    expect(await muteAll(g)).toBe("On");
    at("2082-03-29T02:00:00Z"); // 04:00 CEST
    expect(await muteAll(g)).toBe("Off");
  });

  it("MuteAllMember Off during an open window ends that occurrence; the next one mutes again", async () => {
    at("2082-12-07T15:30:00Z"); // Monday 23:30 in Shanghai
    const g = await group();
    await schedule(g, [{ Days: [1, 2], Start: "23:00", End: "07:00", TimeZone: "Asia/Shanghai" }]);
    expect(await muteAll(g)).toBe("On");
    expect(await call("modify_group_base_info", { GroupId: g, MuteAllMember: "Off" })).toEqual(OK);
    expect(await muteAll(g)).toBe("Off");
    expect(await sendText(g, "bob")).toMatchObject(OK);
    at("2082-12-08T15:30:00Z"); // Tuesday 23:30: the next occurrence
    expect(await muteAll(g)).toBe("On");
    // On stays on until turned Off, past the window.
    await call("modify_group_base_info", { GroupId: g, MuteAllMember: "On" });
    at("2082-12-09T12:00:00Z");
    expect(await muteAll(g)).toBe("On");
    // [] clears the schedule.
    await call("modify_group_base_info", { GroupId: g, MuteAllMember: "Off", MuteAllSchedule: [] });
    at("2082-12-08T15:30:00Z");
    const info = (await call("get_group_info", { GroupIdList: [g] })).GroupInfo[0];
    expect(info.MuteAllMember).toBe("Off");
    expect(info).not.toHaveProperty("MuteAllSchedule");
  });

  it("refuses what is not a schedule (10004, naming the field) and groups that cannot mute (10007)", async () => {
    const g = await group();
    const w = { Days: [1], Start: "23:00", End: "07:00", TimeZone: "Asia/Shanghai" };
    for (const [bad, info] of [
      [
        [{ ...w, TimeZone: "Mars/Olympus" }],
        "MuteAllSchedule[0].TimeZone: must be an IANA time zone, like Asia/Shanghai",
      ],
      [[{ ...w, Start: "24:00" }], 'MuteAllSchedule[0].Start: must be "HH:MM", 00:00 to 23:59'],
      [[{ ...w, Days: [0] }], "MuteAllSchedule[0].Days[0]: must be an ISO weekday, 1 (Monday) to 7"],
      [[{ ...w, Days: [1, 1] }], "MuteAllSchedule[0].Days: must not name a weekday twice"],
      [Array(9).fill(w), "MuteAllSchedule: must hold at most 8 windows"],
      ["nightly", "MuteAllSchedule: must be an array of {Days, Start, End, TimeZone}"],
    ] as const) {
      expect(await schedule(g, bad)).toEqual({ ...fail(10004), ErrorInfo: info });
    }
    const work = await createGroup({ Type: "Work" });
    expect(await schedule(work, [w])).toMatchObject(fail(10007));
    expect(await schedule(work, [])).toEqual(OK);
  });

  it("the alarm drives the edges: MuteAll when a window opens, UnmuteAll when it closes, in the history", async () => {
    at("2082-12-07T12:00:00Z"); // Monday 20:00 in Shanghai
    const g = await group();
    await schedule(g, [{ Days: [1], Start: "23:00", End: "07:00", TimeZone: "Asia/Shanghai" }]);
    const alarm = () => runInDurableObject(groupStub(g), (_: unknown, s: DurableObjectState) => s.storage.getAlarm());
    expect(await alarm()).toBe(Date.parse("2082-12-07T15:00:00Z"));
    at("2082-12-07T15:00:00Z");
    await runDurableObjectAlarm(groupStub(g));
    expect(await alarm()).toBe(Date.parse("2082-12-07T23:00:00Z"));
    at("2082-12-07T23:00:00Z");
    await runDurableObjectAlarm(groupStub(g));
    const h = await call("get_group_mute_history", { GroupId: g });
    expect(
      h.HistoryList.map((e: { Action: string; Time: number; Operator_Account: string }) => [
        e.Action,
        e.Time,
        e.Operator_Account,
      ]),
    ).toEqual([
      ["UnmuteAll", Date.parse("2082-12-07T23:00:00Z") / 1000, ""],
      ["MuteAll", Date.parse("2082-12-07T15:00:00Z") / 1000, ""],
    ]);
    // The next Monday's window, a week later.
    expect(await alarm()).toBe(Date.parse("2082-12-14T15:00:00Z"));
  });

  it("a day of quiet hours costs two alarm runs, each writing its history entry and the schedule", async () => {
    at("2082-12-07T12:00:00Z"); // Monday 20:00 in Shanghai
    const g = await group();
    await schedule(g, [{ Days: [1], Start: "23:00", End: "07:00", TimeZone: "Asia/Shanghai" }]);
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      for (const edge of ["2082-12-07T15:00:00Z", "2082-12-07T23:00:00Z"]) {
        at(edge);
        await runDurableObjectAlarm(groupStub(g));
      }
    } finally {
      spy.mockRestore();
    }
    // docs/benchmarks.md prices it: per edge its MuteAll or UnmuteAll history row and the schedule's row.
    const runs = lines.filter((l) => l.includes('"event":"group_alarm"')).map((l) => JSON.parse(l));
    expect(runs.map((r) => r.rowsWritten)).toEqual([2, 2]);
  });

  it("an alarm that comes late records every edge it missed, each at its own time", async () => {
    at("2082-12-07T12:00:00Z"); // Monday 20:00 in Shanghai
    const g = await group();
    await schedule(g, [
      { Days: [1], Start: "23:00", End: "07:00", TimeZone: "Asia/Shanghai" },
      { Days: [2], Start: "12:00", End: "13:00", TimeZone: "Asia/Shanghai" },
    ]);
    // Down from before the first window opens until after the second one closed: one run, four edges.
    at("2082-12-08T06:00:00Z");
    await runDurableObjectAlarm(groupStub(g));
    const h = await call("get_group_mute_history", { GroupId: g });
    const seconds = (iso: string) => Date.parse(iso) / 1000;
    expect(h.HistoryList.map((e: { Action: string; Time: number }) => [e.Action, e.Time])).toEqual([
      ["UnmuteAll", seconds("2082-12-08T05:00:00Z")],
      ["MuteAll", seconds("2082-12-08T04:00:00Z")],
      ["UnmuteAll", seconds("2082-12-07T23:00:00Z")],
      ["MuteAll", seconds("2082-12-07T15:00:00Z")],
    ]);
    // Then due at the next edge, a week after the first.
    const alarm = await runInDurableObject(groupStub(g), (_: unknown, s: DurableObjectState) => s.storage.getAlarm());
    expect(alarm).toBe(Date.parse("2082-12-14T15:00:00Z"));
  });

  it("a switch that changes whether the group is muted for all is in the history", async () => {
    at("2082-12-07T15:30:00Z");
    const g = await group();
    await schedule(g, [{ Days: [1], Start: "23:00", End: "07:00", TimeZone: "Asia/Shanghai" }]);
    await call("modify_group_base_info", { GroupId: g, MuteAllMember: "Off" });
    const h = await call("get_group_mute_history", { GroupId: g });
    expect(h.HistoryList.map((e: { Action: string }) => e.Action)).toEqual(["UnmuteAll", "MuteAll"]);
  });
});
