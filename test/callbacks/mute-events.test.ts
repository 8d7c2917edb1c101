import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mockReceiver } from "../fixtures/receiver";
import {
  asApp,
  CALLBACK_APP,
  CALLBACK_TOKEN,
  type CallOptions,
  call,
  createGroup,
  groupStub,
  mute,
  OK,
  T0,
  type TestClock,
  useTestClock,
} from "../helpers";

let clock: TestClock;
let receiver: ReturnType<typeof mockReceiver>;
let as: CallOptions;
beforeEach(async () => {
  clock = useTestClock();
  receiver = mockReceiver();
  as = await asApp(CALLBACK_APP);
});
afterEach(() => receiver.restore());

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const deliver = (g: string) => runDurableObjectAlarm(groupStub(g, CALLBACK_APP.sdkappid));
const sha256Hex = async (text: string) =>
  [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");

describe("Group.CallbackAfterMuteChanged", () => {
  it("a mute reaches the receiver as Tencent's callbacks do: signed query, EventTime, EventId", async () => {
    const g = await createGroup({ Owner_Account: "owner" }, as);
    expect(await mute(g, ["bob", "ann"], 60, as)).toEqual(OK);
    expect(receiver.received).toEqual([]);
    expect(await deliver(g)).toBe(true);
    expect(receiver.received).toHaveLength(1);
    const [r] = receiver.received;
    expect(Object.fromEntries(r!.query)).toEqual({
      SdkAppid: String(CALLBACK_APP.sdkappid),
      CallbackCommand: "Group.CallbackAfterMuteChanged",
      contenttype: "json",
      ClientIP: "",
      OptPlatform: "RESTAPI",
      RequestTime: String(T0),
      Sign: await sha256Hex(`${CALLBACK_TOKEN}${T0}`),
    });
    expect(r!.body).toEqual({
      CallbackCommand: "Group.CallbackAfterMuteChanged",
      EventTime: T0 * 1000,
      EventId: expect.stringMatching(UUID),
      GroupId: g,
      Type: "Public",
      Operator_Account: CALLBACK_APP.admin,
      Change: "Mute",
      MuteChangeList: [
        { Member_Account: "bob", MutedUntil: T0 + 60, Reason: "" },
        { Member_Account: "ann", MutedUntil: T0 + 60, Reason: "" },
      ],
    });
  });

  it("mutes, unmutes, expiries and mute-all arrive in order, one event per change", async () => {
    const g = await createGroup({ Owner_Account: "owner" }, as);
    await mute(g, ["a", "b"], 30, as);
    await mute(g, ["a", "nobody"], 0, as);
    await call("modify_group_base_info", { GroupId: g, MuteAllMember: "On" }, as);
    // Already on: nothing changed, no event.
    await call("modify_group_base_info", { GroupId: g, MuteAllMember: "On" }, as);
    await deliver(g);
    clock.advance(30);
    await deliver(g);
    expect(receiver.bodies().map((b) => [b.Change, b.MuteChangeList, b.Operator_Account])).toEqual([
      [
        "Mute",
        [
          { Member_Account: "a", MutedUntil: T0 + 30, Reason: "" },
          { Member_Account: "b", MutedUntil: T0 + 30, Reason: "" },
        ],
        CALLBACK_APP.admin,
      ],
      // Only what was muted is unmuted.
      ["Unmute", [{ Member_Account: "a", MutedUntil: 0, Reason: "" }], CALLBACK_APP.admin],
      ["MuteAll", [], CALLBACK_APP.admin],
      ["Expire", [{ Member_Account: "b", MutedUntil: T0 + 30, Reason: "" }], ""],
    ]);
    expect(new Set(receiver.bodies().map((b) => b.EventId)).size).toBe(4);
  });

  it("an expiry replaced before the sweep still reports its end, before the new mute", async () => {
    const g = await createGroup({}, as);
    await mute(g, ["a"], 10, as);
    await deliver(g);
    clock.advance(20);
    // The alarm has not run: the row is still there, out of time.
    await mute(g, ["a"], 100, as);
    await deliver(g);
    expect(receiver.bodies().map((b) => [b.Change, b.MuteChangeList[0].MutedUntil])).toEqual([
      ["Mute", T0 + 10],
      ["Expire", T0 + 10],
      ["Mute", T0 + 120],
    ]);
  });

  it("a failing receiver gets the same event again with backoff, and the later ones wait behind it", async () => {
    const g = await createGroup({}, as);
    receiver.answerWith(() => new Response("busy", { status: 503 }));
    await mute(g, ["a"], 600, as);
    await deliver(g);
    await mute(g, ["b"], 600, as);
    // Before its retry time, nothing is sent: not the failed event, not the one behind it.
    await deliver(g);
    expect(receiver.bodies().map((b) => b.MuteChangeList[0].Member_Account)).toEqual(["a"]);
    const firstId = receiver.bodies()[0]!.EventId;
    const info = await call("get_group_info", { GroupIdList: [g] }, as);
    expect(info.GroupInfo[0].UndeliveredCallbacks).toBe(2);

    receiver.answerWith(() => Response.json({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" }));
    clock.advance(1);
    await deliver(g);
    expect(receiver.bodies().map((b) => b.MuteChangeList[0].Member_Account)).toEqual(["a", "a", "b"]);
    expect(receiver.bodies()[1]!.EventId).toBe(firstId);
    // Delivered: never again.
    clock.advance(600);
    await deliver(g);
    expect(receiver.bodies().filter((b) => b.Change !== "Expire")).toHaveLength(3);
    expect((await call("get_group_info", { GroupIdList: [g] }, as)).GroupInfo[0].UndeliveredCallbacks).toBe(0);
  });

  it("a dead receiver never holds back the sweep: expired rows go, their events wait", async () => {
    const g = await createGroup({}, as);
    receiver.answerWith(() => {
      throw new TypeError("connection refused");
    });
    await mute(g, ["a", "b"], 10, as);
    clock.advance(10);
    await deliver(g);
    const rows = await runInDurableObject(
      groupStub(g, CALLBACK_APP.sdkappid),
      (_: unknown, state: DurableObjectState) => state.storage.sql.exec("SELECT count(*) AS n FROM mutes").one().n,
    );
    expect(rows).toBe(0);
    expect((await call("get_group_info", { GroupIdList: [g] }, as)).GroupInfo[0].UndeliveredCallbacks).toBe(2);
  });

  it("the backoff doubles, up to five minutes, with jitter below the full wait", async () => {
    const { retryDelayMs } = await import("../../src/scheduler/outbox");
    expect([0, 1, 2, 3].map((n) => retryDelayMs(n, 0))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(20, 0)).toBe(300_000);
    expect(retryDelayMs(0, 1)).toBe(800);
  });

  it("topic mutes carry their TopicId; a destroyed topic's mutes end as an Unmute", async () => {
    const g = await createGroup({ Type: "Community", SupportTopic: 1 }, as);
    const topics = { ...as, service: "million_group_open_http_svc" };
    const t = `${g}@TOPIC#_t`;
    await call("create_topic", { GroupId: g, TopicId: t, TopicName: "t" }, topics);
    await call("forbid_send_msg", { GroupId: g, TopicId: t, Members_Account: ["a"], MuteTime: 60 }, as);
    await call("destroy_topic", { GroupId: g, TopicIdList: [t] }, topics);
    await deliver(g);
    expect(receiver.bodies().map((b) => [b.Change, b.TopicId, b.MuteChangeList[0].MutedUntil])).toEqual([
      ["Mute", t, T0 + 60],
      ["Unmute", t, 0],
    ]);
  });

  it("events written before destroy_group are delivered after it", async () => {
    const g = await createGroup({}, as);
    receiver.answerWith(() => new Response("down", { status: 500 }));
    await mute(g, ["a"], 60, as);
    await deliver(g);
    expect(await call("destroy_group", { GroupId: g }, as)).toEqual(OK);
    receiver.answerWith(() => Response.json({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" }));
    clock.advance(2);
    await deliver(g);
    expect(receiver.bodies().map((b) => b.Change)).toEqual(["Mute", "Mute"]);
  });

  it("an app without a receiver writes no events and answers no UndeliveredCallbacks", async () => {
    const g = await createGroup();
    await mute(g, ["a"], 60);
    const info = await call("get_group_info", { GroupIdList: [g] });
    expect(info.GroupInfo[0]).not.toHaveProperty("UndeliveredCallbacks");
    expect(receiver.received).toEqual([]);
  });
});
