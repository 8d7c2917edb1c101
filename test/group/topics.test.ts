import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import {
  type Answer,
  call,
  createGroup,
  fail,
  groupStub,
  mute,
  OK,
  T0,
  type TestClock,
  textBody,
  useTestClock,
} from "../helpers";

const TOPICS = { service: "million_group_open_http_svc" };
let clock: TestClock;
let random = 5_000_000;
beforeEach(() => {
  clock = useTestClock();
});

/** A Community with topics, its owner, admin "adm" and members a, b, c. */
async function community(): Promise<string> {
  return createGroup({
    Type: "Community",
    SupportTopic: 1,
    Owner_Account: "owner",
    MemberList: [{ Member_Account: "adm", Role: "Admin" }, ...["a", "b", "c"].map((m) => ({ Member_Account: m }))],
  });
}

const topicCall = (command: string, body: Record<string, unknown>): Promise<Answer> => call(command, body, TOPICS);

async function createTopic(GroupId: string, suffix: string, extra: Record<string, unknown> = {}): Promise<string> {
  const answer = await topicCall("create_topic", {
    GroupId,
    TopicId: `${GroupId}@TOPIC#_${suffix}`,
    TopicName: suffix,
    ...extra,
  });
  expect(answer).toEqual({ ...OK, TopicId: `${GroupId}@TOPIC#_${suffix}` });
  return answer.TopicId as string;
}

const muteIn = (GroupId: string, TopicId: string, accounts: string[], MuteTime: number) =>
  call("forbid_send_msg", { GroupId, TopicId, Members_Account: accounts, MuteTime });
const listIn = (GroupId: string, TopicId?: string) => call("get_group_muted_account", { GroupId, TopicId });
const sendIn = (GroupId: string, from: string, TopicId?: string) =>
  call("send_group_msg", { GroupId, TopicId, From_Account: from, Random: ++random, MsgBody: textBody("hi") });

describe("Community IDs", () => {
  it("a custom Community ID starts with @TGS#_; SupportTopic 1 is for a Community only", async () => {
    const g = await community();
    expect(g.startsWith("@TGS#_g")).toBe(true);
    expect(await call("create_group", { Type: "Public", Name: "p", SupportTopic: 1 })).toEqual({
      ...fail(10004),
      ErrorInfo: "SupportTopic: only a Community can support topics",
    });
    expect(await call("create_group", { Type: "Community", Name: "c", SupportTopic: 2 })).toEqual({
      ...fail(10004),
      ErrorInfo: "SupportTopic: must be 0 or 1",
    });
  });
});

