import { beforeEach, describe, expect, it } from "vitest";
import { call, DEMO_APP, fail, OK, sendText, T0, type TestClock, uniqueGroupId, useTestClock } from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const info = async (GroupId: string, ResponseFilter?: unknown) => {
  const answer = await call("get_group_info", { GroupIdList: [GroupId], ResponseFilter });
  expect(answer).toMatchObject(OK);
  return answer.GroupInfo[0];
};

describe("the group profile", () => {
  it("keeps every field of Tencent's create_group example and answers it in get_group_info", async () => {
    const GroupId = uniqueGroupId();
    // Tencent's documented request, with a GroupId so that the test can find it.
    const created = await call("create_group", {
      Owner_Account: "leckie",
      Type: "Public",
      GroupId,
      Name: "TestGroup",
      Introduction: "This is group Introduction",
      Notification: "This is group Notification",
      FaceUrl: "http://this.is.face.url",
      MaxMemberCount: 500,
      ApplyJoinOption: "FreeAccess",
      AppDefinedData: [
        { Key: "GroupTestData1", Value: "xxxxx" },
        { Key: "GroupTestData2", Value: "abc\u0000\u0001" },
      ],
    });
    expect(created).toEqual({ ...OK, GroupId });
    expect(await info(GroupId)).toEqual({
      GroupId,
      ErrorCode: 0,
      ErrorInfo: "",
      Type: "Public",
      Name: "TestGroup",
      Appid: DEMO_APP.sdkappid,
      Introduction: "This is group Introduction",
      Notification: "This is group Notification",
      FaceUrl: "http://this.is.face.url",
      Owner_Account: "leckie",
      CreateTime: T0,
      LastInfoTime: T0,
      LastMsgTime: 0,
      NextMsgSeq: 1,
      MemberNum: 1,
      MaxMemberNum: 500,
      ApplyJoinOption: "FreeAccess",
      InviteJoinOption: "NeedPermission",
      MuteAllMember: "Off",
      ShutUpAllMember: "Off",
      AppDefinedData: [
        { Key: "GroupTestData1", Value: "xxxxx" },
        { Key: "GroupTestData2", Value: "abc\u0000\u0001" },
      ],
    });
  });

  it("applies Tencent's modify_group_base_info examples, keeps the rest, and moves LastInfoTime", async () => {
    const GroupId = uniqueGroupId();
    await call("create_group", {
      Type: "Public",
      GroupId,
      Name: "Old",
      AppDefinedData: [
        { Key: "GroupTestData1", Value: "one" },
        { Key: "GroupTestData2", Value: "two" },
      ],
    });
    clock.advance(10);
    expect(
      await call("modify_group_base_info", {
        GroupId,
        Name: "NewName",
        Introduction: "NewIntroduction",
        Notification: "NewNotification",
        FaceUrl: "http://this.is.new.face.url",
        MaxMemberNum: 500,
        ApplyJoinOption: "NeedPermission",
        MuteAllMember: "On",
      }),
    ).toEqual(OK);
    // An empty Value removes the key.
    expect(
      await call("modify_group_base_info", { GroupId, AppDefinedData: [{ Key: "GroupTestData2", Value: "" }] }),
    ).toEqual(OK);
    expect(await info(GroupId)).toMatchObject({
      Name: "NewName",
      Introduction: "NewIntroduction",
      Notification: "NewNotification",
      FaceUrl: "http://this.is.new.face.url",
      MaxMemberNum: 500,
      ApplyJoinOption: "NeedPermission",
      MuteAllMember: "On",
      ShutUpAllMember: "On",
      CreateTime: T0,
      LastInfoTime: T0 + 10,
      AppDefinedData: [{ Key: "GroupTestData1", Value: "one" }],
    });
    // The legacy name, as the Go, Java and Python SDKs send it.
    expect(await call("modify_group_base_info", { GroupId, ShutUpAllMember: "Off" })).toEqual(OK);
    expect(await info(GroupId)).toMatchObject({ MuteAllMember: "Off", ShutUpAllMember: "Off", Name: "NewName" });
  });

  it("keeps LastMsgTime and NextMsgSeq with every message", async () => {
    const GroupId = uniqueGroupId();
    await call("create_group", { Type: "Public", GroupId, Name: "g", Owner_Account: "o" });
    clock.advance(7);
    expect(await sendText(GroupId, "o")).toMatchObject({ ...OK, MsgSeq: 1 });
    expect(await info(GroupId)).toMatchObject({ LastMsgTime: T0 + 7, NextMsgSeq: 2, LastInfoTime: T0 });
  });

  it("answers what ResponseFilter asks, as in Tencent's second example", async () => {
    const GroupId = uniqueGroupId();
    await call("create_group", {
      Type: "Public",
      GroupId,
      Name: "MyFirstGroup",
      Introduction: "TestGroup",
      Owner_Account: "leckie",
      MemberList: [{ Member_Account: "peter" }],
      AppDefinedData: [
        { Key: "GroupTestData1", Value: "xxxx" },
        { Key: "Other", Value: "hidden" },
      ],
    });
    await call("modify_group_member_info", {
      GroupId,
      Member_Account: "peter",
      AppMemberDefinedData: [{ Key: "MemberDefined1", Value: "ModifyDefined1" }],
    });
    const entry = await info(GroupId, {
      GroupBaseInfoFilter: ["Type", "Name", "Introduction", "Notification"],
      MemberInfoFilter: ["Account", "Role"],
      AppDefinedDataFilter_Group: ["GroupTestData1", "GroupTestData2"],
      AppDefinedDataFilter_GroupMember: ["MemberDefined2", "MemberDefined1"],
    });
    expect(entry).toEqual({
      GroupId,
      ErrorCode: 0,
      ErrorInfo: "",
      Type: "Public",
      Name: "MyFirstGroup",
      Introduction: "TestGroup",
      Notification: "",
      AppDefinedData: [
        { Key: "GroupTestData1", Value: "xxxx" },
        { Key: "GroupTestData2", Value: "" },
      ],
      MemberList: [
        {
          Member_Account: "leckie",
          Role: "Owner",
          AppMemberDefinedData: [
            { Key: "MemberDefined2", Value: "" },
            { Key: "MemberDefined1", Value: "" },
          ],
        },
        {
          Member_Account: "peter",
          Role: "Member",
          AppMemberDefinedData: [
            { Key: "MemberDefined2", Value: "" },
            { Key: "MemberDefined1", Value: "ModifyDefined1" },
          ],
        },
      ],
    });
    // The member list carries each member's mute time when asked for, under both names.
    await call("forbid_send_msg", { GroupId, Members_Account: ["peter"], MuteTime: 60 });
    const muted = await info(GroupId, { GroupBaseInfoFilter: ["ShutUpAllMember"], MemberInfoFilter: ["ShutUpUntil"] });
    expect(muted).toMatchObject({
      MuteAllMember: "Off",
      ShutUpAllMember: "Off",
      MemberList: [
        { Member_Account: "leckie", MuteUntil: 0, ShutUpUntil: 0 },
        { Member_Account: "peter", MuteUntil: T0 + 60, ShutUpUntil: T0 + 60 },
      ],
    });
    expect(muted).not.toHaveProperty("Name");
  });

  it("gives each type its defaults: a Community 100,000 members, an AVChatRoom no ceiling", async () => {
    const community = uniqueGroupId("@TGS#_c");
    const live = uniqueGroupId();
    await call("create_group", { Type: "Community", GroupId: community, Name: "c" });
    await call("create_group", { Type: "AVChatRoom", GroupId: live, Name: "a", MaxMemberCount: 500 });
    expect(await info(community)).toMatchObject({ MaxMemberNum: 100_000, ApplyJoinOption: "NeedPermission" });
    expect(await info(live)).toMatchObject({ MaxMemberNum: 0, ApplyJoinOption: "FreeAccess" });
  });
});

