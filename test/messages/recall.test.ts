import { abortAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { GroupObject } from "../../src/group/group-object";
import { GROUP_MIGRATIONS, migrate } from "../../src/group/schema";
import { sqlRows } from "../../src/sql";
import {
  call,
  createGroup,
  fail,
  groupStub,
  OK,
  outgoing,
  rpcAnswer,
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

let random = 3_000_000;
const send = (GroupId: string, From_Account: string, extra: Record<string, unknown> = {}) =>
  call("send_group_msg", { GroupId, From_Account, Random: ++random, MsgBody: textBody("hi"), ...extra });
const recall = (GroupId: string, seqs: number[], extra: Record<string, unknown> = {}) =>
  call("group_msg_recall", { GroupId, MsgSeqList: seqs.map((MsgSeq) => ({ MsgSeq })), ...extra });
const history = async (GroupId: string, extra: Record<string, unknown> = {}) => {
  const answer = await call("group_msg_get_simple", { GroupId, ReqMsgNumber: 20, ...extra });
  expect(answer).toMatchObject(OK);
  return answer.RspMsgList as Record<string, unknown>[];
};
/** Tencent's placeholder of a seq whose message is not there. */
const placeholder = (MsgSeq: number) => ({
  From_Account: "",
  IsPlaceMsg: 1,
  IsSystemMsg: 0,
  MsgBody: [],
  MsgPriority: 2,
  MsgRandom: 0,
  MsgSeq,
  MsgTimeStamp: 0,
});
const group = () =>
  createGroup({ Owner_Account: "leckie", MemberList: [{ Member_Account: "bob" }, { Member_Account: "peter" }] });

describe("group_msg_recall as Tencent documents it", () => {
  it("answers Tencent's example: 100 not there (online only), 101 recalled", async () => {
    const g = await group();
    for (let seq = 1; seq <= 101; seq++) {
      expect(await send(g, "leckie", seq === 100 ? { OnlineOnlyFlag: 1 } : {})).toMatchObject({ MsgSeq: seq });
    }
    // Tencent's request, its GroupId that of a group of this app.
    const answer = await call("group_msg_recall", { GroupId: g, MsgSeqList: [{ MsgSeq: 100 }, { MsgSeq: 101 }] });
    expect(answer).toEqual({
      ActionStatus: "OK",
      ErrorCode: 0,
      ErrorInfo: "",
      RecallRetList: [
        { MsgSeq: 100, RetCode: 10030 },
        { MsgSeq: 101, RetCode: 0 },
      ],
    });
    // The Chinese page's example adds a Reason.
    const withReason = { GroupId: g, MsgSeqList: [{ MsgSeq: 98 }, { MsgSeq: 99 }], Reason: "撤回原因" };
    expect((await call("group_msg_recall", withReason)).RecallRetList).toEqual([
      { MsgSeq: 98, RetCode: 0 },
      { MsgSeq: 99, RetCode: 0 },
    ]);
  });

  it("the history: a placeholder; with WithRecalledMsg, IsPlaceMsg 2 without the body", async () => {
    const g = await group();
    await send(g, "bob", { CloudCustomData: "secret", MsgPriority: "High" });
    clock.advance(5);
    await send(g, "peter");
    expect(await recall(g, [1])).toEqual({ ...OK, RecallRetList: [{ MsgSeq: 1, RetCode: 0 }] });
    const plain = await history(g);
    expect(plain[1]).toEqual(placeholder(1));
    expect(plain[0]).toMatchObject({ MsgSeq: 2, IsPlaceMsg: 0, From_Account: "peter" });
    expect(await history(g, { WithRecalledMsg: 1 })).toEqual([
      expect.objectContaining({ MsgSeq: 2, IsPlaceMsg: 0 }),
      {
        From_Account: "bob",
        IsPlaceMsg: 2,
        IsSystemMsg: 0,
        MsgBody: [],
        MsgPriority: 1,
        MsgRandom: random - 1,
        MsgSeq: 1,
        MsgTimeStamp: T0,
        MsgKey: `1_${random - 1}_${T0}`,
      },
    ]);
    // Without WithRecalledMsg a recalled message is as gone as one not kept (IsFinished 2); with it, answered (1).
    const page = await call("group_msg_get_simple", { GroupId: g, ReqMsgNumber: 1, ReqMsgSeq: 1 });
    expect(page).toEqual({ ...OK, GroupId: g, IsFinished: 2, RspMsgList: [placeholder(1)] });
    const asked = { GroupId: g, ReqMsgNumber: 1, ReqMsgSeq: 1, WithRecalledMsg: 1 };
    expect(await call("group_msg_get_simple", asked)).toMatchObject({ IsFinished: 1, RspMsgList: [{ IsPlaceMsg: 2 }] });
  });

  it("answers one RetCode per distinct MsgSeq in order; a seq recalled, never given or not kept is 10030", async () => {
    const g = await group();
    await send(g, "bob");
    await send(g, "bob");
    expect(await recall(g, [2, 0, 2, 7, 1])).toEqual({
      ...OK,
      RecallRetList: [
        { MsgSeq: 2, RetCode: 0 },
        { MsgSeq: 0, RetCode: 10030 },
        { MsgSeq: 7, RetCode: 10030 },
        { MsgSeq: 1, RetCode: 0 },
      ],
    });
    // Recalled already: nothing is left to recall.
    expect(await recall(g, [1, 2])).toEqual({
      ...OK,
      RecallRetList: [
        { MsgSeq: 1, RetCode: 10030 },
        { MsgSeq: 2, RetCode: 10030 },
      ],
    });
    // The next message takes the next MsgSeq: a recall frees none.
    expect(await send(g, "bob")).toMatchObject({ MsgSeq: 3 });
  });

  it("recalls a message whose write is still queued (the group commit): the recall writes it first", async () => {
    const g = await group();
    await runInDurableObject(groupStub(g), async (object: GroupObject) => {
      const sent = object.send(outgoing("bob", 1, JSON.stringify(textBody("queued"))));
      // The send has its MsgSeq at arrival; its rows wait for the end of the turn. The recall comes first.
      expect(rpcAnswer(object.recall([1], null, "administrator", ""))).toEqual({ results: [{ seq: 1, code: 0 }] });
      expect(rpcAnswer(await sent)).toEqual({ seq: 1, time: T0, dropReason: null });
    });
    expect(await history(g, { WithRecalledMsg: 1 })).toMatchObject([{ MsgSeq: 1, IsPlaceMsg: 2, MsgBody: [] }]);
  });

  it("in a topic recalls the topic's MsgSeq only; 11000 without topics, 110003 for no such topic", async () => {
    const c = await createGroup({ Type: "Community", Owner_Account: "leckie", SupportTopic: 1 });
    const topic = `${c}@TOPIC#_news`;
    const topics = { service: "million_group_open_http_svc" };
    expect(await call("create_topic", { GroupId: c, TopicId: topic, TopicName: "news" }, topics)).toMatchObject(OK);
    await send(c, "leckie");
    await send(c, "leckie", { TopicId: topic });
    expect(await recall(c, [1], { TopicId: topic })).toMatchObject({ RecallRetList: [{ MsgSeq: 1, RetCode: 0 }] });
    expect(await history(c, { TopicId: topic })).toEqual([placeholder(1)]);
    expect(await history(c)).toMatchObject([{ MsgSeq: 1, IsPlaceMsg: 0 }]);
    const plain = await group();
    expect(await recall(plain, [1], { TopicId: `${plain}@TOPIC#_x` })).toMatchObject(fail(11000));
    expect(await recall(c, [1], { TopicId: `${c}@TOPIC#_gone` })).toMatchObject(fail(110003));
  });

  it("AVChatRoom (no messages kept): a MsgSeq it gave out is recalled for those online, later ones 10030", async () => {
    const av = await createGroup({ Type: "AVChatRoom" });
    expect(await call("send_group_msg", { GroupId: av, Random: 1, MsgBody: textBody("live") })).toMatchObject(OK);
    expect(await recall(av, [1, 2])).toEqual({
      ...OK,
      RecallRetList: [
        { MsgSeq: 1, RetCode: 0 },
        { MsgSeq: 2, RetCode: 10030 },
      ],
    });
    expect(await call("group_msg_get_simple", { GroupId: av, ReqMsgNumber: 1 })).toMatchObject(fail(10007));
  });

  it("refuses bad input with the envelope, naming the field, and recalls nothing", async () => {
    const g = await group();
    await send(g, "bob");
    const cases: [unknown, number, string][] = [
      [{ GroupId: g }, 10004, "MsgSeqList"],
      [{ GroupId: g, MsgSeqList: [] }, 10004, "MsgSeqList"],
      [{ GroupId: g, MsgSeqList: Array.from({ length: 11 }, (_, i) => ({ MsgSeq: i + 1 })) }, 10004, "MsgSeqList"],
      [{ GroupId: g, MsgSeqList: [1] }, 10004, "MsgSeqList"],
      [{ GroupId: g, MsgSeqList: [{ MsgSeq: -1 }] }, 10004, "MsgSeq"],
      [{ GroupId: g, MsgSeqList: [{ MsgSeq: "1" }] }, 10004, "MsgSeq"],
      [{ GroupId: g, MsgSeqList: [null] }, 10004, "MsgSeqList"],
      [{ GroupId: g, MsgSeqList: [{ MsgSeq: 1 }], Reason: "x".repeat(101) }, 10004, "Reason"],
      [{ GroupId: g, MsgSeqList: [{ MsgSeq: 1 }], TopicId: "no-mark" }, 10004, "TopicId"],
      [{ GroupId: "bad group", MsgSeqList: [{ MsgSeq: 1 }] }, 10015, "GroupId"],
      [{ GroupId: "no-such-group-recall", MsgSeqList: [{ MsgSeq: 1 }] }, 10010, "does not exist"],
      ["[1]", 60003, "JSON object"],
    ];
    for (const [body, code, names] of cases) {
      const answer = await call("group_msg_recall", body);
      expect(answer, JSON.stringify(body)).toMatchObject(fail(code));
      expect(answer.ErrorInfo, JSON.stringify(body)).toContain(names);
    }
    expect((await history(g))[0]).toMatchObject({ MsgSeq: 1, IsPlaceMsg: 0 });
  });
});

describe("delete_group_msg_by_sender as Tencent documents it", () => {
  it("answers Tencent's example, and recalls that sender's messages only", async () => {
    const g = await group();
    await send(g, "leckie");
    await send(g, "bob");
    await send(g, "leckie");
    // Tencent's request, its GroupId that of a group of this app.
    expect(await call("delete_group_msg_by_sender", { GroupId: g, Sender_Account: "leckie" })).toEqual({
      ActionStatus: "OK",
      ErrorInfo: "",
      ErrorCode: 0,
    });
    expect(await history(g)).toEqual([
      placeholder(3),
      expect.objectContaining({ MsgSeq: 2, From_Account: "bob", IsPlaceMsg: 0 }),
      placeholder(1),
    ]);
    expect((await history(g, { WithRecalledMsg: 1 })).map((m) => [m.MsgSeq, m.IsPlaceMsg])).toEqual([
      [3, 2],
      [2, 0],
      [1, 2],
    ]);
    // Nothing of theirs is left: a second call is OK and changes nothing; so is an account that never sent.
    expect(await call("delete_group_msg_by_sender", { GroupId: g, Sender_Account: "leckie" })).toEqual(OK);
    expect(await call("delete_group_msg_by_sender", { GroupId: g, Sender_Account: "nobody" })).toEqual(OK);
    expect((await history(g))[1]).toMatchObject({ MsgSeq: 2, IsPlaceMsg: 0 });
  });

  it("in a topic, only the topic's messages; in an AVChatRoom, OK and nothing (Tencent's: no error)", async () => {
    const c = await createGroup({ Type: "Community", Owner_Account: "leckie", SupportTopic: 1 });
    const topic = `${c}@TOPIC#_news`;
    const topics = { service: "million_group_open_http_svc" };
    expect(await call("create_topic", { GroupId: c, TopicId: topic, TopicName: "news" }, topics)).toMatchObject(OK);
    await send(c, "leckie");
    await send(c, "leckie", { TopicId: topic });
    const body = { GroupId: c, Sender_Account: "leckie", TopicId: topic };
    expect(await call("delete_group_msg_by_sender", body)).toEqual(OK);
    expect(await history(c, { TopicId: topic })).toEqual([placeholder(1)]);
    expect(await history(c)).toMatchObject([{ MsgSeq: 1, IsPlaceMsg: 0 }]);
    const av = await createGroup({ Type: "AVChatRoom" });
    expect(await call("delete_group_msg_by_sender", { GroupId: av, Sender_Account: "leckie" })).toEqual(OK);
  });

  it("looks through the last 1,000 messages only: about two rows read each (key, row)", async () => {
    const g = await group();
    // 1,500 messages, every third one bob's, sent through the object as 1,500 calls would.
    await runInDurableObject(groupStub(g), async (object: GroupObject) => {
      const sends = Array.from({ length: 1500 }, (_, i) => object.send(outgoing(i % 3 === 0 ? "bob" : "peter", i + 1)));
      expect((await Promise.all(sends)).at(-1)).toMatchObject({ seq: 1500 });
    });
    // The rows the batched writes read are counted at the object's next call: this one.
    expect(await call("get_online_member_num", { GroupId: g })).toMatchObject(OK);
    const before = sqlRows.read;
    expect(await call("delete_group_msg_by_sender", { GroupId: g, Sender_Account: "bob" })).toEqual(OK);
    const read = sqlRows.read - before;
    expect(read).toBeGreaterThanOrEqual(1000);
    expect(read).toBeLessThan(2100);
    const page = await history(g, { ReqMsgSeq: 502, WithRecalledMsg: 1 });
    // Seq 1 + 3k are bob's: recalled from 502 on (501 is the oldest kept); 500 and older are not kept at all.
    expect(page.map((m) => [m.MsgSeq, m.IsPlaceMsg]).slice(0, 5)).toEqual([
      [502, 2],
      [501, 0],
      [500, 1],
      [499, 1],
      [498, 1],
    ]);
    expect((await history(g, { WithRecalledMsg: 1 }))[2]).toMatchObject({ MsgSeq: 1498, IsPlaceMsg: 2 });
  });

  it("refuses bad input with the envelope, naming the field", async () => {
    const g = await group();
    const cases: [unknown, number, string][] = [
      [{ GroupId: g }, 10004, "Sender_Account"],
      [{ GroupId: g, Sender_Account: "" }, 10004, "Sender_Account"],
      [{ GroupId: g, Sender_Account: "x".repeat(33) }, 10004, "Sender_Account"],
      [{ GroupId: g, Sender_Account: ["bob"] }, 10004, "Sender_Account"],
      [{ GroupId: g, Sender_Account: "bob", TopicId: 5 }, 10004, "TopicId"],
      [{ GroupId: "bad group", Sender_Account: "bob" }, 10015, "GroupId"],
      [{ GroupId: "no-such-group-dgmbs", Sender_Account: "bob" }, 10010, "does not exist"],
    ];
    for (const [body, code, names] of cases) {
      const answer = await call("delete_group_msg_by_sender", body);
      expect(answer, JSON.stringify(body)).toMatchObject(fail(code));
      expect(answer.ErrorInfo, JSON.stringify(body)).toContain(names);
    }
  });
});

describe("schema versions 11 and 12 (messages rebuilt, then the recalled column)", () => {
  it("a group's messages from before it are kept, none recalled, and can be recalled", async () => {
    const g = uniqueGroupId("v10");
    await runInDurableObject(groupStub(g), (_i, s) => {
      migrate(s.storage, GROUP_MIGRATIONS.slice(0, 10));
      const sql = s.storage.sql;
      sql.exec(
        "INSERT INTO profile (id, group_id, type, name, owner, created, last_seq, incarnation) " +
          "VALUES (1, ?, 'Public', 'v10', '', ?, 2, 1)",
        g,
        T0 - 1000,
      );
      sql.exec("INSERT INTO messages (topic, seq, sender, random, time, body) VALUES ('', 1, 'bob', 7, ?, '[]')", T0);
      sql.exec("INSERT INTO messages (topic, seq, sender, random, time, body) VALUES ('', 2, 'ann', 8, ?, '[]')", T0);
    });
    await abortAllDurableObjects();
    expect((await history(g)).map((m) => [m.MsgSeq, m.IsPlaceMsg])).toEqual([
      [2, 0],
      [1, 0],
    ]);
    expect(await recall(g, [1])).toMatchObject({ RecallRetList: [{ MsgSeq: 1, RetCode: 0 }] });
    expect((await history(g, { WithRecalledMsg: 1 })).map((m) => [m.MsgSeq, m.IsPlaceMsg])).toEqual([
      [2, 0],
      [1, 2],
    ]);
  });
});
