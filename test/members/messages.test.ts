import { beforeEach, describe, expect, it } from "vitest";
import { call, createGroup, DEMO_APP, fail, OK, T0, type TestClock, textBody, useTestClock } from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const send = (GroupId: string, fields: Record<string, unknown>) =>
  call("send_group_msg", { GroupId, Random: 1, MsgBody: textBody("hi"), ...fields });
const history = async (GroupId: string, extra: Record<string, unknown> = {}) => {
  const answer = await call("group_msg_get_simple", { GroupId, ReqMsgNumber: 20, ...extra });
  expect(answer).toMatchObject(OK);
  return answer.RspMsgList as Record<string, unknown>[];
};
const nextSeq = async (GroupId: string) =>
  (await call("get_group_info", { GroupIdList: [GroupId] })).GroupInfo[0].NextMsgSeq as number;

describe("send_group_msg as Tencent documents it", () => {
  it("answers Tencent's example and keeps its elements as sent", async () => {
    const g = await createGroup({ Owner_Account: "leckie" });
    const MsgBody = [
      { MsgType: "TIMTextElem", MsgContent: { Text: "red packet" } },
      { MsgType: "TIMFaceElem", MsgContent: { Index: 6, Data: "abc\u0000\u0001" } },
    ];
    expect(await call("send_group_msg", { GroupId: g, From_Account: "leckie", Random: 8912345, MsgBody })).toEqual({
      ...OK,
      MsgTime: T0,
      MsgSeq: 1,
    });
    expect((await history(g))[0]).toMatchObject({ From_Account: "leckie", MsgBody, MsgRandom: 8912345 });
  });

  it("takes every element type", async () => {
    const g = await createGroup({ Owner_Account: "o" });
    const bodies = [
      [{ MsgType: "TIMLocationElem", MsgContent: { Desc: "here", Latitude: 22.5, Longitude: 113.9 } }],
      [{ MsgType: "TIMSoundElem", MsgContent: { Url: "https://s/1.m4a", Size: 10, Second: 3, Download_Flag: 2 } }],
      [
        {
          MsgType: "TIMImageElem",
          MsgContent: {
            UUID: "img-1",
            ImageFormat: 1,
            ImageInfoArray: [{ Type: 1, Size: 100, Width: 10, Height: 20, URL: "https://i/1.jpg" }],
          },
        },
      ],
      [{ MsgType: "TIMFileElem", MsgContent: { Url: "https://f/a.pdf", FileSize: 9, FileName: "a.pdf" } }],
      [{ MsgType: "TIMVideoFileElem", MsgContent: { VideoUrl: "https://v/1.mp4", ThumbUrl: "https://v/1.jpg" } }],
      [
        {
          MsgType: "TIMRelayElem",
          MsgContent: { Title: "chat", MsgNum: 1, CompatibleText: "upgrade", AbstractList: ["a: hi"], JsonMsgKey: "k" },
        },
      ],
    ];
    for (const [i, MsgBody] of bodies.entries()) {
      expect(await send(g, { From_Account: "o", Random: i + 1, MsgBody }), MsgBody[0]!.MsgType).toMatchObject(OK);
    }
    const kept = (await history(g)).reverse();
    expect(kept.map((m) => m.MsgBody)).toEqual(bodies);
  });

  it("answers a repeated Random of one sender within five minutes with the first send, storing nothing", async () => {
    const g = await createGroup({ Owner_Account: "o", MemberList: [{ Member_Account: "bob" }] });
    const first = await send(g, { From_Account: "bob", Random: 42 });
    expect(first).toEqual({ ...OK, MsgTime: T0, MsgSeq: 1 });
    clock.advance(299);
    expect(await send(g, { From_Account: "bob", Random: 42, MsgBody: textBody("retry") })).toEqual(first);
    // Another sender's same Random is another message.
    expect(await send(g, { From_Account: "o", Random: 42 })).toEqual({ ...OK, MsgTime: T0 + 299, MsgSeq: 2 });
    expect((await history(g)).map((m) => m.MsgSeq)).toEqual([2, 1]);
    clock.advance(1);
    expect(await send(g, { From_Account: "bob", Random: 42 })).toEqual({ ...OK, MsgTime: T0 + 300, MsgSeq: 3 });
  });

  it("sends as the calling admin when From_Account is absent or empty, and history names the admin", async () => {
    const g = await createGroup({ Owner_Account: "o" });
    expect(await send(g, { Random: 1 })).toMatchObject({ ...OK, MsgSeq: 1 });
    expect(await send(g, { From_Account: "", Random: 2 })).toMatchObject({ ...OK, MsgSeq: 2 });
    expect((await history(g)).map((m) => m.From_Account)).toEqual([DEMO_APP.admin, DEMO_APP.admin]);
  });

  it("keeps MsgPriority and CloudCustomData; an online-only message takes a seq but is not kept", async () => {
    const g = await createGroup({ Owner_Account: "o" });
    await send(g, { From_Account: "o", Random: 1, MsgPriority: "High", CloudCustomData: '{"k":1}' });
    await send(g, { From_Account: "o", Random: 2 });
    await send(g, { From_Account: "o", Random: 3, MsgPriority: "Low", OnlineOnlyFlag: 1 });
    const [online, normal, high] = await history(g);
    expect(high).toMatchObject({ MsgSeq: 1, MsgPriority: 1, CloudCustomData: '{"k":1}', MsgKey: `1_1_${T0}` });
    expect(normal).toMatchObject({ MsgSeq: 2, MsgPriority: 2 });
    expect(normal).not.toHaveProperty("CloudCustomData");
    expect(online).toMatchObject({ MsgSeq: 3, IsPlaceMsg: 1, MsgBody: [] });
    expect(await send(g, { Random: 4, MsgPriority: "high" })).toMatchObject(fail(10004));
  });

  it("drops Low messages past 40 a second with MsgDropReason, never High or Normal", async () => {
    const g = await createGroup({ Owner_Account: "o" });
    for (let i = 1; i <= 40; i++) expect(await send(g, { Random: i })).toMatchObject({ ...OK, MsgSeq: i });
    expect(await send(g, { Random: 41, MsgPriority: "Low" })).toEqual({
      ...OK,
      MsgTime: T0,
      MsgSeq: 0,
      MsgDropReason: "MsgFreqCtrl",
    });
    expect(await send(g, { Random: 42, MsgPriority: "High" })).toEqual({ ...OK, MsgTime: T0, MsgSeq: 41 });
    expect(await nextSeq(g)).toBe(42);
    clock.advance(1);
    expect(await send(g, { Random: 43, MsgPriority: "Low" })).toEqual({ ...OK, MsgTime: T0 + 1, MsgSeq: 42 });
  });

  it("refuses a message over 12 KB with 80002, and SendMsgControl with OnlineOnlyFlag; nothing is sent", async () => {
    const g = await createGroup({ Owner_Account: "o" });
    const long = await send(g, { MsgBody: textBody("x".repeat(12_000)), CloudCustomData: "y".repeat(500) });
    expect(long).toMatchObject(fail(80002));
    expect(long.ErrorInfo).toMatch(/at most 12288/);
    const both = await send(g, { OnlineOnlyFlag: 1, SendMsgControl: ["NoUnread"] });
    expect(both).toMatchObject({ ...fail(10004), ErrorInfo: expect.stringContaining("SendMsgControl") });
    expect(
      await send(g, {
        MsgBody: [
          { MsgType: "TIMCustomElem", MsgContent: { Data: "a" } },
          { MsgType: "TIMCustomElem", MsgContent: { Data: "b" } },
        ],
      }),
    ).toMatchObject(fail(10004));
    expect(await nextSeq(g)).toBe(1);
  });
});

describe("group_msg_get_simple", () => {
  it("has no history in an AVChatRoom, as Tencent's", async () => {
    const g = await createGroup({ Type: "AVChatRoom" });
    expect(await send(g, { Random: 1 })).toMatchObject({ ...OK, MsgSeq: 1 });
    expect(await call("group_msg_get_simple", { GroupId: g, ReqMsgNumber: 5 })).toMatchObject(fail(10007));
  });

  it("answers an empty group with an empty list, finished", async () => {
    const g = await createGroup();
    expect(await call("group_msg_get_simple", { GroupId: g, ReqMsgNumber: 5, WithRecalledMsg: 1 })).toEqual({
      ...OK,
      GroupId: g,
      IsFinished: 1,
      RspMsgList: [],
    });
  });
});
