import { runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { GroupObject } from "../../src/group/group-object";
import {
  accounts,
  call,
  createGroup,
  fail,
  groupStub,
  mutedList,
  OK,
  rpcAnswer,
  sendText,
  T0,
  type TestClock,
  useTestClock,
} from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const memberInfo = (GroupId: string, extra: Record<string, unknown> = {}) =>
  call("get_group_member_info", { GroupId, ...extra });
const modify = (GroupId: string, Member_Account: string, extra: Record<string, unknown>) =>
  call("modify_group_member_info", { GroupId, Member_Account, ...extra });

/** A member as get_group_member_info answers it with every field, unless `over` says otherwise. */
const member = (Member_Account: string, over: Record<string, unknown> = {}) => ({
  Member_Account,
  Role: "Member",
  JoinTime: T0,
  MsgSeq: 0,
  MsgFlag: "AcceptAndNotify",
  LastSendMsgTime: 0,
  MuteUntil: 0,
  ShutUpUntil: 0,
  NameCard: "",
  ...over,
});

describe("get_group_member_info", () => {
  it("answers every documented field by default, owner first, MuteUntil and legacy ShutUpUntil both", async () => {
    const g = await createGroup({
      Owner_Account: "owner",
      MemberList: [{ Member_Account: "adm", Role: "Admin" }, { Member_Account: "bob" }],
    });
    expect(await call("forbid_send_msg", { GroupId: g, Members_Account: ["bob"], MuteTime: 60 })).toEqual(OK);
    clock.advance(5);
    expect(await sendText(g, "adm")).toMatchObject({ ...OK, MsgSeq: 1 });
    expect(await modify(g, "adm", { NameCard: "Ada", MsgFlag: "Discard" })).toEqual(OK);
    expect(await memberInfo(g)).toEqual({
      ...OK,
      MemberNum: 3,
      MemberList: [
        member("owner", { Role: "Owner" }),
        member("adm", { Role: "Admin", MsgSeq: 1, LastSendMsgTime: T0 + 5, NameCard: "Ada", MsgFlag: "Discard" }),
        member("bob", { MuteUntil: T0 + 60, ShutUpUntil: T0 + 60 }),
      ],
    });
    clock.advance(55);
    expect((await memberInfo(g)).MemberList[2]).toMatchObject({ MuteUntil: 0, ShutUpUntil: 0 });
  });

  it("serves the Go SDK's call: Limit 0 and null filters mean the whole group", async () => {
    const g = await createGroup({
      Owner_Account: "owner",
      MemberList: accounts(3).map((a) => ({ Member_Account: a })),
    });
    const answer = await memberInfo(g, {
      Limit: 0,
      Offset: 0,
      MemberInfoFilter: null,
      MemberRoleFilter: null,
      AppDefinedDataFilter_GroupMember: null,
    });
    expect(answer).toMatchObject({ ...OK, MemberNum: 4 });
    expect(answer.MemberList.map((m: { Member_Account: string }) => m.Member_Account)).toEqual([
      "owner",
      "user0",
      "user1",
      "user2",
    ]);
    expect(answer).not.toHaveProperty("Next");
  });

  it("pages by Limit (at most 6000) and Offset; a whole group over 6000 answers 10018", async () => {
    // A Community: the other types hold at most 6000 members.
    const g = await createGroup({ Type: "Community", MemberList: accounts(500).map((a) => ({ Member_Account: a })) });
    const first = await memberInfo(g, { Limit: 300 });
    const rest = await memberInfo(g, { Limit: 300, Offset: 300 });
    expect(first.MemberList).toHaveLength(300);
    expect(rest.MemberList).toHaveLength(200);
    const all = [...first.MemberList, ...rest.MemberList].map((m: { Member_Account: string }) => m.Member_Account);
    expect(new Set(all).size).toBe(500);
    expect(await memberInfo(g, { Limit: 6001 })).toEqual({ ...fail(10004), ErrorInfo: "Limit: must be at most 6000" });
    expect(await memberInfo(g, { Offset: -1 })).toMatchObject(fail(10004));

    for (let i = 0; i < 12; i++) {
      const batch = accounts(500, `b${i}-`).map((a) => ({ Member_Account: a }));
      expect(await call("add_group_member", { GroupId: g, MemberList: batch })).toMatchObject(OK);
    }
    expect(await memberInfo(g)).toEqual({
      ...fail(10018),
      ErrorInfo: "the group has over 6000 members to answer; page with Limit and Offset (or Next)",
    });
    expect((await memberInfo(g, { Limit: 6000, Offset: 500 })).MemberList).toHaveLength(6000);
  });

  it("filters by MemberRoleFilter and MemberInfoFilter, and answers the asked custom fields", async () => {
    const g = await createGroup({
      Owner_Account: "owner",
      MemberList: [{ Member_Account: "adm", Role: "Admin" }, { Member_Account: "bob" }],
    });
    await call("forbid_send_msg", { GroupId: g, Members_Account: ["owner"], MuteTime: 30 });
    expect(await modify(g, "bob", { AppMemberDefinedData: [{ Key: "level", Value: "7" }] })).toEqual(OK);
    expect(
      (await memberInfo(g, { MemberRoleFilter: ["Owner", "Member"], MemberInfoFilter: ["ShutUpUntil", "Bogus"] }))
        .MemberList,
    ).toEqual([
      { Member_Account: "owner", MuteUntil: T0 + 30, ShutUpUntil: T0 + 30 },
      { Member_Account: "bob", MuteUntil: 0, ShutUpUntil: 0 },
    ]);
    const custom = await memberInfo(g, {
      MemberRoleFilter: ["Member"],
      MemberInfoFilter: ["Role"],
      AppDefinedDataFilter_GroupMember: ["level", "nick"],
    });
    expect(custom.MemberList).toEqual([
      {
        Member_Account: "bob",
        Role: "Member",
        AppMemberDefinedData: [
          { Key: "level", Value: "7" },
          { Key: "nick", Value: "" },
        ],
      },
    ]);
    expect(await memberInfo(g, { MemberRoleFilter: ["Boss"] })).toMatchObject(fail(10004));
  });

  it("pages a Community by Next, and answers Next only there", async () => {
    const g = await createGroup({ Type: "Community", MemberList: accounts(5).map((a) => ({ Member_Account: a })) });
    const seen: string[] = [];
    let next = "";
    for (let i = 0; i < 3; i++) {
      const page = await memberInfo(g, { Limit: 2, Next: next, MemberInfoFilter: [] });
      expect(page).toMatchObject({ ...OK, MemberNum: 5 });
      seen.push(...page.MemberList.map((m: { Member_Account: string }) => m.Member_Account));
      next = page.Next;
    }
    expect(next).toBe("");
    expect(seen).toEqual(accounts(5));
    expect(await memberInfo(g, { Next: "x" })).toMatchObject(fail(10004));
    // The Go SDK sends no Next: it pages a Community by Offset, and gets Next back to follow.
    const byOffset = await memberInfo(g, { Limit: 2, Offset: 4, MemberInfoFilter: [] });
    expect(byOffset).toMatchObject({ MemberList: [{ Member_Account: "user4" }], Next: "" });
  });

  it("applies a queued member change before a removal or a re-join that arrives after it", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    await runInDurableObject(groupStub(g), async (group: GroupObject) => {
      const changed = group.modifyMember("bob", { role: "Admin", nameCard: "Bobby" }, null, null);
      // Each writes when called; only their answers wait (for the joined-group index).
      const removed = group.deleteMembers(["bob"]);
      const added = group.addMembers(["bob"]);
      expect(rpcAnswer(await removed)).toEqual({});
      expect(rpcAnswer(await added)).toEqual({ results: [{ account: "bob", result: 1 }] });
      expect(rpcAnswer(await changed)).toEqual({});
    });
    expect((await memberInfo(g, { MemberInfoFilter: ["Role", "NameCard"] })).MemberList).toEqual([
      { Member_Account: "owner", Role: "Owner", NameCard: "" },
      { Member_Account: "bob", Role: "Member", NameCard: "" },
    ]);
  });
});

