import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { MAX_BAN_ACCOUNTS } from "../../src/commands/ban-fields";
import type { GroupSpec } from "../../src/contract/group-rpc";
import { connect } from "../fixtures/live-socket";
import {
  accounts,
  asApp,
  type CallOptions,
  call,
  createGroup,
  DEMO_APP,
  fail,
  groupStub,
  OK,
  rpcAnswer,
  SECOND_APP,
  sendText,
  T0,
  type TestClock,
  useTestClock,
} from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

/** Creates `groupId` straight in its object: Tencent's examples name GroupIds that create_group reserves (@TGS#). */
async function createAs(groupId: string, type: GroupSpec["type"], sdkappid = DEMO_APP.sdkappid): Promise<void> {
  const spec: GroupSpec = { groupId, type, name: "example", owner: "", members: [], profile: {}, supportTopic: false };
  expect(rpcAnswer(await groupStub(groupId, sdkappid).create(spec))).toEqual({ groupId });
}

const ban = (GroupId: string, Members_Account: string[], Duration: number, extra: Record<string, unknown> = {}) =>
  call("ban_group_member", { GroupId, Members_Account, Duration, ...extra });
const unban = (GroupId: string, Members_Account: string[]) => call("unban_group_member", { GroupId, Members_Account });
const banList = (GroupId: string, Offset = 0, Limit?: number, o: CallOptions = {}) =>
  call("get_group_ban_member", { GroupId, Offset, ...(Limit === undefined ? {} : { Limit }) }, o);
const memberNames = async (GroupId: string): Promise<string[]> =>
  (await call("get_group_member_info", { GroupId })).MemberList.map(
    (m: { Member_Account: string }) => m.Member_Account,
  );
const add = (GroupId: string, names: string[]) =>
  call("add_group_member", { GroupId, MemberList: names.map((Member_Account) => ({ Member_Account })) });
const history = async (GroupId: string, account?: string) =>
  (await call("get_group_mute_history", { GroupId, ...(account === undefined ? {} : { Member_Account: account }) }))
    .HistoryList;
const banRows = (GroupId: string) =>
  runInDurableObject(groupStub(GroupId), (_o, state) =>
    state.storage.sql.exec<{ account: string }>("SELECT account FROM bans ORDER BY seq").toArray(),
  );
const alarmOf = (GroupId: string) => runInDurableObject(groupStub(GroupId), (_o, s) => s.storage.getAlarm());

const withMembers = () =>
  createGroup({
    Owner_Account: "owner",
    MemberList: [{ Member_Account: "bob" }, { Member_Account: "ann" }, { Member_Account: "adm", Role: "Admin" }],
  });

describe("Tencent's examples", () => {
  it("ban_group_member and unban_group_member answer the documented bodies as documented", async () => {
    await createAs("@TGS#aJRGC4MH6", "AVChatRoom");
    const banned = await call("ban_group_member", {
      GroupId: "@TGS#aJRGC4MH6",
      Members_Account: ["brennanli3", "brennanli12"],
      Duration: 3600,
      Description: "you are banned because of irregularities",
    });
    expect(banned).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 });
    expect(
      await call("unban_group_member", { GroupId: "@TGS#aJRGC4MH6", Members_Account: ["brennanli3", "brennanli12"] }),
    ).toEqual({ ActionStatus: "OK", ErrorInfo: "", ErrorCode: 0 });
    expect((await banList("@TGS#aJRGC4MH6")).BannedAccountList).toEqual([]);
  });

  it("get_group_ban_member answers the documented list, NextOffset and all", async () => {
    // The example's ends are 1660875916: two accounts banned for an hour before it.
    clock.set(1660875916 - 3600);
    const o = await asApp(SECOND_APP);
    await createAs("@TGS#aJRGC4MH6", "AVChatRoom", SECOND_APP.sdkappid);
    const body = { GroupId: "@TGS#aJRGC4MH6", Members_Account: ["brennanli1", "brennanli12"], Duration: 3600 };
    expect(await call("ban_group_member", body, o)).toEqual(OK);
    expect(await call("get_group_ban_member", { GroupId: "@TGS#aJRGC4MH6", Limit: 20, Offset: 0 }, o)).toEqual({
      ActionStatus: "OK",
      BannedAccountList: [
        { BannedUntil: 1660875916, Member_Account: "brennanli1" },
        { BannedUntil: 1660875916, Member_Account: "brennanli12" },
      ],
      ErrorCode: 0,
      ErrorInfo: "",
      NextOffset: 2,
    });
    // From the NextOffset on, nothing is left: 0 says the list is done.
    expect(await call("get_group_ban_member", { GroupId: "@TGS#aJRGC4MH6", Limit: 20, Offset: 2 }, o)).toEqual({
      ...OK,
      BannedAccountList: [],
      NextOffset: 0,
    });
  });
});

