import { runDurableObjectAlarm } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import {
  asApp,
  call,
  createGroup,
  fail,
  groupStub,
  OK,
  SECOND_APP,
  sendText,
  T0,
  type TestClock,
  textBody,
  uniqueGroupId,
  useTestClock,
} from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const joined = (body: Record<string, unknown>) => call("get_joined_group_list", body);
const ids = async (body: Record<string, unknown>): Promise<string[]> =>
  (await joined(body)).GroupIdList.map((g: { GroupId: string }) => g.GroupId);
/** An account no other test of this file uses. */
const someone = () => uniqueGroupId("acct").slice(0, 32);
const members = (...accounts: string[]) => accounts.map((Member_Account) => ({ Member_Account }));

describe("get_joined_group_list: Tencent's examples, verbatim", () => {
  it("answers each documented request with the documented answer's fields", async () => {
    const o = await asApp(SECOND_APP);
    const ask = (body: Record<string, unknown>) => call("get_joined_group_list", body, o);
    // leckie is in a Public group and (joined later) a ChatRoom.
    const pub = await createGroup({ Type: "Public", MemberList: members("leckie") }, o);
    clock.advance(10);
    const room = await createGroup({ Type: "ChatRoom", Name: "TestGroup", MemberList: members("leckie") }, o);
    const both = { ...OK, TotalCount: 2, GroupIdList: [{ GroupId: room }, { GroupId: pub }] };
    expect(await ask({ Member_Account: "leckie" })).toEqual(both);
    expect(await ask({ Member_Account: "leckie", Limit: 10, Offset: 0 })).toEqual(both);
    expect(await ask({ Member_Account: "leckie", GroupType: "Public" })).toEqual({
      ...OK,
      TotalCount: 1,
      GroupIdList: [{ GroupId: pub }],
    });

    // The answer with fields (the third example): a Private group not activated yet (no message),
    // listed with WithNoActiveGroups, the latest joined first.
    expect(await call("destroy_group", { GroupId: pub }, o)).toEqual(OK);
    clock.advance(10);
    const priv = await createGroup(
      { Type: "Private", Name: "d", MaxMemberCount: 200, MemberList: members("leckie") },
      o,
    );
    expect(
      await ask({
        Member_Account: "leckie",
        WithHugeGroups: 1,
        WithNoActiveGroups: 1,
        Limit: 10,
        Offset: 0,
        ResponseFilter: {
          GroupBaseInfoFilter: ["Type", "Name", "Introduction", "Notification"],
          SelfInfoFilter: ["Role", "JoinTime"],
        },
      }),
    ).toEqual({
      ...OK,
      TotalCount: 2,
      GroupIdList: [
        {
          GroupId: priv,
          Introduction: "",
          Name: "d",
          Notification: "",
          SelfInfo: { JoinTime: T0 + 20, Role: "Member" },
          Type: "Private",
        },
        {
          GroupId: room,
          Introduction: "",
          Name: "TestGroup",
          Notification: "",
          SelfInfo: { JoinTime: T0 + 10, Role: "Member" },
          Type: "ChatRoom",
        },
      ],
    });

    // Every base field (the last example): leckie only in the Private group, where it sent one message.
    expect(await call("delete_group_member", { GroupId: room, MemberToDel_Account: ["leckie"] }, o)).toEqual(OK);
    clock.advance(5);
    expect(
      await call("send_group_msg", { GroupId: priv, From_Account: "leckie", Random: 1, MsgBody: textBody("hi") }, o),
    ).toMatchObject({ ...OK, MsgSeq: 1 });
    expect(
      await ask({
        Member_Account: "leckie",
        WithHugeGroups: 1,
        WithNoActiveGroups: 1,
        ResponseFilter: {
          GroupBaseInfoFilter: [
            "Type",
            "Name",
            "Introduction",
            "Notification",
            "FaceUrl",
            "CreateTime",
            "Owner_Account",
            "LastInfoTime",
            "LastMsgTime",
            "NextMsgSeq",
            "MemberNum",
            "MaxMemberNum",
            "ApplyJoinOption",
            "MuteAllMember",
          ],
          SelfInfoFilter: ["Role", "JoinTime", "MsgFlag", "MsgSeq"],
        },
      }),
    ).toEqual({
      ...OK,
      TotalCount: 1,
      GroupIdList: [
        {
          ApplyJoinOption: "DisableApply",
          CreateTime: T0 + 20,
          FaceUrl: "",
          GroupId: priv,
          Introduction: "",
          LastInfoTime: T0 + 20,
          // Tencent's example shows 0 beside a NextMsgSeq of 2; here the message's own time.
          LastMsgTime: T0 + 25,
          MaxMemberNum: 200,
          MemberNum: 1,
          Name: "d",
          NextMsgSeq: 2,
          Notification: "",
          Owner_Account: "",
          SelfInfo: { JoinTime: T0 + 20, MsgFlag: "AcceptAndNotify", Role: "Member", MsgSeq: 1 },
          MuteAllMember: "Off",
          Type: "Private",
        },
      ],
    });
  });

  it("SupportTopic 1 lists the Communities with topics and their topic fields", async () => {
    const o = await asApp(SECOND_APP);
    await createGroup({ Type: "Community", MemberList: members("107867") }, o);
    const topics = await createGroup({ Type: "Community", SupportTopic: 1, MemberList: members("107867") }, o);
    for (const random of [1, 2]) {
      expect(
        await call(
          "send_group_msg",
          { GroupId: topics, From_Account: "107867", Random: random, MsgBody: textBody("hi") },
          o,
        ),
      ).toMatchObject(OK);
    }
    // Tencent's example answers ErrorInfo "ok"; every answer of this service has "".
    expect(await call("get_joined_group_list", { Member_Account: "107867", SupportTopic: 1 }, o)).toEqual({
      ...OK,
      TotalCount: 1,
      GroupIdList: [
        {
          GroupId: topics,
          Type: "Community",
          SupportTopic: 1,
          GrossTopicNextMsgSeq: 3,
          SelfInfo: { GrossTopicReadSeq: 2 },
        },
      ],
    });
  });
});