describe("the topic commands, as Tencent documents them", () => {
  it("create_topic: generated and custom TopicIds, the all-in-one example", async () => {
    const g = await community();
    const generated = await topicCall("create_topic", { GroupId: g, TopicName: "TestTopic" });
    expect(generated).toMatchObject(OK);
    expect(generated.TopicId).toMatch(new RegExp(`^${g.replaceAll("#", "\\#")}@TOPIC#_@TOPIC#c[A-Z0-9]{11}$`));
    const all = await topicCall("create_topic", {
      GroupId: g,
      TopicId: `${g}@TOPIC#_TestTopic`,
      TopicName: "TestTopic",
      From_Account: "a",
      CustomString: "This is a custom string",
      FaceUrl: "http://this.is.face.url",
      Notification: "This is topic Notification",
      Introduction: "This is topic Introduction",
    });
    expect(all).toEqual({ ...OK, TopicId: `${g}@TOPIC#_TestTopic` });
    const got = await topicCall("get_topic", { GroupId: g, From_Account: "a", TopicIdList: [all.TopicId] });
    expect(got).toEqual({
      ...OK,
      TopicAndSelfInfo: [
        {
          ErrorCode: 0,
          ErrorInfo: "",
          TopicInfo: {
            TopicId: `${g}@TOPIC#_TestTopic`,
            TopicName: "TestTopic",
            GroupID: g,
            FaceUrl: "http://this.is.face.url",
            Notification: "This is topic Notification",
            Introduction: "This is topic Introduction",
            CustomString: "This is a custom string",
            CreateTime: T0,
            LastMsgTime: 0,
            NextMsgSeq: 1,
            ShutUpAllFlag: 0,
            TopicDefinedData: [],
          },
          SelfInfo: { ShutUpTime: 0, MsgSeq: 0, MsgFlag: "AcceptAndNotify" },
        },
      ],
    });
    // Without TopicIdList: every topic, in creation order; ResponseFilter picks the fields.
    const listed = await topicCall("get_topic", { GroupId: g, ResponseFilter: ["TopicName"] });
    expect(listed.TopicAndSelfInfo).toEqual([
      { ErrorCode: 0, ErrorInfo: "", TopicInfo: { TopicId: generated.TopicId, TopicName: "TestTopic" } },
      { ErrorCode: 0, ErrorInfo: "", TopicInfo: { TopicId: all.TopicId, TopicName: "TestTopic" } },
    ]);
  });

  it("create_topic refuses bad custom IDs (10004), a taken one (10021), and past 100 topics", async () => {
    const g = await community();
    for (const [TopicId, why] of [
      ["other@TOPIC#_x", "must be the GroupId followed by @TOPIC#_ and a custom part"],
      [`${g}@TOPIC#_`, "must have a custom part after @TOPIC#_"],
      [
        `${g}@TOPIC#_@TOPIC#cX`,
        "its custom part must not start with @TOPIC#, which is reserved for generated TopicIds",
      ],
      [`${g}@TOPIC#_a@TGS#_b`, "its custom part must not contain @TGS#_"],
    ]) {
      expect(await topicCall("create_topic", { GroupId: g, TopicId, TopicName: "n" })).toEqual({
        ...fail(10004),
        ErrorInfo: `TopicId: ${why}`,
      });
    }
    expect((await topicCall("create_topic", { GroupId: g, TopicName: "x".repeat(31) })).ErrorInfo).toBe(
      "TopicName: must be 1 to 30 bytes",
    );
    const t = await createTopic(g, "one");
    expect(await topicCall("create_topic", { GroupId: g, TopicId: t, TopicName: "again" })).toEqual({
      ...fail(10021),
      ErrorInfo: `TopicId: ${t} is already taken`,
    });
    for (let i = 1; i < 100; i++)
      expect(await topicCall("create_topic", { GroupId: g, TopicName: `t${i}` })).toMatchObject(OK);
    expect(await topicCall("create_topic", { GroupId: g, TopicName: "101st" })).toEqual({
      ...fail(10004),
      ErrorInfo: "the group has 100 topics, the most a community may have",
    });
  });

  it("modify_topic changes the fields given; MuteAllMember answers as ShutUpAllFlag", async () => {
    const g = await community();
    const t = await createTopic(g, "TestTopic");
    expect(
      await topicCall("modify_topic", {
        GroupId: g,
        TopicId: t,
        TopicName: "TestTopicName",
        Notification: "Notification",
      }),
    ).toEqual(OK);
    expect(await topicCall("modify_topic", { GroupId: g, TopicId: t, MuteAllMember: "On" })).toEqual(OK);
    const info = (await topicCall("get_topic", { GroupId: g })).TopicAndSelfInfo[0].TopicInfo;
    expect(info).toMatchObject({
      TopicName: "TestTopicName",
      Notification: "Notification",
      Introduction: "",
      ShutUpAllFlag: 1,
    });
    expect(await topicCall("modify_topic", { GroupId: g, TopicId: `${g}@TOPIC#_none`, TopicName: "n" })).toEqual({
      ...fail(110003),
      ErrorInfo: `TopicId: ${g}@TOPIC#_none does not exist in the group, or was destroyed`,
    });
  });

  it("destroy_topic answers per topic (110003 for one already gone) and takes its mutes and messages", async () => {
    const g = await community();
    const t = await createTopic(g, "TestTopic");
    const t1 = await createTopic(g, "TestTopic_1");
    expect(await muteIn(g, t, ["a"], 600)).toEqual(OK);
    expect(await sendIn(g, "b", t)).toMatchObject({ ...OK, MsgSeq: 1 });
    expect(await topicCall("destroy_topic", { GroupId: g, TopicIdList: [t, t1] })).toEqual({
      ...OK,
      DestroyResultItem: [
        { ErrorCode: 0, ErrorInfo: "", TopicId: t },
        { ErrorCode: 0, ErrorInfo: "", TopicId: t1 },
      ],
    });
    expect((await topicCall("destroy_topic", { GroupId: g, TopicIdList: [t] })).DestroyResultItem).toEqual([
      { ErrorCode: 110003, ErrorInfo: `${t} does not exist in the group, or was destroyed`, TopicId: t },
    ]);
    expect(await listIn(g, t)).toMatchObject(fail(110003));
    // The same TopicId again is a new topic: no mutes, no messages.
    await createTopic(g, "TestTopic");
    expect(await listIn(g, t)).toEqual({ ...OK, GroupId: g, MutedAccountList: [] });
    expect(await sendIn(g, "a", t)).toMatchObject({ ...OK, MsgSeq: 1 });
    expect((await call("group_msg_get_simple", { GroupId: g, TopicId: t, ReqMsgNumber: 20 })).RspMsgList).toHaveLength(
      1,
    );
  });

  it("11000 on a group without topics, 10010 on none, 10015 on a malformed GroupId", async () => {
    const plain = await createGroup({ Type: "Community" });
    const publicGroup = await createGroup();
    for (const g of [plain, publicGroup]) {
      expect(await topicCall("create_topic", { GroupId: g, TopicName: "n" })).toMatchObject(fail(11000));
      expect(await topicCall("get_topic", { GroupId: g })).toMatchObject(fail(11000));
      expect(await muteIn(g, `${g}@TOPIC#_x`, ["a"], 60)).toMatchObject(fail(11000));
      expect(await listIn(g, `${g}@TOPIC#_x`)).toMatchObject(fail(11000));
    }
    // Before the type's own refusals: an AVChatRoom keeps no member list and no history.
    const live = await createGroup({ Type: "AVChatRoom" });
    const topic = `${live}@TOPIC#_x`;
    expect(
      await call("modify_group_member_info", { GroupId: live, TopicId: topic, Member_Account: "a", MuteTime: 1 }),
    ).toMatchObject(fail(11000));
    expect(await call("group_msg_get_simple", { GroupId: live, TopicId: topic, ReqMsgNumber: 1 })).toMatchObject(
      fail(11000),
    );
    expect(await topicCall("get_topic", { GroupId: "@TGS#_none" })).toMatchObject(fail(10010));
    expect(await topicCall("destroy_topic", { GroupId: "has space", TopicIdList: ["x@TOPIC#_y"] })).toMatchObject(
      fail(10015),
    );
    expect(await topicCall("destroy_topic", { GroupId: plain, TopicIdList: [] })).toEqual({
      ...fail(10004),
      ErrorInfo: "TopicIdList: must name at least one topic",
    });
  });
});

