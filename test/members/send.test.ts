import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { GroupObject } from "../../src/group/group-object";
import {
  type Answer,
  call,
  createGroup,
  fail,
  groupStub,
  mute,
  OK,
  outgoing,
  sendText,
  T0,
  type TestClock,
  textBody,
  useTestClock,
} from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const history = (GroupId: string, extra: Record<string, unknown> = {}) =>
  call("group_msg_get_simple", { GroupId, ReqMsgNumber: 20, ...extra });

describe("send_group_msg: the send gate", () => {
  it("refuses a muted member with 10017 until the mute runs out, then accepts the same message", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    await mute(g, ["bob"], 60);
    const refused = await sendText(g, "bob");
    expect(refused).toMatchObject(fail(10017));
    expect(refused.ErrorInfo).toContain(`until ${T0 + 60}`);
    expect((await history(g)).RspMsgList).toEqual([]);

    clock.advance(60);
    await runDurableObjectAlarm(groupStub(g));
    expect(await sendText(g, "bob", "hello", 7)).toEqual({ ...OK, MsgTime: T0 + 60, MsgSeq: 1 });
    expect((await history(g)).RspMsgList).toEqual([
      {
        From_Account: "bob",
        IsPlaceMsg: 0,
        IsSystemMsg: 0,
        MsgBody: textBody("hello"),
        MsgPriority: 2,
        MsgRandom: 7,
        MsgSeq: 1,
        MsgTimeStamp: T0 + 60,
        MsgKey: `1_7_${T0 + 60}`,
      },
    ]);
  });

  it("with mute-all on, only the owner, admins and the app admin can send", async () => {
    const g = await createGroup({
      Owner_Account: "owner",
      MemberList: [{ Member_Account: "adm", Role: "Admin" }, { Member_Account: "bob" }],
    });
    await call("modify_group_base_info", { GroupId: g, MuteAllMember: "On" });
    expect(await sendText(g, "bob")).toMatchObject({
      ...fail(10017),
      ErrorInfo: expect.stringContaining("MuteAllMember"),
    });
    expect(await sendText(g, "owner")).toMatchObject(OK);
    expect(await sendText(g, "adm")).toMatchObject(OK);
    expect(await sendText(g, undefined)).toMatchObject(OK);
    await call("modify_group_base_info", { GroupId: g, MuteAllMember: "Off" });
    expect(await sendText(g, "bob")).toMatchObject(OK);
  });

  it("a muted owner is refused too; the app admin is never muted", async () => {
    const g = await createGroup({ Owner_Account: "owner" });
    await mute(g, ["owner"], 4294967295);
    expect(await sendText(g, "owner")).toMatchObject({
      ...fail(10017),
      ErrorInfo: expect.stringContaining("permanently"),
    });
    expect(await sendText(g, undefined)).toMatchObject(OK);
  });

  it("refuses non-members, except in an AVChatRoom", async () => {
    const g = await createGroup({ Owner_Account: "owner" });
    expect(await sendText(g, "stranger")).toMatchObject({
      ...fail(10007),
      ErrorInfo: expect.stringContaining("not a member"),
    });
    const av = await createGroup({ Type: "AVChatRoom" });
    expect(await sendText(av, "stranger")).toMatchObject(OK);
    await mute(av, ["stranger"], 10);
    expect(await sendText(av, "stranger")).toMatchObject(fail(10017));
  });

  it("in a BChatRoom only the app admin (no From_Account) sends", async () => {
    const g = await createGroup({ Type: "BChatRoom", Owner_Account: "owner" });
    expect(await sendText(g, "owner")).toMatchObject({
      ...fail(10007),
      ErrorInfo: expect.stringContaining("BChatRoom"),
    });
    expect(await sendText(g, undefined)).toMatchObject(OK);
  });

  it("numbers messages per group and keeps MsgTime from the clock", async () => {
    const a = await createGroup({ Owner_Account: "o" });
    const b = await createGroup({ Owner_Account: "o" });
    expect(await sendText(a, "o")).toEqual({ ...OK, MsgTime: T0, MsgSeq: 1 });
    clock.advance(5);
    expect(await sendText(a, "o")).toEqual({ ...OK, MsgTime: T0 + 5, MsgSeq: 2 });
    expect(await sendText(b, "o")).toEqual({ ...OK, MsgTime: T0 + 5, MsgSeq: 1 });
  });

  it("validates MsgBody elements: text, custom and face", async () => {
    const g = await createGroup({ Owner_Account: "o" });
    const body = [
      { MsgType: "TIMTextElem", MsgContent: { Text: "t" } },
      { MsgType: "TIMCustomElem", MsgContent: { Data: "d", Desc: "x", Ext: "e" } },
      { MsgType: "TIMFaceElem", MsgContent: { Index: 6, Data: "abc" } },
    ];
    expect(await call("send_group_msg", { GroupId: g, From_Account: "o", Random: 1, MsgBody: body })).toMatchObject(OK);
    expect((await history(g)).RspMsgList[0].MsgBody).toEqual(body);

    const bad: [unknown, string][] = [
      [[], "MsgBody: must hold at least one element"],
      [[{ MsgType: "TIMSoundElem", MsgContent: {} }], "MsgBody[0]"],
      [[{ MsgType: "TIMTextElem", MsgContent: { Text: 5 } }], "MsgBody[0].MsgContent.Text"],
      [[{ MsgType: "TIMFaceElem", MsgContent: { Index: -1 } }], "MsgBody[0].MsgContent.Index"],
      [[{ MsgType: "TIMCustomElem", MsgContent: {} }], "MsgBody[0].MsgContent.Data: is required"],
      ["text", "MsgBody: must be an array"],
    ];
    for (const [MsgBody, info] of bad) {
      const answer = await call("send_group_msg", { GroupId: g, From_Account: "o", Random: 1, MsgBody });
      expect(answer, info).toMatchObject(fail(10004));
      expect(answer.ErrorInfo).toContain(info);
    }
    expect(await call("send_group_msg", { GroupId: g, From_Account: "o", MsgBody: textBody("x") })).toMatchObject({
      ...fail(10004),
      ErrorInfo: "Random: is required",
    });
    expect((await history(g)).RspMsgList).toHaveLength(1);
  });
});

