import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { connect } from "../fixtures/live-socket";
import { mockReceiver } from "../fixtures/receiver";
import {
  asApp,
  CALLBACK_APP,
  type CallOptions,
  call,
  createGroup,
  groupStub,
  OK,
  type TestClock,
  textBody,
  useTestClock,
  validSig,
} from "../helpers";

/**
 * Callbacks carry the caller's IP as Tencent's do: `ClientIP` in the query of the request, taken
 * from the call's CF-Connecting-IP. An event written in a group's outbox keeps the IP of the call
 * that made its change (it crosses to the group on the call's own RPC), so a retry days later still
 * carries it; the service's own changes (an expiry) carry "".
 */

let clock: TestClock;
let receiver: ReturnType<typeof mockReceiver>;
let as: CallOptions;
beforeEach(async () => {
  clock = useTestClock();
  receiver = mockReceiver();
  as = await asApp(CALLBACK_APP);
});
afterEach(() => receiver.restore());

const from = (ip: string): CallOptions => ({ ...as, headers: { "CF-Connecting-IP": ip } });
const deliver = (g: string) => runDurableObjectAlarm(groupStub(g, CALLBACK_APP.sdkappid));
/** The ClientIP and the CallbackCommand (with Change, for mute events) of each request received. */
const seen = () =>
  receiver.received.map((r) => [
    r.query.get("ClientIP"),
    r.body.CallbackCommand + (r.body.Change === undefined ? "" : `:${r.body.Change}`),
  ]);