describe("topic-scoped mutes", () => {
  it("a topic mute applies in that topic only, and each list answers its own scope", async () => {
    const g = await community();
    const t1 = await createTopic(g, "one");
    const t2 = await createTopic(g, "two");
    expect(await muteIn(g, t1, ["a"], 600)).toEqual(OK);
    expect(await listIn(g, t1)).toEqual({
      ...OK,
      GroupId: g,
      MutedAccountList: [{ Member_Account: "a", MutedUntil: T0 + 600 }],
    });
    expect(await listIn(g, t2)).toEqual({ ...OK, GroupId: g, MutedAccountList: [] });
    expect(await listIn(g)).toEqual({ ...OK, GroupId: g, MutedAccountList: [] });
    const refused = await sendIn(g, "a", t1);
    expect(refused).toEqual({
      ...fail(10017),
      ErrorInfo: `From_Account a is muted in this topic until ${T0 + 600} (Unix seconds)`,
    });
    expect(await sendIn(g, "a", t2)).toMatchObject({ ...OK, MsgSeq: 1 });
    expect(await sendIn(g, "a")).toMatchObject({ ...OK, MsgSeq: 1 });
    // The member's own view shows the group's mute, not the topic's.
    const member = await call("get_specified_group_member_info", { GroupId: g, Member_List_Account: ["a"] });
    expect(member.MemberList[0]).toMatchObject({ MuteUntil: 0, ShutUpUntil: 0 });
    expect(await topicCall("get_topic", { GroupId: g, From_Account: "stranger" })).toEqual({
      ...fail(10007),
      ErrorInfo: "From_Account: stranger is not a member of the group",
    });
    // get_topic's SelfInfo shows the topic's.
    const self = await topicCall("get_topic", { GroupId: g, From_Account: "a", TopicIdList: [t1, t2] });
    expect(self.TopicAndSelfInfo.map((e: Answer) => e.SelfInfo.ShutUpTime)).toEqual([T0 + 600, 0]);
  });

  it("a community mute applies in all its topics, and is listed in the community only", async () => {
    const g = await community();
    const t1 = await createTopic(g, "one");
    expect(await mute(g, ["b"], 300)).toEqual(OK);
    expect(await sendIn(g, "b", t1)).toEqual({
      ...fail(10017),
      ErrorInfo: `From_Account b is muted in this group until ${T0 + 300} (Unix seconds)`,
    });
    expect((await listIn(g, t1)).MutedAccountList).toEqual([]);
    expect((await listIn(g)).MutedAccountList).toEqual([{ Member_Account: "b", MutedUntil: T0 + 300 }]);
  });

  it("modify_group_member_info with TopicId mutes in the topic; unmute and expiry end it", async () => {
    const g = await community();
    const t1 = await createTopic(g, "one");
    expect(
      await call("modify_group_member_info", { GroupId: g, TopicId: t1, Member_Account: "c", MuteTime: 60 }),
    ).toEqual(OK);
    expect((await listIn(g, t1)).MutedAccountList).toEqual([{ Member_Account: "c", MutedUntil: T0 + 60 }]);
    expect((await listIn(g)).MutedAccountList).toEqual([]);
    clock.advance(60);
    // Before any alarm: the read compares with the clock.
    expect((await listIn(g, t1)).MutedAccountList).toEqual([]);
    expect(await sendIn(g, "c", t1)).toMatchObject(OK);
    await runDurableObjectAlarm(groupStub(g));
    expect(await muteIn(g, t1, ["c"], 10)).toEqual(OK);
    expect(await muteIn(g, t1, ["c"], 0)).toEqual(OK);
    expect((await listIn(g, t1)).MutedAccountList).toEqual([]);
  });

  it("the one alarm sweeps expired topic mutes with the group's", async () => {
    const g = await community();
    const t1 = await createTopic(g, "one");
    await muteIn(g, t1, ["a", "b"], 30);
    await muteIn(g, t1, ["c"], 4294967295);
    await mute(g, ["a"], 20);
    clock.advance(30);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    const rows = await runInDurableObject(groupStub(g), (_: unknown, state: DurableObjectState) =>
      state.storage.sql.exec("SELECT topic, account FROM mutes ORDER BY topic, account").toArray(),
    );
    expect(rows).toEqual([{ topic: t1, account: "c" }]);
  });

  it("mute-all in a topic leaves the owner and admins, and the other topics, free to send", async () => {
    const g = await community();
    const t1 = await createTopic(g, "one");
    const t2 = await createTopic(g, "two");
    await topicCall("modify_topic", { GroupId: g, TopicId: t1, MuteAllMember: "On" });
    expect(await sendIn(g, "a", t1)).toEqual({
      ...fail(10017),
      ErrorInfo: "the topic is muted (its MuteAllMember is On); only the group's owner and admins can send",
    });
    expect(await sendIn(g, "adm", t1)).toMatchObject(OK);
    expect(await sendIn(g, "a", t2)).toMatchObject(OK);
    // The community's mute-all applies in every topic.
    await call("modify_group_base_info", { GroupId: g, MuteAllMember: "On" });
    expect(await sendIn(g, "a", t2)).toMatchObject(fail(10017));
  });

  it("110003 for a TopicId the community does not have; 10004 for one that is no TopicId", async () => {
    const g = await community();
    const unknown = `${g}@TOPIC#_unknown`;
    for (const answer of [
      await muteIn(g, unknown, ["a"], 60),
      await listIn(g, unknown),
      await sendIn(g, "a", unknown),
    ]) {
      expect(answer).toEqual({
        ...fail(110003),
        ErrorInfo: `TopicId: ${unknown} does not exist in the group, or was destroyed`,
      });
    }
    expect(await muteIn(g, "no-topic-mark", ["a"], 60)).toEqual({
      ...fail(10004),
      ErrorInfo: 'TopicId: must be the GroupId, "@TOPIC#_" and a custom part: at most 96 bytes of printable ASCII',
    });
  });

  it("a topic has its own MsgSeq and history", async () => {
    const g = await community();
    const t1 = await createTopic(g, "one");
    await sendIn(g, "a");
    await sendIn(g, "a");
    expect(await sendIn(g, "b", t1)).toMatchObject({ ...OK, MsgSeq: 1 });
    const history = await call("group_msg_get_simple", { GroupId: g, TopicId: t1, ReqMsgNumber: 20 });
    expect(history.RspMsgList.map((m: Answer) => [m.From_Account, m.MsgSeq])).toEqual([["b", 1]]);
    const info = (await topicCall("get_topic", { GroupId: g, TopicIdList: [t1] })).TopicAndSelfInfo[0].TopicInfo;
    expect(info).toMatchObject({ NextMsgSeq: 2, LastMsgTime: T0 });
  });
});