describe("ban_group_member", () => {
  it("removes the members, keeps them out of add_group_member (Result 0) and writes a Ban entry", async () => {
    const g = await withMembers();
    expect(await ban(g, ["bob", "adm", "stranger"], 600, { Description: "spam" })).toEqual(OK);
    expect(await memberNames(g)).toEqual(["owner", "ann"]);
    expect((await call("get_group_info", { GroupIdList: [g] })).GroupInfo[0].MemberNum).toBe(2);
    expect(await add(g, ["bob", "cy", "stranger"])).toEqual({
      ...OK,
      MemberList: [
        { Member_Account: "bob", Result: 0 },
        { Member_Account: "cy", Result: 1 },
        { Member_Account: "stranger", Result: 0 },
      ],
    });
    expect(await banList(g)).toEqual({
      ...OK,
      BannedAccountList: [
        { BannedUntil: T0 + 600, Member_Account: "bob" },
        { BannedUntil: T0 + 600, Member_Account: "adm" },
        { BannedUntil: T0 + 600, Member_Account: "stranger" },
      ],
      NextOffset: 3,
    });
    expect(await history(g, "bob")).toEqual([
      {
        Time: T0,
        Action: "Ban",
        Member_Account: "bob",
        Operator_Account: DEMO_APP.admin,
        MutedUntil: T0 + 600,
        Reason: "spam",
      },
    ]);
    // A removed member cannot send; its mute history and the ban stay its own.
    expect(await sendText(g, "bob")).toMatchObject(fail(10007));
  });

  it("refuses the owner with 10007 and bans nobody; every type but BChatRoom can ban", async () => {
    const g = await withMembers();
    const refused = await ban(g, ["bob", "owner"], 60);
    expect(refused).toEqual({
      ...fail(10007),
      ErrorInfo: "Members_Account: owner is the group owner and cannot be banned",
    });
    expect(await memberNames(g)).toEqual(["owner", "adm", "ann", "bob"]);
    expect((await banList(g)).BannedAccountList).toEqual([]);
    for (const Type of ["Public", "Private", "Work", "ChatRoom", "Meeting", "AVChatRoom", "Community"]) {
      const id = await createGroup({ Type });
      expect(await ban(id, ["x"], 60), Type).toEqual(OK);
      expect(await unban(id, ["x"]), Type).toEqual(OK);
    }
    const b = await createGroup({ Type: "BChatRoom" });
    const why = "BChatRoom groups cannot ban accounts: only the app admin takes part in them";
    expect(await ban(b, ["x"], 60)).toEqual({ ...fail(10007), ErrorInfo: why });
    expect(await unban(b, ["x"])).toEqual({ ...fail(10007), ErrorInfo: why });
    expect(await banList(b)).toEqual({ ...fail(10007), ErrorInfo: why });
  });

  it("refuses bad bodies naming the field, changing nothing", async () => {
    const g = await withMembers();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ Duration: 60 }, 10004, "Members_Account: is required"],
      [{ Members_Account: [], Duration: 60 }, 10004, "Members_Account: must name at least one account"],
      [{ Members_Account: "bob", Duration: 60 }, 10004, "Members_Account: must be an array of account strings"],
      [{ Members_Account: [""], Duration: 60 }, 10004, "Members_Account[0]: must be 1 to 32 bytes"],
      [
        { Members_Account: accounts(MAX_BAN_ACCOUNTS + 1), Duration: 60 },
        10005,
        "Members_Account: must name at most 20 distinct accounts",
      ],
      [{ Members_Account: accounts(201), Duration: 60 }, 10004, "Members_Account: must hold at most 200 entries"],
      [{ Members_Account: ["bob"] }, 10004, "Duration: is required"],
      [
        { Members_Account: ["bob"], Duration: 0 },
        10004,
        "Duration: must be at least 1 second (unban_group_member lifts a ban)",
      ],
      [{ Members_Account: ["bob"], Duration: 4294967296 }, 10004, "Duration: must be at most 4294967295"],
      [{ Members_Account: ["bob"], Duration: "60" }, 10004, "Duration: must be a number, not string"],
      [
        { Members_Account: ["bob"], Duration: 60, Description: "é".repeat(501) },
        10004,
        "Description: must be at most 1000 bytes",
      ],
    ];
    for (const [body, code, info] of cases) {
      expect(await call("ban_group_member", { GroupId: g, ...body }), info).toEqual({ ...fail(code), ErrorInfo: info });
    }
    expect(await ban("bad id", ["bob"], 60)).toMatchObject(fail(10015));
    expect(await ban("no-such-group", ["bob"], 60)).toMatchObject(fail(10010));
    expect(await memberNames(g)).toEqual(["owner", "adm", "ann", "bob"]);
    expect((await banList(g)).BannedAccountList).toEqual([]);
    expect(await history(g)).toEqual([]);
    // Repeats count once: twenty distinct accounts, each twice, is a valid list.
    expect(await ban(g, [...accounts(20), ...accounts(20)], 60, { Description: "é".repeat(500) })).toEqual(OK);
    expect((await banList(g, 0, 100)).BannedAccountList).toHaveLength(20);
  });

  it("a permanent ban (4294967295, or an end past it) never ends and sets no alarm", async () => {
    const g = await withMembers();
    expect(await ban(g, ["bob"], 4294967295)).toEqual(OK);
    expect(await ban(g, ["ann"], 4294967295 - 1)).toEqual(OK);
    expect(await alarmOf(g)).toBeNull();
    clock.advance(10 * 365 * 86400);
    expect((await banList(g)).BannedAccountList).toEqual([
      { BannedUntil: 4294967295, Member_Account: "bob" },
      { BannedUntil: 4294967295, Member_Account: "ann" },
    ]);
  });
});