describe("get_joined_group_list", () => {
  it("fields come from the group itself: a profile change shows in the next answer", async () => {
    const bob = someone();
    const g = await createGroup({ Name: "before", MemberList: members(bob, "carol") });
    const filter = { GroupBaseInfoFilter: ["Name", "MemberNum", "ShutUpAllMember"], SelfInfoFilter: ["ShutUpUntil"] };
    const entry = async () => (await joined({ Member_Account: bob, ResponseFilter: filter })).GroupIdList[0];
    expect(await entry()).toEqual({
      GroupId: g,
      Name: "before",
      MemberNum: 2,
      ShutUpAllMember: "Off",
      SelfInfo: { ShutUpUntil: 0 },
    });
    expect(await call("modify_group_base_info", { GroupId: g, Name: "after", ShutUpAllMember: "On" })).toEqual(OK);
    expect(await call("forbid_send_msg", { GroupId: g, Members_Account: [bob], MuteTime: 60 })).toEqual(OK);
    expect(await call("add_group_member", { GroupId: g, MemberList: members("dave") })).toMatchObject(OK);
    expect(await entry()).toEqual({
      GroupId: g,
      Name: "after",
      MemberNum: 3,
      ShutUpAllMember: "On",
      SelfInfo: { ShutUpUntil: T0 + 60 },
    });
    // Names it does not know are ignored, as Tencent does; the current names answer under theirs.
    expect(
      (
        await joined({
          Member_Account: bob,
          ResponseFilter: { GroupBaseInfoFilter: ["MuteAllMember", "Bogus"], SelfInfoFilter: ["MuteUntil", "Nope"] },
        })
      ).GroupIdList,
    ).toEqual([{ GroupId: g, MuteAllMember: "On", SelfInfo: { MuteUntil: T0 + 60 } }]);
  });

  it("pages by Limit and Offset, the latest joined first; TotalCount is every group, whatever the page", async () => {
    const bob = someone();
    const groups: string[] = [];
    for (let i = 0; i < 5; i++) {
      groups.push(await createGroup({ MemberList: members(bob) }));
      clock.advance(1);
    }
    const newest = [...groups].reverse();
    expect(await joined({ Member_Account: bob, Limit: 2 })).toEqual({
      ...OK,
      TotalCount: 5,
      GroupIdList: newest.slice(0, 2).map((GroupId) => ({ GroupId })),
    });
    expect(await ids({ Member_Account: bob, Limit: 2, Offset: 2 })).toEqual(newest.slice(2, 4));
    expect(await ids({ Member_Account: bob, Limit: 2, Offset: 4 })).toEqual(newest.slice(4));
    expect(await joined({ Member_Account: bob, Offset: 5 })).toEqual({ ...OK, TotalCount: 5, GroupIdList: [] });
    // Limit 0, like none, is the largest page.
    expect(await ids({ Member_Account: bob, Limit: 0 })).toEqual(newest);
    // An account in no group: nothing, not an error.
    expect(await joined({ Member_Account: someone() })).toEqual({ ...OK, TotalCount: 0, GroupIdList: [] });
  });

  it("filters by type; AVChatRoom only WithHugeGroups (or by name); Work only once it has a message", async () => {
    const bob = someone();
    const pub = await createGroup({ Type: "Public", MemberList: members(bob) });
    clock.advance(1);
    const work = await createGroup({ Type: "Work", MemberList: members(bob) });
    clock.advance(1);
    const meeting = await createGroup({ Type: "Meeting", MemberList: members(bob) });
    clock.advance(1);
    // An AVChatRoom keeps no member list: its owner is its one member.
    const av = await createGroup({ Type: "AVChatRoom", Owner_Account: bob });
    expect(await ids({ Member_Account: bob })).toEqual([meeting, pub]);
    expect(await ids({ Member_Account: bob, WithHugeGroups: 1 })).toEqual([av, meeting, pub]);
    expect(await ids({ Member_Account: bob, WithNoActiveGroups: 1 })).toEqual([meeting, work, pub]);
    expect(await ids({ Member_Account: bob, GroupType: "AVChatRoom" })).toEqual([av]);
    expect(await ids({ Member_Account: bob, GroupType: "ChatRoom" })).toEqual([meeting]);
    expect(await ids({ Member_Account: bob, GroupType: "Private", WithNoActiveGroups: 1 })).toEqual([work]);
    expect(await joined({ Member_Account: bob, GroupType: "Work" })).toEqual({ ...OK, TotalCount: 0, GroupIdList: [] });
    // The first message activates the Work group (told by its alarm, due at once).
    expect(await sendText(work, bob)).toMatchObject(OK);
    expect(await runDurableObjectAlarm(groupStub(work))).toBe(true);
    expect(await ids({ Member_Account: bob, GroupType: "Work" })).toEqual([work]);
    expect(await ids({ Member_Account: bob })).toEqual([meeting, work, pub]);
  });

  it("leaving, being removed and a destroy take the group off; created again, it is listed once", async () => {
    const bob = someone();
    const g = await createGroup({ MemberList: members(bob, "carol") });
    const other = await createGroup({ MemberList: members(bob) });
    expect(await call("delete_group_member", { GroupId: g, MemberToDel_Account: [bob] })).toEqual(OK);
    expect(await ids({ Member_Account: bob })).toEqual([other]);
    expect(await call("add_group_member", { GroupId: g, MemberList: members(bob) })).toMatchObject(OK);
    expect((await ids({ Member_Account: bob })).sort()).toEqual([g, other].sort());
    expect(await call("destroy_group", { GroupId: g })).toEqual(OK);
    expect(await ids({ Member_Account: "carol" })).not.toContain(g);
    expect(await ids({ Member_Account: bob })).toEqual([other]);
    clock.advance(1);
    await createGroup({ GroupId: g, MemberList: members(bob) });
    expect(await ids({ Member_Account: bob })).toEqual([g, other]);
    expect(await ids({ Member_Account: "carol" })).not.toContain(g);
  });

  it("takes what the SDKs send: nulls, the Go SDK's Type, an empty GroupType", async () => {
    const bob = someone();
    const g = await createGroup({ MemberList: members(bob) });
    const all = { ...OK, TotalCount: 1, GroupIdList: [{ GroupId: g }] };
    expect(
      await joined({
        Member_Account: bob,
        Limit: null,
        Offset: null,
        GroupType: null,
        WithHugeGroups: null,
        WithNoActiveGroups: null,
        ResponseFilter: null,
      }),
    ).toEqual(all);
    expect(await joined({ Member_Account: bob, Type: "AVChatRoom", GroupType: "" })).toEqual(all);
    expect(
      await joined({ Member_Account: bob, ResponseFilter: { GroupBaseInfoFilter: null, SelfInfoFilter: null } }),
    ).toEqual(all);
  });

  it.each([
    [{}, "Member_Account: is required"],
    [{ Member_Account: "" }, "Member_Account: must be 1 to 32 bytes"],
    [{ Member_Account: "x".repeat(33) }, "Member_Account: must be 1 to 32 bytes"],
    [{ Member_Account: "bob", Limit: 5001 }, "Limit: must be at most 5000"],
    [{ Member_Account: "bob", Limit: -1 }, "Limit: must not be negative"],
    [{ Member_Account: "bob", Offset: 1.5 }, "Offset: must be an integer"],
    [{ Member_Account: "bob", Offset: "0" }, "Offset: must be a number, not string"],
    [{ Member_Account: "bob", WithHugeGroups: 2 }, "WithHugeGroups: must be 0 or 1"],
    [{ Member_Account: "bob", WithNoActiveGroups: true }, "WithNoActiveGroups: must be 0 or 1, not boolean"],
    [
      { Member_Account: "bob", GroupType: "Bogus" },
      "GroupType: must be one of Public, Private, Work, ChatRoom, Meeting, AVChatRoom, BChatRoom, Community",
    ],
    [{ Member_Account: "bob", ResponseFilter: [] }, "ResponseFilter: must be an object of filters"],
    [
      { Member_Account: "bob", ResponseFilter: { SelfInfoFilter: Array(65).fill("Role") } },
      "ResponseFilter.SelfInfoFilter: must name at most 64 fields",
    ],
  ])("refuses %j with 10004 naming the field, and changes nothing", async (body, info) => {
    expect(await joined(body)).toEqual({ ...fail(10004), ErrorInfo: info });
  });
});
