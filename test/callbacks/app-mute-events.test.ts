import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { appObjectName } from "../../src/contract/object-names";
import { mockReceiver } from "../fixtures/receiver";
import {
  appStub,
  asApp,
  CALLBACK_APP,
  CALLBACK_TOKEN,
  type CallOptions,
  call,
  captureFaults,
  DEMO_APP,
  fail,
  OK,
  T0,
  type TestClock,
  useTestClock,
} from "../helpers";

/**
 * App-wide mutes (setnospeaking) reach the app's receiver as App.CallbackAfterNoSpeakingChanged,
 * with the guarantees of a group's mute events: written in the transaction of the change, in the
 * app object's own outbox, delivered by its alarm in order, retried with backoff, at least once.
 */

let clock: TestClock;
let receiver: ReturnType<typeof mockReceiver>;
let as: CallOptions;
beforeEach(async () => {
  clock = useTestClock();
  receiver = mockReceiver();
  as = { ...(await asApp(CALLBACK_APP)), service: "openconfigsvr" };
});
afterEach(() => receiver.restore());

const app = () => appStub(appObjectName(CALLBACK_APP.sdkappid));
const deliver = () => runDurableObjectAlarm(app());
const set = (body: Record<string, unknown>, ip = "203.0.113.9") =>
  call("setnospeaking", body, { ...as, headers: { "CF-Connecting-IP": ip } });
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const sha256Hex = async (text: string) =>
  [...new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)))]
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
const entry = (account: string, group: number, c2c: number, reason = "") => ({
  Member_Account: account,
  GroupmsgNospeakingUntil: group,
  C2CmsgNospeakingUntil: c2c,
  Reason: reason,
});
/** Each event received: [Change, Operator_Account, ClientIP, MuteChangeList]. */
const events = () =>
  receiver.received.map((r) => [
    r.body.Change,
    r.body.Operator_Account,
    r.query.get("ClientIP"),
    r.body.MuteChangeList,
  ]);
const outboxRows = (stub = app()) =>
  runInDurableObject(stub, (_i, s) => s.storage.sql.exec<{ n: number }>("SELECT count(*) AS n FROM outbox").one().n);