describe("a ban ends by itself", () => {
  it("read after its end without the alarm: off the list, and the account may be added again", async () => {
    const g = await withMembers();
    await ban(g, ["bob"], 60);
    clock.set(T0 + 59);
    expect(await add(g, ["bob"])).toMatchObject({ MemberList: [{ Member_Account: "bob", Result: 0 }] });
    expect((await banList(g)).BannedAccountList).toHaveLength(1);
    clock.set(T0 + 60);
    expect(await banList(g)).toEqual({ ...OK, BannedAccountList: [], NextOffset: 0 });
    // The row is still there: the reads alone decided.
    expect(await banRows(g)).toEqual([{ account: "bob" }]);
    expect(await add(g, ["bob"])).toMatchObject({ MemberList: [{ Member_Account: "bob", Result: 1 }] });
  });

  it("the one alarm lifts it at its end, as an Unban without operator, and re-arms for the next", async () => {
    const g = await withMembers();
    await call("forbid_send_msg", { GroupId: g, Members_Account: ["ann"], MuteTime: 30 });
    await ban(g, ["bob"], 60, { Description: "spam" });
    await ban(g, ["adm"], 120);
    // One alarm, at the earliest of the mute and the bans.
    expect(await alarmOf(g)).toBe((T0 + 30) * 1000);
    clock.set(T0 + 30);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await alarmOf(g)).toBe((T0 + 60) * 1000);
    clock.set(T0 + 60);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await banRows(g)).toEqual([{ account: "adm" }]);
    expect(await alarmOf(g)).toBe((T0 + 120) * 1000);
    expect(await history(g, "bob")).toEqual([
      {
        Time: T0 + 60,
        Action: "Unban",
        Member_Account: "bob",
        Operator_Account: "",
        MutedUntil: T0 + 60,
        Reason: "spam",
      },
      {
        Time: T0,
        Action: "Ban",
        Member_Account: "bob",
        Operator_Account: DEMO_APP.admin,
        MutedUntil: T0 + 60,
        Reason: "spam",
      },
    ]);
    clock.set(T0 + 120);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await banRows(g)).toEqual([]);
    expect(await alarmOf(g)).toBeNull();
    // Lifted is not added back.
    expect(await memberNames(g)).toEqual(["owner", "ann"]);
  });

  it("a ban that ended unswept is recorded as ended before a new ban of the account", async () => {
    const g = await withMembers();
    await ban(g, ["bob"], 10);
    clock.advance(20);
    await ban(g, ["bob"], 10);
    expect(
      (await history(g, "bob")).map((e: { Action: string; Operator_Account: string; MutedUntil: number }) => [
        e.Action,
        e.Operator_Account,
        e.MutedUntil,
      ]),
    ).toEqual([
      ["Ban", DEMO_APP.admin, T0 + 30],
      ["Unban", "", T0 + 10],
      ["Ban", DEMO_APP.admin, T0 + 10],
    ]);
    expect(await banRows(g)).toEqual([{ account: "bob" }]);
  });
});