describe("get_specified_group_member_info", () => {
  it("answers the named members with the same fields, leaving outsiders out; over 50 accounts is 10005", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    expect(
      await call("get_specified_group_member_info", {
        GroupId: g,
        Member_List_Account: ["bob", "stranger", "owner", "bob"],
        MemberInfoFilter: ["Role"],
      }),
    ).toEqual({
      ...OK,
      GroupId: g,
      MemberList: [
        { Member_Account: "owner", Role: "Owner" },
        { Member_Account: "bob", Role: "Member" },
      ],
    });
    expect(await call("get_specified_group_member_info", { GroupId: g, Member_List_Account: accounts(51) })).toEqual({
      ...fail(10005),
      ErrorInfo: "Member_List_Account: must name at most 50 distinct accounts",
    });
  });
});

describe("get_role_in_group", () => {
  it("answers each account's role in the order asked, NotMember for outsiders; over 500 is 10004", async () => {
    const g = await createGroup({
      Owner_Account: "leckie",
      MemberList: [{ Member_Account: "peter" }, { Member_Account: "ada", Role: "Admin" }],
    });
    expect(await call("get_role_in_group", { GroupId: g, User_Account: ["wesley", "peter", "leckie", "ada"] })).toEqual(
      {
        ...OK,
        UserIdList: [
          { Member_Account: "wesley", Role: "NotMember" },
          { Member_Account: "peter", Role: "Member" },
          { Member_Account: "leckie", Role: "Owner" },
          { Member_Account: "ada", Role: "Admin" },
        ],
      },
    );
    expect(await call("get_role_in_group", { GroupId: g, User_Account: accounts(501) })).toMatchObject(fail(10004));
  });
});

