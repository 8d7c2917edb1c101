import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connect } from "../fixtures/live-socket";
import { mockReceiver } from "../fixtures/receiver";
import {
  asApp,
  CALLBACK_APP,
  type CallOptions,
  call,
  captureFaults,
  createGroup,
  fail,
  groupStub,
  mute,
  OK,
  T0,
  textBody,
  useTestClock,
  validSig,
} from "../helpers";

let receiver: ReturnType<typeof mockReceiver>;
let as: CallOptions;
beforeEach(async () => {
  useTestClock();
  receiver = mockReceiver();
  as = await asApp(CALLBACK_APP);
});
afterEach(() => receiver.restore());

let random = 5_000_000;
const send = (GroupId: string, From_Account: string, o: CallOptions = {}, extra: Record<string, unknown> = {}) =>
  call("send_group_msg", { GroupId, From_Account, Random: ++random, MsgBody: textBody("hi"), ...extra }, o);
const members = (o: CallOptions = {}) =>
  createGroup(
    {
      Owner_Account: "owner",
      MemberList: [{ Member_Account: "bob" }, { Member_Account: "ann" }, { Member_Account: "adm", Role: "Admin" }],
    },
    o,
  );
const byCommand = (command: string) => receiver.bodies().filter((b) => b.CallbackCommand === command);
const deliver = (g: string) => runDurableObjectAlarm(groupStub(g, CALLBACK_APP.sdkappid));

describe("Group.CallbackAfterRecallMsg, as Tencent documents it", () => {
  it("one event per call that recalled something: group_msg_recall and delete_group_msg_by_sender", async () => {
    const g = await members(as);
    for (const from of ["bob", "ann", "bob"]) await send(g, from, as);
    const recalled = { GroupId: g, MsgSeqList: [{ MsgSeq: 2 }, { MsgSeq: 9 }] };
    expect(await call("group_msg_recall", recalled, as)).toMatchObject(OK);
    expect(await call("delete_group_msg_by_sender", { GroupId: g, Sender_Account: "bob" }, as)).toEqual(OK);
    // Nothing left to recall: no event.
    expect(await call("group_msg_recall", { GroupId: g, MsgSeqList: [{ MsgSeq: 1 }] }, as)).toMatchObject({
      RecallRetList: [{ MsgSeq: 1, RetCode: 10030 }],
    });
    await deliver(g);
    const event = (seqs: number[]) => ({
      CallbackCommand: "Group.CallbackAfterRecallMsg",
      EventTime: T0 * 1000,
      EventId: expect.any(String),
      Operator_Account: CALLBACK_APP.admin,
      Type: "Public",
      GroupId: g,
      MsgSeqList: seqs.map((MsgSeq) => ({ MsgSeq })),
    });
    expect(byCommand("Group.CallbackAfterRecallMsg")).toEqual([event([2]), event([1, 3])]);
  });

  it("names the TopicId of a recall in a topic", async () => {
    const c = await createGroup({ Type: "Community", Owner_Account: "owner", SupportTopic: 1 }, as);
    const topic = `${c}@TOPIC#_news`;
    const topics = { ...as, service: "million_group_open_http_svc" };
    expect(await call("create_topic", { GroupId: c, TopicId: topic, TopicName: "news" }, topics)).toMatchObject(OK);
    await send(c, "owner", as, { TopicId: topic });
    expect(
      await call("group_msg_recall", { GroupId: c, MsgSeqList: [{ MsgSeq: 1 }], TopicId: topic }, as),
    ).toMatchObject({ RecallRetList: [{ MsgSeq: 1, RetCode: 0 }] });
    await deliver(c);
    expect(byCommand("Group.CallbackAfterRecallMsg")).toMatchObject([
      { Type: "Community", GroupId: c, MsgSeqList: [{ MsgSeq: 1 }], TopicId: topic },
    ]);
  });
});