describe("App.CallbackAfterNoSpeakingChanged", () => {
  it("a setnospeaking reaches the receiver as Tencent's callbacks do, once the app object's alarm runs", async () => {
    expect(await set({ Set_Account: "eve", GroupmsgNospeakingTime: 60, Reason: "spam" })).toEqual(OK);
    expect(receiver.received).toEqual([]);
    expect(await deliver()).toBe(true);
    expect(receiver.received).toHaveLength(1);
    const [r] = receiver.received;
    expect(Object.fromEntries(r!.query)).toEqual({
      SdkAppid: String(CALLBACK_APP.sdkappid),
      CallbackCommand: "App.CallbackAfterNoSpeakingChanged",
      contenttype: "json",
      ClientIP: "203.0.113.9",
      OptPlatform: "RESTAPI",
      RequestTime: String(T0),
      Sign: await sha256Hex(`${CALLBACK_TOKEN}${T0}`),
    });
    expect(r!.body).toEqual({
      CallbackCommand: "App.CallbackAfterNoSpeakingChanged",
      EventTime: T0 * 1000,
      EventId: expect.stringMatching(UUID),
      Operator_Account: CALLBACK_APP.admin,
      Change: "Mute",
      MuteChangeList: [entry("eve", T0 + 60, 0, "spam")],
    });
    clock.advance(60);
    await deliver();
  });

  it("mutes, lifts and each kind's end arrive in order; lifting what is not in force tells nothing", async () => {
    expect(await set({ Set_Account: "kim", GroupmsgNospeakingTime: 30, C2CmsgNospeakingTime: 100 })).toEqual(OK);
    expect(await set({ Set_Account: "kim", C2CmsgNospeakingTime: 0 }, "2001:db8::7")).toEqual(OK);
    expect(await set({ Set_Account: "kim", C2CmsgNospeakingTime: 0 })).toEqual(OK);
    expect(await set({ Set_Account: "nobody", GroupmsgNospeakingTime: 0 })).toEqual(OK);
    expect(await set({ Set_Account: "lee", GroupmsgNospeakingTime: 10, C2CmsgNospeakingTime: 20 })).toEqual(OK);
    await deliver();
    clock.advance(10);
    await deliver();
    clock.advance(10);
    await deliver();
    clock.advance(10);
    await deliver();
    const admin = CALLBACK_APP.admin;
    expect(events()).toEqual([
      ["Mute", admin, "203.0.113.9", [entry("kim", T0 + 30, T0 + 100)]],
      ["Unmute", admin, "2001:db8::7", [entry("kim", T0 + 30, 0)]],
      ["Mute", admin, "203.0.113.9", [entry("lee", T0 + 10, T0 + 20)]],
      // Each kind's end is told at its second, by the alarm: the service's own change, no caller, no IP.
      ["Expire", "", "", [entry("lee", 0, T0 + 20)]],
      ["Expire", "", "", [entry("lee", 0, 0)]],
      ["Expire", "", "", [entry("kim", 0, 0)]],
    ]);
    const rows = await runInDurableObject(app(), (_i, s) =>
      s.storage.sql.exec("SELECT account FROM app_mutes WHERE account IN ('kim', 'lee')").toArray(),
    );
    expect(rows).toEqual([]);
  });

  it("a kind that ran out unswept and is set again reports its end first", async () => {
    expect(await set({ Set_Account: "ron", GroupmsgNospeakingTime: 5 })).toEqual(OK);
    clock.advance(5);
    // The sweep has not run: the set finds the mute over, and replaces it.
    expect(await set({ Set_Account: "ron", GroupmsgNospeakingTime: 50 })).toEqual(OK);
    await deliver();
    expect(events().map(([change, , , list]) => [change, list])).toEqual([
      ["Mute", [entry("ron", T0 + 5, 0)]],
      ["Expire", [entry("ron", 0, 0)]],
      ["Mute", [entry("ron", T0 + 55, 0)]],
    ]);
    clock.advance(50);
    await deliver();
    expect(events().at(-1)?.[0]).toBe("Expire");
  });

  it("a failing receiver gets the event again with backoff, the later ones wait, a restart loses none", async () => {
    receiver.answerWith(() => new Response("down", { status: 503 }));
    expect(await set({ Set_Account: "sam", GroupmsgNospeakingTime: 600 })).toEqual(OK);
    expect(await set({ Set_Account: "sam", GroupmsgNospeakingTime: 0 })).toEqual(OK);
    await deliver();
    expect(receiver.received).toHaveLength(1);
    // The crash: every object restarts; the outbox and its schedule are on disk.
    await abortAllDurableObjects();
    receiver.answerWith(() => Response.json({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" }));
    clock.advance(1);
    await deliver();
    const ids = receiver.received.map((r) => r.body.EventId);
    expect(receiver.received.map((r) => r.body.Change)).toEqual(["Mute", "Mute", "Unmute"]);
    expect(ids[0]).toBe(ids[1]);
    expect(await outboxRows()).toBe(0);
  });

  it("is written in the change's transaction: an event that cannot be written leaves no mute", async () => {
    const away = (from: string, to: string) =>
      runInDurableObject(app(), (_i, s) => void s.storage.sql.exec(`ALTER TABLE ${from} RENAME TO ${to}`));
    await away("outbox", "outbox_away");
    const { value, faults } = await captureFaults(() => set({ Set_Account: "tia", GroupmsgNospeakingTime: 60 }));
    await away("outbox_away", "outbox");
    expect(value).toMatchObject(fail(130014));
    expect(faults).toEqual([{ event: "setMute_failed", error: "Error: no such table: outbox: SQLITE_ERROR" }]);
    const left = await call("getnospeaking", { Get_Account: "tia" }, as);
    expect(left).toEqual({ ...OK, C2CmsgNospeakingTime: 0, GroupmsgNospeakingTime: 0 });
    await deliver();
    expect(receiver.received).toEqual([]);
  });

  it("an app without a receiver writes no events", async () => {
    const demo = { service: "openconfigsvr" };
    expect(await call("setnospeaking", { Set_Account: "zed", GroupmsgNospeakingTime: 60 }, demo)).toEqual(OK);
    expect(await outboxRows(appStub(appObjectName(DEMO_APP.sdkappid)))).toBe(0);
    expect(receiver.received).toEqual([]);
  });
});
