import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import {
  accounts,
  asApp,
  CALLBACK_APP,
  call,
  createGroup,
  fail,
  groupStub,
  mute,
  OK,
  sendText,
  T0,
  type TestClock,
  useTestClock,
} from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const muteWhy = (GroupId: string, accounts: string[], MuteTime: number, Reason: string) =>
  call("forbid_send_msg", { GroupId, Members_Account: accounts, MuteTime, Reason });
const history = (GroupId: string, extra: Record<string, unknown> = {}) =>
  call("get_group_mute_history", { GroupId, ...extra });

describe("Reason (extension)", () => {
  it("is kept with the mute: in the lists, in member info and in the 10017 with the seconds left", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    expect(await muteWhy(g, ["bob"], 600, "spam links")).toEqual(OK);
    expect(await mute(g, ["eve"], 60)).toEqual(OK);
    expect((await call("get_group_muted_account", { GroupId: g })).MutedAccountList).toEqual([
      { Member_Account: "bob", MutedUntil: T0 + 600, Reason: "spam links" },
      { Member_Account: "eve", MutedUntil: T0 + 60 },
    ]);
    expect((await call("get_group_shutted_uin", { GroupId: g })).ShuttedUinList[0]).toEqual({
      Member_Account: "bob",
      ShuttedUntil: T0 + 600,
      Reason: "spam links",
    });
    const members = await call("get_group_member_info", { GroupId: g, MemberInfoFilter: ["MuteUntil"] });
    expect(members.MemberList).toEqual([
      { Member_Account: "owner", MuteUntil: 0, ShutUpUntil: 0 },
      { Member_Account: "bob", MuteUntil: T0 + 600, ShutUpUntil: T0 + 600, Reason: "spam links" },
    ]);
    clock.advance(2);
    expect(await sendText(g, "bob")).toEqual({
      ...fail(10017),
      ErrorInfo:
        `From_Account bob is muted in this group until ${T0 + 600} (Unix seconds); ` +
        "muted for 598 more seconds: spam links",
    });
    // An unmute clears it; a mute without one has none.
    await mute(g, ["bob"], 0);
    await mute(g, ["bob"], 60);
    expect((await call("get_group_muted_account", { GroupId: g })).MutedAccountList[0]).toEqual({
      Member_Account: "bob",
      MutedUntil: T0 + 62,
    });
  });

  it("modify_group_member_info and setnospeaking take it too; over 256 bytes is 10004", async () => {
    const g = await createGroup({ MemberList: [{ Member_Account: "bob" }, { Member_Account: "ann" }] });
    expect(
      await call("modify_group_member_info", { GroupId: g, Member_Account: "bob", MuteTime: 30, Reason: "flood" }),
    ).toEqual(OK);
    expect((await call("get_group_muted_account", { GroupId: g })).MutedAccountList).toEqual([
      { Member_Account: "bob", MutedUntil: T0 + 30, Reason: "flood" },
    ]);
    const config = { service: "openconfigsvr" };
    expect(
      await call("setnospeaking", { Set_Account: "ann", GroupmsgNospeakingTime: 100, Reason: "abuse" }, config),
    ).toEqual(OK);
    expect(await call("getnospeaking", { Get_Account: "ann" }, config)).toEqual({
      ...OK,
      C2CmsgNospeakingTime: 0,
      GroupmsgNospeakingTime: 100,
      Reason: "abuse",
    });
    expect((await sendText(g, "ann")).ErrorInfo).toBe(
      `From_Account ann is muted in every group of the app until ${T0 + 100} (Unix seconds); ` +
        "muted for 100 more seconds: abuse",
    );
    await call("setnospeaking", { Set_Account: "ann", GroupmsgNospeakingTime: 0 }, config);
    expect(await muteWhy(g, ["bob"], 30, "x".repeat(257))).toEqual({
      ...fail(10004),
      ErrorInfo: "Reason: must be at most 256 bytes",
    });
  });
});