describe("the live channel's Recall frame", () => {
  it("reaches every socket, in Seq order after the messages it recalls, with the call's Reason", async () => {
    const g = await members();
    const ann = await connect(g, "ann");
    expect(await ann.next()).toMatchObject({ Type: "State", Seq: 0 });
    await send(g, "bob");
    await send(g, "bob");
    expect(await ann.next()).toMatchObject({ Type: "Message", Seq: 1, MsgSeq: 1 });
    expect(await ann.next()).toMatchObject({ Type: "Message", Seq: 2, MsgSeq: 2 });
    const body = { GroupId: g, MsgSeqList: [{ MsgSeq: 2 }, { MsgSeq: 5 }], Reason: "off topic" };
    expect(await call("group_msg_recall", body)).toMatchObject(OK);
    expect(await ann.next()).toEqual({
      Type: "Recall",
      Seq: 3,
      GroupId: g,
      Time: T0,
      Operator_Account: "administrator",
      MsgSeqList: [{ MsgSeq: 2 }],
      Reason: "off topic",
    });
    expect(await call("delete_group_msg_by_sender", { GroupId: g, Sender_Account: "bob" })).toEqual(OK);
    expect(await ann.next()).toEqual({
      Type: "Recall",
      Seq: 4,
      GroupId: g,
      Time: T0,
      Operator_Account: "administrator",
      MsgSeqList: [{ MsgSeq: 1 }],
    });
    // A resume replays it: the frame is in the log, written with the recall.
    const late = await connect(g, "bob", { since: 2 });
    expect(await late.next()).toMatchObject({ Type: "State", Seq: 4 });
    expect(await late.next()).toMatchObject({ Type: "Recall", Seq: 3, MsgSeqList: [{ MsgSeq: 2 }] });
    expect(await late.next()).toMatchObject({ Type: "Recall", Seq: 4, MsgSeqList: [{ MsgSeq: 1 }] });
  });

  it("in an AVChatRoom, reaches those online though nothing is kept", async () => {
    const av = await createGroup({ Type: "AVChatRoom" });
    const viewer = await connect(av, "viewer");
    await viewer.next();
    expect(await send(av, "viewer")).toMatchObject({ MsgSeq: 1 });
    expect(await viewer.next()).toMatchObject({ Type: "Message", MsgSeq: 1 });
    expect(await call("group_msg_recall", { GroupId: av, MsgSeqList: [{ MsgSeq: 1 }] })).toMatchObject(OK);
    expect(await viewer.next()).toMatchObject({ Type: "Recall", Seq: 2, MsgSeqList: [{ MsgSeq: 1 }] });
  });

  it("a recall that fails is not recalled, and neither its frame nor its event exists", async () => {
    const g = await members(as);
    await send(g, "bob", as);
    const query = new URLSearchParams({
      sdkappid: String(CALLBACK_APP.sdkappid),
      identifier: "bob",
      usersig: await validSig(CALLBACK_APP.sdkappid, "bob", CALLBACK_APP.key),
      GroupId: g,
    });
    const bob = await connect(g, "bob", { query: query.toString() });
    // Hand-made breakage: the outbox cannot take the event, so the recall's transaction fails whole.
    await runInDurableObject(groupStub(g, CALLBACK_APP.sdkappid), (_o, s) => {
      s.storage.sql.exec("ALTER TABLE outbox RENAME TO outbox_away");
    });
    const { value, faults } = await captureFaults(() =>
      call("group_msg_recall", { GroupId: g, MsgSeqList: [{ MsgSeq: 1 }] }, as),
    );
    expect(value).toEqual({ ...fail(10002), ErrorInfo: "internal error; safe to retry" });
    expect(faults).toEqual([
      expect.objectContaining({ event: "recall_failed", error: expect.stringContaining("outbox") }),
    ]);
    await runInDurableObject(groupStub(g, CALLBACK_APP.sdkappid), (_o, s) => {
      s.storage.sql.exec("ALTER TABLE outbox_away RENAME TO outbox");
      expect(s.storage.sql.exec("SELECT count(*) AS n FROM live_frames WHERE frame LIKE '%Recall%'").one().n).toBe(0);
    });
    const history = await call("group_msg_get_simple", { GroupId: g, ReqMsgNumber: 1 }, as);
    expect(history.RspMsgList).toMatchObject([{ MsgSeq: 1, IsPlaceMsg: 0, MsgBody: textBody("hi") }]);
    // The next change is the socket's next frame: nothing was pushed for the failed recall.
    expect(await bob.next()).toMatchObject({ Type: "State" });
    await mute(g, ["ann"], 60, as);
    expect(await bob.next()).toMatchObject({ Type: "Tips", TipsType: "MemberInfoChange" });
    await deliver(g);
    expect(byCommand("Group.CallbackAfterRecallMsg")).toEqual([]);
  });
});
