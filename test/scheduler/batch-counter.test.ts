import { abortAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GroupObject } from "../../src/group/group-object";
import { MessageLog } from "../../src/group/message-log";
import { GroupCommit } from "../../src/scheduler/group-commit";
import { takeRows } from "../../src/sql";
import {
  call,
  captureFaults,
  createGroup,
  groupStub,
  OK,
  outgoing,
  sendText,
  T0,
  type TestClock,
  useTestClock,
} from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const originalAppend = MessageLog.prototype.append;
afterEach(() => {
  MessageLog.prototype.append = originalAppend;
});

const SENDERS = ["a", "b", "c", "d", "e"];
const members = { Owner_Account: "owner", MemberList: SENDERS.map((Member_Account) => ({ Member_Account })) };

/** What a restart would read: the group's MsgSeq on disk, and the seqs of the messages kept. */
const onDisk = (state: DurableObjectState) => ({
  ...state.storage.sql
    .exec<{ lastSeq: number; lastMsgTime: number }>(
      "SELECT last_seq AS lastSeq, last_msg_time AS lastMsgTime FROM profile",
    )
    .one(),
  seqs: state.storage.sql
    .exec<{ seq: number }>("SELECT seq FROM messages ORDER BY seq")
    .toArray()
    .map((r) => r.seq),
});

/**
 * Sends that arrive together share one commit; the group's MsgSeq is one row
 * that each of them raises, so the batch stores it once, at the newest.
 */
describe("the MsgSeq of sends that arrive together", () => {
  it("is stored once a batch, at the newest, and a restart goes on from it", async () => {
    const g = await createGroup(members);
    await runInDurableObject(groupStub(g), async (group: GroupObject, state) => {
      const answers = await Promise.all(SENDERS.map((from, i) => group.send(outgoing(from, i + 1))));
      const rows = answers.map((a) => takeRows(a)[1]).reduce((n, r) => n + r, 0);
      expect(answers).toEqual([1, 2, 3, 4, 5].map((seq) => ({ seq, time: T0, dropReason: null })));
      // Three rows a send (the message, its Random, the sender's last send), and the MsgSeq once: not 4 x 5.
      expect(rows).toBe(5 * 3 + 1);
      expect(onDisk(state)).toEqual({ lastSeq: 5, lastMsgTime: T0, seqs: [1, 2, 3, 4, 5] });
    });
    // A fresh object reads the MsgSeq from disk: the next message is the sixth.
    await abortAllDurableObjects();
    expect(await sendText(g, "a", "after a restart", 6)).toMatchObject({ ErrorCode: 0, MsgSeq: 6 });
  });

  it("is stored by the next send when the one that stored it rolls back", async () => {
    const g = await createGroup(members);
    MessageLog.prototype.append = function (this: MessageLog, scope, m) {
      if (m.random === 1 || m.random === 3) throw new Error("injected storage fault");
      originalAppend.call(this, scope, m);
    };
    const { faults } = await captureFaults(() =>
      runInDurableObject(groupStub(g), async (group: GroupObject, state) => {
        const answers = await Promise.all(SENDERS.map((from, i) => group.send(outgoing(from, i + 1))));
        expect(answers.map((a) => (a.refused === undefined ? a.seq : a.refused))).toEqual([10002, 2, 10002, 4, 5]);
        // The first write stored 5 and rolled back; the second stored it again. The failed seqs are gaps.
        expect(onDisk(state)).toEqual({ lastSeq: 5, lastMsgTime: T0, seqs: [2, 4, 5] });
      }),
    );
    expect(faults).toEqual([
      { event: "send_failed", error: "Error: injected storage fault" },
      { event: "send_failed", error: "Error: injected storage fault" },
    ]);
  });

  it("is stored once a batch in a topic too, which keeps its own", async () => {
    const g = await createGroup({ ...members, Type: "Community", SupportTopic: 1 });
    const TopicId = `${g}@TOPIC#_t`;
    const topics = { service: "million_group_open_http_svc" };
    expect(await call("create_topic", { GroupId: g, TopicId, TopicName: "t" }, topics)).toEqual({ ...OK, TopicId });
    await runInDurableObject(groupStub(g), async (group: GroupObject, state) => {
      const inTopic = (from: string, random: number) => ({ ...outgoing(from, random), topicId: TopicId });
      const answers = await Promise.all(SENDERS.map((from, i) => group.send(inTopic(from, i + 1))));
      const rows = answers.map((a) => takeRows(a)[1]).reduce((n, r) => n + r, 0);
      expect(answers.map((a) => (a.refused === undefined ? a.seq : a.refused))).toEqual([1, 2, 3, 4, 5]);
      // A topic's message does not change its sender's group-wide MsgSeq: the member's row is still its last send.
      expect(rows).toBe(5 * 3 + 1);
      const stored = state.storage.sql.exec("SELECT last_seq, last_msg_time FROM topics").toArray();
      expect(stored).toEqual([{ last_seq: 5, last_msg_time: T0 }]);
      expect(state.storage.sql.exec("SELECT last_seq FROM profile").one()).toEqual({ last_seq: 0 });
    });
  });

  it("is stored with the time of the newest send of the batch", async () => {
    const g = await createGroup(members);
    await runInDurableObject(groupStub(g), async (group: GroupObject, state) => {
      const first = group.send(outgoing("a", 1));
      clock.advance(2);
      const second = group.send(outgoing("b", 2));
      const answers = await Promise.all([first, second]);
      expect(answers.map((a) => takeRows(a)[1]).reduce((n, r) => n + r, 0)).toBe(2 * 3 + 1);
      expect(answers).toEqual([
        { seq: 1, time: T0, dropReason: null },
        { seq: 2, time: T0 + 2, dropReason: null },
      ]);
      expect(onDisk(state)).toEqual({ lastSeq: 2, lastMsgTime: T0 + 2, seqs: [1, 2] });
    });
  });

  it("starts again from 1 for a group destroyed and created again in the same object", async () => {
    const g = await createGroup(members);
    const burst = (group: GroupObject, n: number) =>
      Promise.all(SENDERS.slice(0, n).map((from, i) => group.send(outgoing(from, 100 + i))));
    await runInDurableObject(groupStub(g), (group: GroupObject) => burst(group, 5));
    expect(await call("destroy_group", { GroupId: g })).toEqual(OK);
    expect(await createGroup({ ...members, GroupId: g })).toBe(g);
    await runInDurableObject(groupStub(g), async (group: GroupObject, state) => {
      expect((await burst(group, 3)).map((a) => (a.refused === undefined ? a.seq : a.refused))).toEqual([1, 2, 3]);
      expect(onDisk(state)).toEqual({ lastSeq: 3, lastMsgTime: T0, seqs: [1, 2, 3] });
    });
    await abortAllDurableObjects();
    expect(await sendText(g, "a", "after a restart", 6)).toMatchObject({ ErrorCode: 0, MsgSeq: 4 });
  });

  it("is stored every time outside a flush, where there is no batch to share it with, and once in one", async () => {
    const commit = new GroupCommit();
    const stored: number[] = [];
    commit.storeCounter("seq:", 1, 1, (v) => stored.push(v));
    commit.storeCounter("seq:", 1, 1, (v) => stored.push(v));
    // In one flush the second write's seq (3) is stored already.
    await Promise.all([
      commit.add(() => commit.storeCounter("seq:", 2, 3, (v) => stored.push(v)), 0),
      commit.add(() => commit.storeCounter("seq:", 3, 3, (v) => stored.push(v)), 0),
    ]);
    expect(stored).toEqual([1, 1, 3]);
  });
});
