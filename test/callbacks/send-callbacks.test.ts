import { runDurableObjectAlarm } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockReceiver } from "../fixtures/receiver";
import {
  asApp,
  CALLBACK_APP,
  type CallOptions,
  call,
  createGroup,
  fail,
  groupStub,
  mute,
  OK,
  T0,
  textBody,
  useTestClock,
} from "../helpers";

let receiver: ReturnType<typeof mockReceiver>;
let as: CallOptions;
let random = 7_000_000;
beforeEach(async () => {
  useTestClock();
  receiver = mockReceiver();
  as = await asApp(CALLBACK_APP);
});
afterEach(() => receiver.restore());

const send = (GroupId: string, from: string, extra: Record<string, unknown> = {}) =>
  call("send_group_msg", { GroupId, From_Account: from, Random: ++random, MsgBody: textBody("hi"), ...extra }, as);
const commands = () => receiver.bodies().map((b) => b.CallbackCommand);
const deliver = (g: string) => runDurableObjectAlarm(groupStub(g, CALLBACK_APP.sdkappid));

describe("send_group_msg's callbacks", () => {
  it("BeforeSendMsg is asked first; ErrorCode 1 refuses the message with 10016, and nothing is kept", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] }, as);
    receiver.answerWith((r) =>
      Response.json({ ActionStatus: "OK", ErrorCode: r.body.From_Account === "bob" ? 1 : 0, ErrorInfo: "" }),
    );
    expect(await send(g, "bob")).toEqual({
      ...fail(10016),
      ErrorInfo: "the app's callback (Group.CallbackBeforeSendMsg) refused the message",
    });
    expect(receiver.bodies()[0]).toEqual({
      CallbackCommand: "Group.CallbackBeforeSendMsg",
      EventTime: T0 * 1000,
      GroupId: g,
      Type: "Public",
      From_Account: "bob",
      Operator_Account: CALLBACK_APP.admin,
      Random: random,
      OnlineOnlyFlag: 0,
      MsgBody: textBody("hi"),
    });
    expect(await send(g, "owner")).toEqual({ ...OK, MsgTime: T0, MsgSeq: 1 });
    const history = await call("group_msg_get_simple", { GroupId: g, ReqMsgNumber: 5 }, as);
    expect(history.RspMsgList.map((m: { From_Account: string }) => m.From_Account)).toEqual(["owner"]);
  });

  it("a receiver that fails or does not answer lets the message through", async () => {
    const g = await createGroup({ MemberList: [{ Member_Account: "bob" }] }, as);
    receiver.answerWith(() => {
      throw new TypeError("connection refused");
    });
    expect(await send(g, "bob")).toEqual({ ...OK, MsgTime: T0, MsgSeq: 1 });
    receiver.answerWith(() => new Response("not json"));
    expect(await send(g, "bob")).toEqual({ ...OK, MsgTime: T0, MsgSeq: 2 });
  });

  it("AfterSendMsg carries the MsgSeq; a refused sender's SendMsgException its code; each at least once", async () => {
    const g = await createGroup({ MemberList: [{ Member_Account: "bob" }, { Member_Account: "eve" }] }, as);
    await mute(g, ["eve"], 60, as);
    expect(await send(g, "bob", { CloudCustomData: "x" })).toMatchObject({ ...OK, MsgSeq: 1 });
    expect(await send(g, "eve")).toMatchObject(fail(10017));
    await deliver(g);
    const byCommand = (c: string) => receiver.bodies().filter((b) => b.CallbackCommand === c);
    expect(byCommand("Group.CallbackAfterSendMsg")).toEqual([
      {
        CallbackCommand: "Group.CallbackAfterSendMsg",
        EventTime: T0 * 1000,
        EventId: expect.any(String),
        GroupId: g,
        Type: "Public",
        From_Account: "bob",
        Operator_Account: CALLBACK_APP.admin,
        Random: random - 1,
        OnlineOnlyFlag: 0,
        MsgBody: textBody("hi"),
        CloudCustomData: "x",
        MsgSeq: 1,
        MsgTime: T0,
      },
    ]);
    expect(byCommand("Group.CallbackSendMsgException")).toMatchObject([
      {
        From_Account: "eve",
        ErrorCode: 10017,
        ErrorInfo: `From_Account eve is muted in this group until ${T0 + 60} (Unix seconds)`,
      },
    ]);
  });

  it("ForbidCallbackControl skips the callbacks it names", async () => {
    const g = await createGroup({ MemberList: [{ Member_Account: "bob" }] }, as);
    await send(g, "bob", { ForbidCallbackControl: ["ForbidBeforeSendMsgCallback", "ForbidAfterSendMsgCallback"] });
    await deliver(g);
    expect(commands()).toEqual([]);
    await send(g, "bob", { ForbidCallbackControl: ["ForbidAfterSendMsgCallback"] });
    await deliver(g);
    expect(commands()).toEqual(["Group.CallbackBeforeSendMsg"]);
  });
});