describe("profile limits", () => {
  it("refuses what Tencent refuses, with 10004 naming the field, and changes nothing", async () => {
    const GroupId = uniqueGroupId();
    await call("create_group", { Type: "Public", GroupId, Name: "Keep" });
    const before = await info(GroupId);
    const tooMany = Array.from({ length: 11 }, (_, i) => ({ Key: `k${i}`, Value: "v" }));
    const bad: [Record<string, unknown>, string][] = [
      [{ Name: "n".repeat(31) }, "Name: must be 1 to 30 bytes"],
      [{ Name: "名".repeat(11) }, "Name: must be 1 to 30 bytes"],
      [{ Introduction: "i".repeat(241) }, "Introduction: must be at most 240 bytes"],
      [{ Notification: "n".repeat(301) }, "Notification: must be at most 300 bytes"],
      [{ FaceUrl: "f".repeat(101) }, "FaceUrl: must be at most 100 bytes"],
      [{ MaxMemberNum: 6001 }, "MaxMemberNum: must be at most 6000 for a Public group"],
      [{ MaxMemberNum: 0 }, "MaxMemberNum: must be at least 1"],
      [{ ApplyJoinOption: "Anyone" }, "ApplyJoinOption: must be one of FreeAccess, NeedPermission, DisableApply"],
      [{ AppDefinedData: tooMany }, "AppDefinedData: a group holds at most 10 custom fields; this one would hold 11"],
      [{ AppDefinedData: [{ Key: "bad key", Value: "v" }] }, "AppDefinedData[0].Key"],
      [{ AppDefinedData: [{ Key: "k", Value: "v".repeat(513) }] }, "AppDefinedData[0].Value: must be at most 512"],
      [{ MuteAllMember: "On", ShutUpAllMember: "On" }, "MuteAllMember: give either"],
    ];
    for (const [fields, message] of bad) {
      const answer = await call("modify_group_base_info", { GroupId, ...fields });
      expect(answer, message).toMatchObject(fail(10004));
      expect(answer.ErrorInfo).toContain(message);
    }
    clock.advance(1);
    expect(await info(GroupId)).toEqual(before);
    expect(
      await call("create_group", { Type: "Public", Name: "x", MaxMemberCount: 10, MaxMemberNum: 10 }),
    ).toMatchObject({
      ...fail(10004),
      ErrorInfo: "MaxMemberCount: give either MaxMemberCount or MaxMemberNum, not both",
    });
  });
});
