/**
 * import_group, import_group_member and import_group_msg as Tencent documents them: its
 * examples verbatim, the times each takes (CreateTime, JoinTime, SendTime) and their rules,
 * the limits and codes, and what the imported group, members and messages read back as.
 */
import { beforeEach, describe, expect, it } from "vitest";
import {
  call,
  createGroup,
  fail,
  listsGroup,
  OK,
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

/** The group of Tencent's basic import_group example, under the generated ID a later example of theirs names. */
async function importedGroup(GroupId: string) {
  const body = { Owner_Account: "leckie", Type: "Public", GroupId, Name: "TestGroup", CreateTime: 1448357837 };
  expect(await call("import_group", body)).toEqual({ ...OK, GroupId });
}

const info = async (GroupId: string) => (await call("get_group_info", { GroupIdList: [GroupId] })).GroupInfo[0];
const members = async (GroupId: string) =>
  (await call("get_group_member_info", { GroupId, MemberInfoFilter: ["Role", "JoinTime"] })).MemberList;
const history = async (GroupId: string, extra: Record<string, unknown> = {}) => {
  const answer = await call("group_msg_get_simple", { GroupId, ReqMsgNumber: 20, ...extra });
  expect(answer).toMatchObject(OK);
  return answer.RspMsgList as Record<string, unknown>[];
};
const message = (From_Account: string, SendTime: number, text = "hi", extra: Record<string, unknown> = {}) => ({
  From_Account,
  SendTime,
  MsgBody: textBody(text),
  ...extra,
});

describe("import_group as Tencent documents it", () => {
  it("imports Tencent's basic example with its CreateTime: the owner joined then, and the app lists it", async () => {
    const answer = await call("import_group", {
      Owner_Account: "leckie",
      Type: "Public",
      Name: "TestGroup",
      CreateTime: 1448357837,
    });
    expect(answer).toEqual({ ...OK, GroupId: expect.stringMatching(/^@TGS#2[A-Z0-9]{8}$/) });
    const g = answer.GroupId as string;
    expect(await info(g)).toMatchObject({
      Type: "Public",
      Name: "TestGroup",
      Owner_Account: "leckie",
      CreateTime: 1448357837,
      LastInfoTime: 1448357837,
      MemberNum: 1,
      NextMsgSeq: 1,
      MuteAllMember: "Off",
    });
    expect(await members(g)).toEqual([{ Member_Account: "leckie", Role: "Owner", JoinTime: 1448357837 }]);
    expect(await listsGroup(g)).toBe(true);
  });

  it("imports Tencent's Community example with topics, created now", async () => {
    const answer = await call("import_group", { Type: "Community", Name: "test_import_group", SupportTopic: 1 });
    expect(answer).toEqual({ ...OK, GroupId: expect.stringMatching(/^@TGS#_@TGS#c[A-Z0-9]{11}$/) });
    const g = answer.GroupId as string;
    expect(await info(g)).toMatchObject({ Type: "Community", CreateTime: T0, MemberNum: 0 });
    const topic = await call(
      "create_topic",
      { GroupId: g, TopicName: "news" },
      { service: "million_group_open_http_svc" },
    );
    expect(topic).toMatchObject(OK);
  });

  it("imports the example with the other optional fields, as create_group takes them", async () => {
    const body = {
      Owner_Account: "leckie",
      Type: "Public",
      GroupId: "MyFirstGroup",
      Name: "TestGroup",
      Introduction: "This is group Introduction",
      Notification: "This is group Notification",
      FaceUrl: "http://this.is.face.url",
      MaxMemberCount: 500,
      ApplyJoinOption: "FreeAccess",
      CreateTime: 1448357837,
      AppDefinedData: [
        { Key: "GroupTestData1", Value: "xxxxx" },
        { Key: "GroupTestData2", Value: "abc\u0000\u0001" },
      ],
    };
    expect(await call("import_group", body)).toEqual({ ...OK, GroupId: "MyFirstGroup" });
    expect(await info("MyFirstGroup")).toMatchObject({
      Introduction: "This is group Introduction",
      Notification: "This is group Notification",
      FaceUrl: "http://this.is.face.url",
      MaxMemberNum: 500,
      ApplyJoinOption: "FreeAccess",
      CreateTime: 1448357837,
      AppDefinedData: body.AppDefinedData,
    });
    // The same GroupId again is taken, as with create_group; the group stays as imported.
    expect(await call("import_group", body)).toMatchObject(fail(10021));
    expect(await call("destroy_group", { GroupId: "MyFirstGroup" })).toEqual(OK);
  });

  it("refuses an AVChatRoom and a BChatRoom with 10007, and creates nothing", async () => {
    for (const Type of ["AVChatRoom", "BChatRoom"]) {
      const GroupId = uniqueGroupId("imp-av");
      const answer = await call("import_group", { Type, Name: "live", GroupId, CreateTime: 1448357837 });
      expect(answer).toEqual({
        ActionStatus: "FAIL",
        ErrorCode: 10007,
        ErrorInfo: `Type: ${Type} groups cannot be imported (Tencent's neither); make one with create_group`,
      });
      expect((await info(GroupId)).ErrorCode).toBe(10010);
    }
  });

  it("takes CreateTime 0 (what the Go SDK sends unset) as now, and refuses one after now", async () => {
    const g = (await call("import_group", { Type: "Private", Name: "p", CreateTime: 0 })).GroupId as string;
    expect((await info(g)).CreateTime).toBe(T0);
    const GroupId = uniqueGroupId("imp-future");
    expect(await call("import_group", { Type: "Public", Name: "f", GroupId, CreateTime: T0 + 1 })).toEqual({
      ActionStatus: "FAIL",
      ErrorCode: 10004,
      ErrorInfo: `CreateTime: must not be after now (${T0}, Unix seconds)`,
    });
    expect(await call("import_group", { Type: "Public", Name: "f", GroupId, CreateTime: -1 })).toMatchObject({
      ...fail(10004),
      ErrorInfo: "CreateTime: must not be negative",
    });
    expect((await info(GroupId)).ErrorCode).toBe(10010);
  });

  it("keeps a GroupId of the generated shape, which create_group refuses; @TGS#_ stays a Community's", async () => {
    const tencents = "@TGS#2ABCDEFGH";
    expect(await call("create_group", { Type: "Public", Name: "c", GroupId: tencents })).toMatchObject(fail(10015));
    expect(await call("import_group", { Type: "Public", Name: "i", GroupId: tencents })).toEqual({
      ...OK,
      GroupId: tencents,
    });
    const community = "@TGS#_@TGS#cABCDEFGHIJK";
    expect(await call("import_group", { Type: "Community", Name: "i", GroupId: community })).toEqual({
      ...OK,
      GroupId: community,
    });
    expect(await call("import_group", { Type: "Public", Name: "i", GroupId: "@TGS#_x" })).toEqual({
      ActionStatus: "FAIL",
      ErrorCode: 10015,
      ErrorInfo: "GroupId: only a Community's GroupId starts with @TGS#_",
    });
    expect(await call("import_group", { Type: "Community", Name: "i", GroupId: "plain" })).toEqual({
      ActionStatus: "FAIL",
      ErrorCode: 10015,
      ErrorInfo: "GroupId: a Community's GroupId must start with @TGS#_",
    });
  });
});

describe("import_group_member as Tencent documents it", () => {
  it("imports Tencent's example with roles and join times, and a repeat changes nothing", async () => {
    await importedGroup("@TGS#2J4SZEAEL");
    const body = {
      GroupId: "@TGS#2J4SZEAEL",
      MemberList: [
        { Member_Account: "tommy", Role: "Admin", JoinTime: 1448357837, UnreadMsgNum: 5 },
        { Member_Account: "jared", JoinTime: 1448357857, UnreadMsgNum: 2 },
      ],
    };
    expect(await call("import_group_member", body)).toEqual({
      ActionStatus: "OK",
      ErrorInfo: "",
      ErrorCode: 0,
      MemberList: [
        { Member_Account: "tommy", Result: 1 },
        { Member_Account: "jared", Result: 1 },
      ],
    });
    const imported = [
      { Member_Account: "leckie", Role: "Owner", JoinTime: 1448357837 },
      { Member_Account: "tommy", Role: "Admin", JoinTime: 1448357837 },
      { Member_Account: "jared", Role: "Member", JoinTime: 1448357857 },
    ];
    expect(await members("@TGS#2J4SZEAEL")).toEqual(imported);
    expect(await call("import_group_member", body)).toMatchObject({
      MemberList: [
        { Member_Account: "tommy", Result: 2 },
        { Member_Account: "jared", Result: 2 },
      ],
    });
    expect(await members("@TGS#2J4SZEAEL")).toEqual(imported);
    expect((await info("@TGS#2J4SZEAEL")).MemberNum).toBe(3);
  });

  it("fails a member (Result 0) joined before the group's creation or after now; absent or 0 is now", async () => {
    const g = (await call("import_group", { Type: "Public", Name: "t", CreateTime: 1_500_000_000 })).GroupId;
    const answer = await call("import_group_member", {
      GroupId: g,
      MemberList: [
        { Member_Account: "early", JoinTime: 1_499_999_999 },
        { Member_Account: "late", JoinTime: T0 + 1 },
        { Member_Account: "first", JoinTime: 1_500_000_000 },
        { Member_Account: "unset", Role: "" },
        { Member_Account: "zero", JoinTime: 0, Role: "Member" },
        { Member_Account: "first", JoinTime: 1_600_000_000, Role: "Admin" },
      ],
    });
    expect(answer.MemberList).toEqual([
      { Member_Account: "early", Result: 0 },
      { Member_Account: "late", Result: 0 },
      { Member_Account: "first", Result: 1 },
      { Member_Account: "unset", Result: 1 },
      { Member_Account: "zero", Result: 1 },
    ]);
    expect(await members(g)).toEqual([
      { Member_Account: "first", Role: "Member", JoinTime: 1_500_000_000 },
      { Member_Account: "unset", Role: "Member", JoinTime: T0 },
      { Member_Account: "zero", Role: "Member", JoinTime: T0 },
    ]);
  });

  it("keeps a banned account out (Result 0) and holds MaxMemberNum (10014, nobody imported)", async () => {
    const g = (await call("import_group", { Type: "Public", Name: "t", CreateTime: T0 - 100, MaxMemberCount: 3 }))
      .GroupId;
    expect(await call("ban_group_member", { GroupId: g, Members_Account: ["eve"], Duration: 600 })).toEqual(OK);
    const answer = await call("import_group_member", {
      GroupId: g,
      MemberList: [{ Member_Account: "eve" }, { Member_Account: "ann" }],
    });
    expect(answer.MemberList).toEqual([
      { Member_Account: "eve", Result: 0 },
      { Member_Account: "ann", Result: 1 },
    ]);
    const full = await call("import_group_member", {
      GroupId: g,
      MemberList: [{ Member_Account: "bob" }, { Member_Account: "cat" }, { Member_Account: "dan" }],
    });
    expect(full).toMatchObject(fail(10014));
    expect((await members(g)).map((m: { Member_Account: string }) => m.Member_Account)).toEqual(["ann"]);
  });

  it("answers the documented codes: 10005 past 300 members, 10004 for the owner's role, 10007, 10010", async () => {
    const g = await createGroup({ Owner_Account: "o" });
    const list = (n: number) => Array.from({ length: n }, (_, i) => ({ Member_Account: `m${i}` }));
    expect(await call("import_group_member", { GroupId: g, MemberList: list(301) })).toEqual({
      ActionStatus: "FAIL",
      ErrorCode: 10005,
      ErrorInfo: "MemberList: must list at most 300 distinct members",
    });
    expect(await call("import_group_member", { GroupId: g, MemberList: [...list(300), ...list(300)] })).toMatchObject({
      ...OK,
      MemberList: expect.any(Array),
    });
    expect((await info(g)).MemberNum).toBe(301);
    expect(
      await call("import_group_member", { GroupId: g, MemberList: [{ Member_Account: "x", Role: "Owner" }] }),
    ).toMatchObject({ ...fail(10004), ErrorInfo: expect.stringContaining("MemberList[0].Role") });
    expect(await call("import_group_member", { GroupId: g, MemberList: [] })).toMatchObject(fail(10004));
    const av = await createGroup({ Type: "AVChatRoom" });
    expect(await call("import_group_member", { GroupId: av, MemberList: list(1) })).toMatchObject(fail(10007));
    expect(await call("import_group_member", { GroupId: uniqueGroupId("none"), MemberList: list(1) })).toMatchObject(
      fail(10010),
    );
  });
});

describe("import_group_msg as Tencent documents it", () => {
  it("imports Tencent's example: the answer as documented, and the history with the original times", async () => {
    await importedGroup("@TGS#2C5SZEAEF");
    const leckie = [
      { MsgType: "TIMTextElem", MsgContent: { Text: "red packet" } },
      { MsgType: "TIMFaceElem", MsgContent: { Index: 6, Data: "abc\u0000\u0001" } },
    ];
    const peter = [{ MsgType: "TIMTextElem", MsgContent: { Text: "red packet" } }];
    const answer = await call("import_group_msg", {
      GroupId: "@TGS#2C5SZEAEF",
      RecentContactFlag: 1,
      MsgList: [
        { From_Account: "leckie", SendTime: 1620808101, Random: 8912345, MsgBody: leckie },
        { From_Account: "peter", SendTime: 1620892821, MsgBody: peter },
      ],
    });
    expect(answer).toEqual({
      ActionStatus: "OK",
      ErrorInfo: "",
      ErrorCode: 0,
      ImportMsgResult: [
        { MsgSeq: 1, MsgTime: 1620808101, Result: 0 },
        { MsgSeq: 2, MsgTime: 1620892821, Result: 0 },
      ],
    });
    expect(await history("@TGS#2C5SZEAEF")).toEqual([
      {
        From_Account: "peter",
        IsPlaceMsg: 0,
        IsSystemMsg: 0,
        MsgBody: peter,
        MsgPriority: 2,
        MsgRandom: 0,
        MsgSeq: 2,
        MsgTimeStamp: 1620892821,
        MsgKey: "2_0_1620892821",
      },
      {
        From_Account: "leckie",
        IsPlaceMsg: 0,
        IsSystemMsg: 0,
        MsgBody: leckie,
        MsgPriority: 2,
        MsgRandom: 8912345,
        MsgSeq: 1,
        MsgTimeStamp: 1620808101,
        MsgKey: "1_8912345_1620808101",
      },
    ]);
    expect(await info("@TGS#2C5SZEAEF")).toMatchObject({ LastMsgTime: 1620892821, NextMsgSeq: 3 });
  });

  it("keeps the time rules per message: not before creation nor the latest message, not after now", async () => {
    const g = (await call("import_group", { Type: "Public", Name: "t", CreateTime: 1_500_000_000 })).GroupId;
    const answer = await call("import_group_msg", {
      GroupId: g,
      MsgList: [
        message("a", 1_499_999_999, "before the group"),
        message("a", 1_500_000_000, "at its creation"),
        message("b", 1_500_000_100, "later"),
        message("c", 1_500_000_100, "the same second"),
        message("d", 1_500_000_050, "out of order"),
        message("e", T0 + 1, "in the future"),
        message("f", 1_500_000_200, "x", { MsgBody: textBody("x".repeat(12 * 1024)) }),
      ],
    });
    expect(answer.ImportMsgResult).toEqual([
      { MsgSeq: 0, MsgTime: 1_499_999_999, Result: 10004 },
      { MsgSeq: 1, MsgTime: 1_500_000_000, Result: 0 },
      { MsgSeq: 2, MsgTime: 1_500_000_100, Result: 0 },
      { MsgSeq: 3, MsgTime: 1_500_000_100, Result: 0 },
      { MsgSeq: 0, MsgTime: 1_500_000_050, Result: 10004 },
      { MsgSeq: 0, MsgTime: T0 + 1, Result: 10004 },
      { MsgSeq: 0, MsgTime: 1_500_000_200, Result: 80002 },
    ]);
    expect((await history(g)).map((m) => [m.MsgSeq, m.From_Account, m.MsgTimeStamp])).toEqual([
      [3, "c", 1_500_000_100],
      [2, "b", 1_500_000_100],
      [1, "a", 1_500_000_000],
    ]);
    // A message sent now comes after them; an import older than it is refused.
    clock.advance(5);
    const sent = await call("send_group_msg", { GroupId: g, Random: 1, MsgBody: textBody("now") });
    expect(sent).toEqual({ ...OK, MsgTime: T0 + 5, MsgSeq: 4 });
    const older = await call("import_group_msg", { GroupId: g, MsgList: [message("a", T0 + 4)] });
    expect(older.ImportMsgResult).toEqual([{ MsgSeq: 0, MsgTime: T0 + 4, Result: 10004 }]);
    const same = await call("import_group_msg", { GroupId: g, MsgList: [message("a", T0 + 5)] });
    expect(same.ImportMsgResult).toEqual([{ MsgSeq: 5, MsgTime: T0 + 5, Result: 0 }]);
  });

  it("keeps CloudCustomData (our extension), and imports into a topic with the topic's own MsgSeq", async () => {
    const g = await createGroup({ Type: "Community", Owner_Account: "o", SupportTopic: 1 });
    const topic = await call(
      "create_topic",
      { GroupId: g, TopicName: "news" },
      { service: "million_group_open_http_svc" },
    );
    const TopicId = topic.TopicId as string;
    const answer = await call("import_group_msg", {
      GroupId: g,
      TopicId,
      MsgList: [message("a", T0, "in the topic", { Random: 5, CloudCustomData: "cloud ✓" })],
    });
    expect(answer.ImportMsgResult).toEqual([{ MsgSeq: 1, MsgTime: T0, Result: 0 }]);
    expect(await history(g, { TopicId })).toEqual([
      expect.objectContaining({ From_Account: "a", MsgSeq: 1, MsgRandom: 5, CloudCustomData: "cloud ✓" }),
    ]);
    expect(await history(g)).toEqual([]);
  });

  it("answers the codes: at most 7 messages, a field named, 10007 for an AVChatRoom, 10010, 11000", async () => {
    const g = await createGroup({ Owner_Account: "o" });
    const seven = Array.from({ length: 7 }, () => message("a", T0));
    expect((await call("import_group_msg", { GroupId: g, MsgList: seven })).ImportMsgResult).toHaveLength(7);
    expect(await call("import_group_msg", { GroupId: g, MsgList: [...seven, message("a", T0)] })).toEqual({
      ActionStatus: "FAIL",
      ErrorCode: 10004,
      ErrorInfo: "MsgList: must hold at most 7 messages",
    });
    expect(
      await call("import_group_msg", { GroupId: g, MsgList: [{ From_Account: "a", MsgBody: textBody("x") }] }),
    ).toEqual({ ActionStatus: "FAIL", ErrorCode: 10004, ErrorInfo: "MsgList[0].SendTime: is required" });
    expect(await call("import_group_msg", { GroupId: g, MsgList: [{ SendTime: T0, MsgBody: textBody("x") }] })).toEqual(
      { ActionStatus: "FAIL", ErrorCode: 10004, ErrorInfo: "MsgList[0].From_Account: is required" },
    );
    expect(await call("import_group_msg", { GroupId: g, MsgList: [message("a", T0)], RecentContactFlag: 2 })).toEqual({
      ActionStatus: "FAIL",
      ErrorCode: 10004,
      ErrorInfo: "RecentContactFlag: must be 0 or 1",
    });
    expect((await info(g)).NextMsgSeq).toBe(8);
    const av = await createGroup({ Type: "AVChatRoom" });
    expect(await call("import_group_msg", { GroupId: av, MsgList: [message("a", T0)] })).toMatchObject(fail(10007));
    const none = uniqueGroupId("none");
    expect(await call("import_group_msg", { GroupId: none, MsgList: [message("a", T0)] })).toMatchObject(fail(10010));
    expect(
      await call("import_group_msg", { GroupId: g, TopicId: `${g}@TOPIC#_x`, MsgList: [message("a", T0)] }),
    ).toMatchObject(fail(11000));
  });
});