describe("unban_group_member", () => {
  it("lifts the ban (an Unban by the caller); the account is not added back, and may be", async () => {
    const g = await withMembers();
    await ban(g, ["bob", "ann"], 600);
    expect(await unban(g, ["bob", "nobody"])).toEqual(OK);
    expect((await banList(g)).BannedAccountList).toEqual([{ BannedUntil: T0 + 600, Member_Account: "ann" }]);
    expect(await memberNames(g)).toEqual(["owner", "adm"]);
    expect((await history(g, "bob"))[0]).toEqual({
      Time: T0,
      Action: "Unban",
      Member_Account: "bob",
      Operator_Account: DEMO_APP.admin,
      MutedUntil: 0,
      Reason: "",
    });
    // An account that was not banned is not in the history.
    expect(await history(g, "nobody")).toEqual([]);
    expect(await add(g, ["bob"])).toMatchObject({ MemberList: [{ Member_Account: "bob", Result: 1 }] });
  });

  it("refuses more than 20 accounts with 10005", async () => {
    const g = await withMembers();
    expect(await unban(g, accounts(21))).toEqual({
      ...fail(10005),
      ErrorInfo: "Members_Account: must name at most 20 distinct accounts",
    });
  });
});

describe("get_group_ban_member", () => {
  it("pages in the order banned, NextOffset to go on from, 0 once done; a lifted ban leaves no hole", async () => {
    const g = await withMembers();
    const all = accounts(25);
    await ban(g, all.slice(0, 20), 600);
    await ban(g, all.slice(20), 900);
    await unban(g, ["user3"]);
    const seen: string[] = [];
    let offset = 0;
    let pages = 0;
    do {
      const page = await banList(g, offset, 10);
      expect(page.BannedAccountList.length).toBeLessThanOrEqual(10);
      seen.push(...page.BannedAccountList.map((b: { Member_Account: string }) => b.Member_Account));
      offset = page.NextOffset;
      pages += 1;
    } while (offset !== 0);
    expect(seen).toEqual(all.filter((a) => a !== "user3"));
    expect(pages).toBe(4);
    // Without Limit, a page is 20.
    expect((await banList(g)).BannedAccountList).toHaveLength(20);
  });

  it("refuses a missing Offset and a Limit out of 1..100, naming the field", async () => {
    const g = await withMembers();
    expect(await call("get_group_ban_member", { GroupId: g })).toEqual({
      ...fail(10004),
      ErrorInfo: "Offset: is required",
    });
    for (const [Limit, info] of [
      [0, "Limit: must be at least 1"],
      [101, "Limit: must be at most 100"],
    ] as const) {
      expect(await banList(g, 0, Limit)).toEqual({ ...fail(10004), ErrorInfo: info });
    }
    expect(await banList("no-such-group")).toMatchObject(fail(10010));
  });
});

describe("the live channel", () => {
  it("a banned member's socket gets its Kicked frame and is closed, like a kick", async () => {
    const g = await withMembers();
    const bob = await connect(g, "bob");
    const ann = await connect(g, "ann");
    await bob.next();
    await ann.next();
    expect(await ban(g, ["bob"], 600)).toEqual(OK);
    const kicked = { Type: "Tips", TipsType: "Kicked", MemberList: ["bob"], Operator_Account: DEMO_APP.admin };
    expect(await bob.next()).toMatchObject(kicked);
    expect(await bob.closed).toBeGreaterThanOrEqual(4000);
    expect(await ann.next()).toMatchObject(kicked);
    // Not a member any more: refused at the door.
    const again = await connect(g, "bob");
    expect(await again.next()).toEqual({
      Type: "Error",
      ErrorCode: 10007,
      ErrorInfo: "bob is not a member of the group",
    });
  });

  it("in an AVChatRoom a banned account is kicked, refused at connect and in its sends, until unbanned", async () => {
    const g = await createGroup({ Type: "AVChatRoom", Owner_Account: "host" });
    const viewer = await connect(g, "viewer");
    await viewer.next();
    expect(await sendText(g, "viewer")).toMatchObject(OK);
    expect(await viewer.next()).toMatchObject({ Type: "Message", From_Account: "viewer" });
    expect(await ban(g, ["viewer"], 600)).toEqual(OK);
    expect(await viewer.next()).toMatchObject({ Type: "Tips", TipsType: "Kicked", MemberList: ["viewer"] });
    expect(await viewer.closed).toBeGreaterThanOrEqual(4000);
    const refused = await connect(g, "viewer");
    expect(await refused.next()).toEqual({
      Type: "Error",
      ErrorCode: 10007,
      ErrorInfo: `viewer is banned from the group until ${T0 + 600}`,
    });
    expect(await sendText(g, "viewer")).toEqual({
      ...fail(10007),
      ErrorInfo: `From_Account viewer is banned from the group until ${T0 + 600}`,
    });
    expect(await unban(g, ["viewer"])).toEqual(OK);
    expect(await sendText(g, "viewer")).toMatchObject(OK);
    expect(await (await connect(g, "viewer")).next()).toMatchObject({ Type: "State" });
  });
});