describe("modify_group_member_info", () => {
  it("mutes with MuteTime, legacy ShutUpTime or the Go SDK's ShutUpUntil exactly as forbid_send_msg does", async () => {
    const g = await createGroup({
      Owner_Account: "owner",
      MemberList: accounts(3).map((a) => ({ Member_Account: a })),
    });
    expect(await modify(g, "user0", { MuteTime: 100 })).toEqual(OK);
    expect(await modify(g, "user1", { ShutUpTime: 200 })).toEqual(OK);
    expect(await modify(g, "user2", { ShutUpUntil: 50 })).toEqual(OK);
    expect(await mutedList(g)).toEqual([
      { Member_Account: "user0", MutedUntil: T0 + 100 },
      { Member_Account: "user1", MutedUntil: T0 + 200 },
      { Member_Account: "user2", MutedUntil: T0 + 50 },
    ]);
    expect(await sendText(g, "user0")).toMatchObject(fail(10017));
    // Same schedule as forbid_send_msg: the alarm at the earliest expiry.
    expect(await runInDurableObject(groupStub(g), (_i, s) => s.storage.getAlarm())).toBe((T0 + 50) * 1000);
    expect(await modify(g, "user0", { MuteTime: 0 })).toEqual(OK);
    expect(await sendText(g, "user0")).toMatchObject(OK);
    expect(await modify(g, "user0", { MuteTime: 5, ShutUpTime: 5 })).toMatchObject(fail(10004));
  });

  it("makes and unmakes admins, who are exempt from mute-all; the owner's role cannot change", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    await call("modify_group_base_info", { GroupId: g, MuteAllMember: "On" });
    expect(await sendText(g, "bob")).toMatchObject(fail(10017));
    expect(await modify(g, "bob", { Role: "Admin" })).toEqual(OK);
    expect(await sendText(g, "bob")).toMatchObject(OK);
    expect(await modify(g, "bob", { Role: "Member" })).toEqual(OK);
    expect(await sendText(g, "bob")).toMatchObject(fail(10017));
    expect(await modify(g, "owner", { Role: "Member" })).toEqual({
      ...fail(10007),
      ErrorInfo: "Role: owner is the group owner, whose role cannot be changed",
    });
    expect(await modify(g, "owner", { Role: "Owner" })).toMatchObject(fail(10004));
  });

  it("refuses outsiders, bad values and mutes where a type has none, changing nothing", async () => {
    const g = await createGroup({ Type: "Private", Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    const before = await memberInfo(g);
    expect(await modify(g, "stranger", { NameCard: "x" })).toEqual({
      ...fail(10007),
      ErrorInfo: "Member_Account: stranger is not a member of the group",
    });
    expect(await modify(g, "bob", { NameCard: "x", MuteTime: 60 })).toMatchObject(fail(10007));
    expect(await modify(g, "bob", { NameCard: "é".repeat(26) })).toEqual({
      ...fail(10004),
      ErrorInfo: "NameCard: must be at most 50 bytes",
    });
    expect(await modify(g, "bob", { MsgFlag: "Loud" })).toMatchObject(fail(10004));
    expect(await modify(g, "bob", { AppMemberDefinedData: [{ Key: "bad key", Value: "v" }] })).toMatchObject(
      fail(10004),
    );
    const five = accounts(5, "k").map((Key) => ({ Key, Value: "v" }));
    expect(await modify(g, "bob", { AppMemberDefinedData: five })).toEqual(OK);
    expect(await modify(g, "bob", { AppMemberDefinedData: [{ Key: "sixth", Value: "v" }] })).toMatchObject(fail(10004));
    expect(await memberInfo(g)).toEqual(before);
  });

  it("answers 10007 for member queries and changes in AVChatRoom and BChatRoom groups (no members)", async () => {
    for (const Type of ["AVChatRoom", "BChatRoom"]) {
      const g = await createGroup({ Type, Owner_Account: "owner" });
      for (const [command, body] of [
        ["get_group_member_info", {}],
        ["get_specified_group_member_info", { Member_List_Account: ["owner"] }],
        ["get_role_in_group", { User_Account: ["owner"] }],
        ["modify_group_member_info", { Member_Account: "owner", NameCard: "x" }],
      ] as const) {
        expect(await call(command, { GroupId: g, ...body }), `${Type} ${command}`).toMatchObject(fail(10007));
      }
    }
  });
});

describe("Tencent's documented request examples", () => {
  it("are answered OK with the documented fields and types", async () => {
    const g = await createGroup({
      Owner_Account: "leckie",
      MemberList: [{ Member_Account: "bob" }, { Member_Account: "peter" }],
    });
    // modify_group_member_info, one documented example after another.
    for (const change of [
      { Role: "Admin" },
      { Role: "Member" },
      { MsgFlag: "AcceptAndNotify" },
      { NameCard: "鲍勃" },
      {
        AppMemberDefinedData: [
          { Key: "MemberDefined1", Value: "ModifyData1" },
          { Key: "MemberDefined3", Value: "ModifyData3" },
        ],
      },
      { ShutUpTime: 86400 },
      { MuteTime: 86400 },
    ]) {
      expect(await modify(g, "bob", change), JSON.stringify(change)).toEqual(OK);
    }
    const info = await memberInfo(g, {
      MemberInfoFilter: ["Role", "JoinTime", "MsgSeq", "MsgFlag", "LastSendMsgTime", "ShutUpUntil", "NameCard"],
      MemberRoleFilter: ["Owner", "Member"],
      AppDefinedDataFilter_GroupMember: ["MemberDefined2", "MemberDefined1"],
      Limit: 100,
      Offset: 0,
    });
    expect(info).toMatchObject({ ...OK, MemberNum: 3 });
    expect(info.MemberList[1]).toEqual({
      ...member("bob", { NameCard: "鲍勃", MuteUntil: T0 + 86400, ShutUpUntil: T0 + 86400 }),
      AppMemberDefinedData: [
        { Key: "MemberDefined2", Value: "" },
        { Key: "MemberDefined1", Value: "ModifyData1" },
      ],
    });
    const specified = await call("get_specified_group_member_info", {
      GroupId: g,
      Member_List_Account: ["bob", "peter"],
    });
    expect(specified.MemberList.map((m: { Member_Account: string }) => m.Member_Account)).toEqual(["bob", "peter"]);
    expect(await call("get_role_in_group", { GroupId: g, User_Account: ["leckie", "peter", "wesley"] })).toEqual({
      ...OK,
      UserIdList: [
        { Member_Account: "leckie", Role: "Owner" },
        { Member_Account: "peter", Role: "Member" },
        { Member_Account: "wesley", Role: "NotMember" },
      ],
    });
  });
});