describe("ClientIP", () => {
  it("a mute's event carries the caller's IP, its expiry none, and a retry keeps it", async () => {
    const g = await createGroup({ Owner_Account: "owner" }, as);
    expect(
      await call("forbid_send_msg", { GroupId: g, Members_Account: ["bob"], MuteTime: 30 }, from("203.0.113.7")),
    ).toEqual(OK);
    receiver.answerWith(() => new Response("down", { status: 503 }));
    await deliver(g);
    receiver.answerWith(() => Response.json({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" }));
    clock.advance(30);
    await deliver(g);
    expect(seen()).toEqual([
      ["203.0.113.7", "Group.CallbackAfterMuteChanged:Mute"],
      ["203.0.113.7", "Group.CallbackAfterMuteChanged:Mute"],
      ["", "Group.CallbackAfterMuteChanged:Expire"],
    ]);
  });

  it("every command that changes a mute passes its caller's IP: member info, mute-all, topics", async () => {
    const g = await createGroup(
      { Type: "Community", Owner_Account: "owner", SupportTopic: 1, MemberList: [{ Member_Account: "bob" }] },
      as,
    );
    const v6 = "2001:db8::1";
    const modify = { GroupId: g, Member_Account: "bob", MuteTime: 60 };
    expect(await call("modify_group_member_info", modify, from(v6))).toEqual(OK);
    expect(await call("modify_group_base_info", { GroupId: g, MuteAllMember: "On" }, from("198.51.100.2"))).toEqual(OK);
    const topic = await call(
      "create_topic",
      { GroupId: g, TopicName: "t" },
      { ...as, service: "million_group_open_http_svc" },
    );
    const TopicId = topic.TopicId as string;
    const topicCall = (command: string, body: Record<string, unknown>, ip: string) =>
      call(command, { GroupId: g, ...body }, { ...from(ip), service: "million_group_open_http_svc" });
    expect(await topicCall("modify_topic", { TopicId, MuteAllMember: "On" }, "192.0.2.10")).toMatchObject(OK);
    expect(await call("forbid_send_msg", { GroupId: g, TopicId, Members_Account: ["bob"], MuteTime: 60 }, as)).toEqual(
      OK,
    );
    expect(await topicCall("destroy_topic", { TopicIdList: [TopicId] }, "192.0.2.11")).toMatchObject(OK);
    await deliver(g);
    expect(seen()).toEqual([
      [v6, "Group.CallbackAfterMuteChanged:Mute"],
      ["198.51.100.2", "Group.CallbackAfterMuteChanged:MuteAll"],
      ["192.0.2.10", "Group.CallbackAfterMuteChanged:MuteAll"],
      // No CF-Connecting-IP (a caller not behind Cloudflare, a test): "".
      ["", "Group.CallbackAfterMuteChanged:Mute"],
      ["192.0.2.11", "Group.CallbackAfterMuteChanged:Unmute"],
    ]);
  });

  it("send_group_msg's three callbacks carry the sender's IP", async () => {
    const g = await createGroup({ MemberList: [{ Member_Account: "bob" }, { Member_Account: "eve" }] }, as);
    expect(
      await call("forbid_send_msg", { GroupId: g, Members_Account: ["eve"], MuteTime: 60 }, from("192.0.2.1")),
    ).toEqual(OK);
    const send = (who: string, Random: number) =>
      call("send_group_msg", { GroupId: g, From_Account: who, Random, MsgBody: textBody("hi") }, from("192.0.2.2"));
    expect(await send("bob", 1)).toMatchObject(OK);
    expect(await send("eve", 2)).toMatchObject({ ErrorCode: 10017 });
    await deliver(g);
    expect(seen()).toEqual([
      ["192.0.2.2", "Group.CallbackBeforeSendMsg"],
      ["192.0.2.1", "Group.CallbackAfterMuteChanged:Mute"],
      ["192.0.2.2", "Group.CallbackAfterSendMsg"],
      ["192.0.2.2", "Group.CallbackSendMsgException"],
    ]);
  });

  it("a socket's sends carry the IP it connected from", async () => {
    const g = await createGroup({ MemberList: [{ Member_Account: "bob" }] }, as);
    const usersig = await validSig(CALLBACK_APP.sdkappid, "bob", CALLBACK_APP.key);
    const query = new URLSearchParams({
      sdkappid: String(CALLBACK_APP.sdkappid),
      identifier: "bob",
      usersig,
      GroupId: g,
    });
    const bob = await connect(g, "bob", { query: query.toString(), headers: { "CF-Connecting-IP": "192.0.2.99" } });
    expect(await bob.next()).toMatchObject({ Type: "State" });
    bob.send({ Type: "Send", Random: 5, MsgBody: textBody("hi") });
    let ack = await bob.next();
    while (ack.Type !== "SendAck") ack = await bob.next();
    expect(ack).toMatchObject({ ErrorCode: 0, MsgSeq: 1 });
    await deliver(g);
    expect(seen()).toEqual([
      ["192.0.2.99", "Group.CallbackBeforeSendMsg"],
      ["192.0.2.99", "Group.CallbackAfterSendMsg"],
    ]);
    bob.ws.close();
  });

  it('takes only an IP\'s text: anything else in the header is ""', async () => {
    const g = await createGroup({ Owner_Account: "owner" }, as);
    for (const junk of ["evil&Sign=x", "1.2.3.4, 5.6.7.8", "x".repeat(10), "1".repeat(46), "unknown", "1.2.3.4 5"]) {
      expect(await call("forbid_send_msg", { GroupId: g, Members_Account: ["bob"], MuteTime: 60 }, from(junk))).toEqual(
        OK,
      );
    }
    await deliver(g);
    expect(receiver.received.map((r) => r.query.get("ClientIP"))).toEqual(["", "", "", "", "", ""]);
    expect(receiver.received.every((r) => !r.query.has("Sign") || r.query.getAll("Sign").length === 1)).toBe(true);
  });

  it("an outbox left by a group destroyed before version 15 gets its column when the group is made again", async () => {
    const GroupId = "reborn-with-old-outbox";
    expect(await call("create_group", { Type: "Public", Name: "x", GroupId }, as)).toMatchObject(OK);
    receiver.answerWith(() => new Response("down", { status: 503 }));
    expect(await call("forbid_send_msg", { GroupId, Members_Account: ["bob"], MuteTime: 60 }, as)).toEqual(OK);
    await deliver(GroupId);
    expect(await call("destroy_group", { GroupId }, as)).toEqual(OK);
    // The outbox as a group of version 10 left it: no client_ip.
    await runInDurableObject(groupStub(GroupId, CALLBACK_APP.sdkappid), async (_o, state) => {
      state.storage.sql.exec("ALTER TABLE outbox DROP COLUMN client_ip");
    });
    receiver.answerWith(() => Response.json({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" }));
    expect(await call("create_group", { Type: "Public", Name: "x", GroupId }, as)).toMatchObject(OK);
    const mute = { GroupId, Members_Account: ["ann"], MuteTime: 60 };
    expect(await call("forbid_send_msg", mute, from("192.0.2.5"))).toEqual(OK);
    clock.advance(5);
    await deliver(GroupId);
    expect(seen().slice(-2)).toEqual([
      ["", "Group.CallbackAfterMuteChanged:Mute"],
      ["192.0.2.5", "Group.CallbackAfterMuteChanged:Mute"],
    ]);
  });
});