describe("group_msg_get_simple", () => {
  it("serves history newest first, paged by ReqMsgSeq and ReqMsgNumber, keeping the last 1000", async () => {
    const g = await createGroup({ Owner_Account: "o" });
    // 1005 messages straight into the object; going through HTTP would only make the test slow.
    await runInDurableObject(groupStub(g), async (instance: GroupObject) => {
      const sends = [];
      for (let i = 1; i <= 1005; i++) sends.push(instance.send(outgoing("o", i, JSON.stringify(textBody(`m${i}`)))));
      await Promise.all(sends);
    });
    await runInDurableObject(groupStub(g), (_i, state) => {
      // The oldest go 16 at a time (at seq 1008 here): until then 1..5 stay stored, and unread.
      expect(state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM messages").one().n).toBe(1005);
    });
    const seqs = (answer: Answer) => answer.RspMsgList.map((m: { MsgSeq: number }) => m.MsgSeq);
    const placed = (answer: Answer) => answer.RspMsgList.map((m: { IsPlaceMsg: number }) => m.IsPlaceMsg);
    const newest = await history(g, { ReqMsgNumber: 3 });
    expect(newest).toMatchObject({ ...OK, GroupId: g, IsFinished: 1 });
    expect(seqs(newest)).toEqual([1005, 1004, 1003]);
    // Seqs 1..5 are no longer kept: Tencent's placeholders, IsPlaceMsg 1 with an empty MsgBody.
    const older = await history(g, { ReqMsgSeq: 10, ReqMsgNumber: 20 });
    expect(seqs(older)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    expect(placed(older)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
    expect(older.RspMsgList[9]).toEqual({
      From_Account: "",
      IsPlaceMsg: 1,
      IsSystemMsg: 0,
      MsgBody: [],
      MsgPriority: 2,
      MsgRandom: 0,
      MsgSeq: 1,
      MsgTimeStamp: 0,
    });
    expect(older.IsFinished).toBe(1);
    expect(await history(g, { ReqMsgSeq: 5, ReqMsgNumber: 2 })).toMatchObject({ ...OK, IsFinished: 2 });
    // More than a page: 20 answered, IsFinished 0. ReqMsgSeq 0 (the Go SDK's first page) is the newest.
    const many = await history(g, { ReqMsgSeq: 0, ReqMsgNumber: 21 });
    expect(many).toMatchObject({ ...OK, IsFinished: 0 });
    expect(seqs(many)).toEqual(Array.from({ length: 20 }, (_, i) => 1005 - i));
    expect(await call("group_msg_get_simple", { GroupId: g })).toMatchObject({
      ...fail(10004),
      ErrorInfo: "ReqMsgNumber: is required",
    });
  });
});
