import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { GroupObject } from "../../src/group/group-object";
import { call, createGroup, fail, groupStub, OK, T0, type TestClock, uniqueGroupId, useTestClock } from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const text = (Text: string) => [{ MsgType: "TIMTextElem", MsgContent: { Text } }];
const send = (GroupId: string, From_Account: string | undefined, Text = "hello", Random = 7) =>
  call("send_group_msg", {
    GroupId,
    ...(From_Account === undefined ? {} : { From_Account }),
    Random,
    MsgBody: text(Text),
  });
const history = (GroupId: string, extra: Record<string, unknown> = {}) =>
  call("group_msg_get_simple", { GroupId, ReqMsgNumber: 20, ...extra });

describe("send_group_msg: the send gate", () => {
  it("refuses a muted member with 10017 until the mute runs out, then accepts the same message", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    await call("forbid_send_msg", { GroupId: g, Members_Account: ["bob"], MuteTime: 60 });
    const refused = await send(g, "bob");
    expect(refused).toMatchObject(fail(10017));
    expect(refused.ErrorInfo).toContain(`until ${T0 + 60}`);
    expect((await history(g)).RspMsgList).toEqual([]);

    clock.advance(60);
    await runDurableObjectAlarm(groupStub(g));
    expect(await send(g, "bob")).toEqual({ ...OK, MsgTime: T0 + 60, MsgSeq: 1 });
    expect((await history(g)).RspMsgList).toEqual([
      {
        From_Account: "bob",
        IsPlaceMsg: 0,
        MsgBody: text("hello"),
        MsgPriority: 1,
        MsgRandom: 7,
        MsgSeq: 1,
        MsgTimeStamp: T0 + 60,
      },
    ]);
  });

  it("with mute-all on, only the owner, admins and the app admin can send", async () => {
    const g = await createGroup({
      Owner_Account: "owner",
      MemberList: [{ Member_Account: "adm", Role: "Admin" }, { Member_Account: "bob" }],
    });
    await call("modify_group_base_info", { GroupId: g, MuteAllMember: "On" });
    expect(await send(g, "bob")).toMatchObject({ ...fail(10017), ErrorInfo: expect.stringContaining("MuteAllMember") });
    expect(await send(g, "owner")).toMatchObject(OK);
    expect(await send(g, "adm")).toMatchObject(OK);
    expect(await send(g, undefined)).toMatchObject(OK);
    await call("modify_group_base_info", { GroupId: g, MuteAllMember: "Off" });
    expect(await send(g, "bob")).toMatchObject(OK);
  });

  it("a muted owner is refused too; the app admin is never muted", async () => {
    const g = await createGroup({ Owner_Account: "owner" });
    await call("forbid_send_msg", { GroupId: g, Members_Account: ["owner"], MuteTime: 4294967295 });
    expect(await send(g, "owner")).toMatchObject({ ...fail(10017), ErrorInfo: expect.stringContaining("permanently") });
    expect(await send(g, undefined)).toMatchObject(OK);
  });

  it("refuses non-members, except in an AVChatRoom", async () => {
    const g = await createGroup({ Owner_Account: "owner" });
    expect(await send(g, "stranger")).toMatchObject({
      ...fail(10007),
      ErrorInfo: expect.stringContaining("not a member"),
    });
    const av = await createGroup({ Type: "AVChatRoom" });
    expect(await send(av, "stranger")).toMatchObject(OK);
    await call("forbid_send_msg", { GroupId: av, Members_Account: ["stranger"], MuteTime: 10 });
    expect(await send(av, "stranger")).toMatchObject(fail(10017));
  });

  it("in a BChatRoom only the app admin (no From_Account) sends", async () => {
    const g = await createGroup({ Type: "BChatRoom", Owner_Account: "owner" });
    expect(await send(g, "owner")).toMatchObject({ ...fail(10007), ErrorInfo: expect.stringContaining("BChatRoom") });
    expect(await send(g, undefined)).toMatchObject(OK);
  });

  it("numbers messages per group and keeps MsgTime from the clock", async () => {
    const a = await createGroup({ Owner_Account: "o" });
    const b = await createGroup({ Owner_Account: "o" });
    expect(await send(a, "o")).toEqual({ ...OK, MsgTime: T0, MsgSeq: 1 });
    clock.advance(5);
    expect(await send(a, "o")).toEqual({ ...OK, MsgTime: T0 + 5, MsgSeq: 2 });
    expect(await send(b, "o")).toEqual({ ...OK, MsgTime: T0 + 5, MsgSeq: 1 });
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
      [text("x".repeat(13000)), "MsgBody: is over 12288 bytes"],
      ["text", "MsgBody: must be an array"],
    ];
    for (const [MsgBody, info] of bad) {
      const answer = await call("send_group_msg", { GroupId: g, From_Account: "o", Random: 1, MsgBody });
      expect(answer, info).toMatchObject(fail(10004));
      expect(answer.ErrorInfo).toContain(info);
    }
    expect(await call("send_group_msg", { GroupId: g, From_Account: "o", MsgBody: text("x") })).toMatchObject({
      ...fail(10004),
      ErrorInfo: "Random: is required",
    });
    expect((await history(g)).RspMsgList).toHaveLength(1);
  });

  it("10010 for a missing group", async () => {
    expect(await send(uniqueGroupId(), "o")).toMatchObject(fail(10010));
  });
});

describe("group_msg_get_simple", () => {
  it("serves history newest first, paged by ReqMsgSeq and ReqMsgNumber, keeping the last 1000", async () => {
    const g = await createGroup({ Owner_Account: "o" });
    // 1005 messages straight into the object; going through HTTP would only make the test slow.
    await runInDurableObject(groupStub(g), (instance: GroupObject) => {
      for (let i = 1; i <= 1005; i++) instance.send("o", i, JSON.stringify(text(`m${i}`)));
    });
    await runInDurableObject(groupStub(g), (_i, state) => {
      expect(state.storage.sql.exec<{ n: number }>("SELECT COUNT(*) AS n FROM messages").one().n).toBe(1000);
    });
    const newest = await history(g, { ReqMsgNumber: 3 });
    expect(newest).toMatchObject({ ...OK, GroupId: g, IsFinished: 0 });
    expect(newest.RspMsgList.map((m: { MsgSeq: number }) => m.MsgSeq)).toEqual([1005, 1004, 1003]);
    const older = await history(g, { ReqMsgSeq: 10, ReqMsgNumber: 20 });
    expect(older.RspMsgList.map((m: { MsgSeq: number }) => m.MsgSeq)).toEqual([10, 9, 8, 7, 6]);
    expect(older.IsFinished).toBe(1);
    expect((await history(g, { ReqMsgSeq: 5 })).RspMsgList).toEqual([]);
    expect(await history(g, { ReqMsgNumber: 21 })).toMatchObject(fail(10004));
    expect(await call("group_msg_get_simple", { GroupId: g })).toMatchObject({
      ...fail(10004),
      ErrorInfo: "ReqMsgNumber: is required",
    });
  });
});