describe("get_group_mute_history (extension)", () => {
  it("lists every mute, unmute, expiry and mute-all switch, newest first (a call's last account first)", async () => {
    const g = await createGroup({ Owner_Account: "owner" });
    await muteWhy(g, ["a", "b"], 10, "spam");
    clock.advance(1);
    await mute(g, ["a"], 0);
    await call("modify_group_base_info", { GroupId: g, MuteAllMember: "On" });
    clock.advance(10);
    await runDurableObjectAlarm(groupStub(g));
    const all = await history(g);
    expect(all).toEqual({
      ...OK,
      GroupId: g,
      Next: "",
      HistoryList: [
        {
          Time: T0 + 11,
          Action: "Expire",
          Member_Account: "b",
          Operator_Account: "",
          MutedUntil: T0 + 10,
          Reason: "spam",
        },
        {
          Time: T0 + 1,
          Action: "MuteAll",
          Member_Account: "",
          Operator_Account: "administrator",
          MutedUntil: 0,
          Reason: "",
        },
        {
          Time: T0 + 1,
          Action: "Unmute",
          Member_Account: "a",
          Operator_Account: "administrator",
          MutedUntil: 0,
          Reason: "spam",
        },
        {
          Time: T0,
          Action: "Mute",
          Member_Account: "b",
          Operator_Account: "administrator",
          MutedUntil: T0 + 10,
          Reason: "spam",
        },
        {
          Time: T0,
          Action: "Mute",
          Member_Account: "a",
          Operator_Account: "administrator",
          MutedUntil: T0 + 10,
          Reason: "spam",
        },
      ],
    });
    const first = await history(g, { Limit: 2 });
    expect(first.HistoryList.map((e: { Action: string }) => e.Action)).toEqual(["Expire", "MuteAll"]);
    const second = await history(g, { Limit: 2, Next: first.Next });
    expect(second.HistoryList.map((e: { Action: string }) => e.Action)).toEqual(["Unmute", "Mute"]);
    const last = await history(g, { Limit: 2, Next: second.Next });
    expect(last).toMatchObject({ Next: "", HistoryList: [{ Action: "Mute", Member_Account: "a" }] });
    const ofA = await history(g, { Member_Account: "a" });
    expect(ofA.HistoryList.map((e: { Action: string }) => e.Action)).toEqual(["Unmute", "Mute"]);
    expect(await history(g, { Next: "x" })).toEqual({
      ...fail(10004),
      ErrorInfo: 'Next: must be "" or the Next of the previous page',
    });
    expect(await history(g, { Limit: 101 })).toEqual({ ...fail(10004), ErrorInfo: "Limit: must be at most 100" });
    expect(await history("no-such-group")).toMatchObject(fail(10010));
  });

  it("an expiry that a later mute replaced before the sweep is still in the history", async () => {
    const g = await createGroup();
    await mute(g, ["a"], 10);
    clock.advance(20);
    await mute(g, ["a"], 30);
    expect(
      (await history(g)).HistoryList.map((e: { Action: string; MutedUntil: number }) => [e.Action, e.MutedUntil]),
    ).toEqual([
      ["Mute", T0 + 50],
      ["Expire", T0 + 10],
      ["Mute", T0 + 10],
    ]);
  });
});

describe("the history's bounds", () => {
  it("keeps at least the last 10,000 entries or 90 days, pruned by the alarm only once it is that long", async () => {
    const g = await createGroup();
    const rows = () =>
      runInDurableObject(
        groupStub(g),
        (_: unknown, state: DurableObjectState) =>
          state.storage.sql.exec<{ n: number }>("SELECT coalesce(sum(n), 0) AS n FROM mute_history").one().n,
      );
    for (let c = 0; c < 20; c++) await mute(g, accounts(500, `c${c}-`), 4294967295);
    // 10,000 entries: nothing to prune, no alarm for it.
    expect(await runInDurableObject(groupStub(g), (_: unknown, s: DurableObjectState) => s.storage.getAlarm())).toBe(
      null,
    );
    await mute(g, accounts(500, "c20-"), 4294967295);
    expect(await rows()).toBe(10_500);
    // Within 90 days nothing goes, however many.
    clock.advance(86_400);
    await runDurableObjectAlarm(groupStub(g));
    expect(await rows()).toBe(10_500);
    // Past 90 days, all but the last 10,000.
    clock.advance(90 * 86_400);
    await runDurableObjectAlarm(groupStub(g));
    expect(await rows()).toBe(10_000);
    expect((await history(g, { Limit: 1 })).HistoryList[0].Member_Account).toBe("c20-499");
  });
});

describe("Escalate (extension)", () => {
  it("mutes for the ladder's step after the mutes of the last decayDays; the last step repeats", async () => {
    // CALLBACK_APP's configuration has a ladder of 600, 3600, 86400 seconds over 30 days.
    const as = await asApp(CALLBACK_APP);
    const g = await createGroup({}, as);
    const escalate = (accounts: string[]) =>
      call("forbid_send_msg", { GroupId: g, Members_Account: accounts, Escalate: 1 }, as);
    const untils = async () =>
      Object.fromEntries(
        (await call("get_group_muted_account", { GroupId: g }, as)).MutedAccountList.map(
          (e: { Member_Account: string; MutedUntil: number }) => [e.Member_Account, e.MutedUntil - clock.now],
        ),
      );
    expect(await escalate(["a"])).toEqual(OK);
    expect(await untils()).toEqual({ a: 600 });
    expect(await escalate(["a", "b"])).toEqual(OK);
    expect(await untils()).toEqual({ a: 3600, b: 600 });
    await escalate(["a"]);
    await escalate(["a"]);
    expect((await untils()).a).toBe(86_400);
    // Past decayDays, the earlier mutes no longer count.
    clock.advance(31 * 86_400);
    await escalate(["a"]);
    expect((await untils()).a).toBe(600);
  });

  it("is 10004 without a ladder, and with MuteTime", async () => {
    const g = await createGroup();
    expect(await call("forbid_send_msg", { GroupId: g, Members_Account: ["a"], Escalate: 1 })).toEqual({
      ...fail(10004),
      ErrorInfo: "Escalate: this app has no muteLadder in its configuration",
    });
    expect(await call("forbid_send_msg", { GroupId: g, Members_Account: ["a"], Escalate: 1, MuteTime: 5 })).toEqual({
      ...fail(10004),
      ErrorInfo: "Escalate: give Escalate or MuteTime, not both",
    });
    expect(await call("forbid_send_msg", { GroupId: g, Members_Account: ["a"], Escalate: 2 })).toEqual({
      ...fail(10004),
      ErrorInfo: "Escalate: must be 1 (the next step of the app's muteLadder)",
    });
  });
});
