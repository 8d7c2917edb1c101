import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import {
  appStub,
  asApp,
  call,
  createGroup,
  fail,
  OK,
  SECOND_APP,
  sendText,
  T0,
  type TestClock,
  textBody,
  UNLIMITED_APP,
  useTestClock,
} from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const CONFIG = { service: "openconfigsvr" };
const set = (body: unknown) => call("setnospeaking", body, CONFIG);
const get = (account: string) => call("getnospeaking", { Get_Account: account }, CONFIG);
const PERMANENT = 4294967295;
const BODY = textBody("hello");

/** A group where `members` can send. */
const groupWith = (...members: string[]) =>
  createGroup({ Owner_Account: "owner", MemberList: members.map((Member_Account) => ({ Member_Account })) });

describe("setnospeaking / getnospeaking", () => {
  it("answer Tencent's examples: get reports the seconds left (7200 set, 7196 four seconds later)", async () => {
    expect(
      await set({ Set_Account: "lumotuwe", C2CmsgNospeakingTime: PERMANENT, GroupmsgNospeakingTime: 7200 }),
    ).toEqual(OK);
    clock.advance(4);
    expect(await get("lumotuwe")).toEqual({ ...OK, C2CmsgNospeakingTime: PERMANENT, GroupmsgNospeakingTime: 7196 });
    // An account never muted, or one whose time is up, answers 0 for both.
    expect(await get("nobody")).toEqual({ ...OK, C2CmsgNospeakingTime: 0, GroupmsgNospeakingTime: 0 });
    clock.advance(7196);
    expect(await get("lumotuwe")).toEqual({ ...OK, C2CmsgNospeakingTime: PERMANENT, GroupmsgNospeakingTime: 0 });
  });

  it("a kind not given stays as it is; 0 lifts one; null counts as not given", async () => {
    expect(await set({ Set_Account: "kim", C2CmsgNospeakingTime: 100, GroupmsgNospeakingTime: 200 })).toEqual(OK);
    expect(await set({ Set_Account: "kim", GroupmsgNospeakingTime: 0, C2CmsgNospeakingTime: null })).toEqual(OK);
    expect(await get("kim")).toEqual({ ...OK, C2CmsgNospeakingTime: 100, GroupmsgNospeakingTime: 0 });
    expect(await set({ Set_Account: "kim", C2CmsgNospeakingTime: 0 })).toEqual(OK);
    expect(await get("kim")).toEqual({ ...OK, C2CmsgNospeakingTime: 0, GroupmsgNospeakingTime: 0 });
  });
});

describe("an app-wide mute at the send gate", () => {
  it("refuses the account with 10017 in a group it was never muted in, until the second its time is up", async () => {
    const one = await groupWith("eve", "bob");
    const two = await groupWith("eve");
    expect(await set({ Set_Account: "eve", GroupmsgNospeakingTime: 60 })).toEqual(OK);
    for (const g of [one, two]) {
      expect(await sendText(g, "eve")).toEqual({
        ...fail(10017),
        ErrorInfo: `From_Account eve is muted in every group of the app until ${T0 + 60} (Unix seconds)`,
      });
    }
    // Others, and the app admin, send as before.
    expect(await sendText(one, "bob")).toMatchObject({ ...OK, MsgSeq: 1 });
    expect(await sendText(one, undefined)).toMatchObject({ ...OK, MsgSeq: 2 });

    clock.advance(59);
    expect(await sendText(one, "eve")).toMatchObject(fail(10017));
    // The second it ends, with no alarm run: reads compare with the clock.
    clock.advance(1);
    expect(await sendText(one, "eve")).toMatchObject({ ...OK, MsgSeq: 3 });
    expect(await sendText(two, "eve")).toMatchObject({ ...OK, MsgSeq: 1 });
  });

  it("a send answered while no app-wide mute is in force still sees the next one, from its first send", async () => {
    // The app object remembers that no mute is in force (no read per send); every setnospeaking forgets it.
    // An app of its own: the other tests here leave mutes in force in the demo app.
    const o = await asApp(UNLIMITED_APP);
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "kim" }] }, o);
    const send = () =>
      call(
        "send_group_msg",
        { GroupId: g, From_Account: "kim", Random: Math.floor(Math.random() * 1e9), MsgBody: BODY },
        o,
      );
    const mute = (seconds: number) =>
      call("setnospeaking", { Set_Account: "kim", GroupmsgNospeakingTime: seconds }, { ...o, ...CONFIG });
    expect(await send()).toMatchObject(OK);
    await mute(30);
    expect(await send()).toMatchObject(fail(10017));
    await mute(0);
    expect(await send()).toMatchObject(OK);
    await mute(5);
    expect(await send()).toMatchObject(fail(10017));
    clock.advance(5);
    expect(await send()).toMatchObject(OK);
    await mute(5);
    expect(await send()).toMatchObject(fail(10017));
  });

  it("a permanent mute holds until lifted; a one-to-one mute alone refuses no group message", async () => {
    const g = await groupWith("pat", "sam");
    await set({ Set_Account: "pat", GroupmsgNospeakingTime: PERMANENT });
    await set({ Set_Account: "sam", C2CmsgNospeakingTime: PERMANENT });
    clock.advance(10 * 365 * 86400);
    expect(await sendText(g, "pat")).toEqual({
      ...fail(10017),
      ErrorInfo: "From_Account pat is muted in every group of the app permanently",
    });
    expect(await sendText(g, "sam")).toMatchObject(OK);
    await set({ Set_Account: "pat", GroupmsgNospeakingTime: 0 });
    expect(await sendText(g, "pat")).toMatchObject(OK);
  });

  it("a mute in the group is reported first; the app-wide one still holds after the group's ends", async () => {
    const g = await groupWith("ann");
    await call("forbid_send_msg", { GroupId: g, Members_Account: ["ann"], MuteTime: 10 });
    await set({ Set_Account: "ann", GroupmsgNospeakingTime: 20 });
    expect((await sendText(g, "ann")).ErrorInfo).toBe(
      `From_Account ann is muted in this group until ${T0 + 10} (Unix seconds)`,
    );
    clock.advance(10);
    expect((await sendText(g, "ann")).ErrorInfo).toBe(
      `From_Account ann is muted in every group of the app until ${T0 + 20} (Unix seconds)`,
    );
  });

  it("belongs to one app: the same account of another app sends", async () => {
    const o = await asApp(SECOND_APP);
    await set({ Set_Account: "zoe", GroupmsgNospeakingTime: 600 });
    const g = await createGroup({ Owner_Account: "zoe" }, o);
    expect(await call("send_group_msg", { GroupId: g, From_Account: "zoe", Random: 1, MsgBody: [] }, o)).toMatchObject(
      fail(10004),
    );
    expect(
      await call(
        "send_group_msg",
        {
          GroupId: g,
          From_Account: "zoe",
          Random: 1,
          MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }],
        },
        o,
      ),
    ).toMatchObject(OK);
    expect(await call("getnospeaking", { Get_Account: "zoe" }, { ...o, ...CONFIG })).toEqual({
      ...OK,
      C2CmsgNospeakingTime: 0,
      GroupmsgNospeakingTime: 0,
    });
  });

  it("rows that ran out are removed by the app object's alarm, a permanent one stays", async () => {
    await set({ Set_Account: "short", GroupmsgNospeakingTime: 30, C2CmsgNospeakingTime: 50 });
    await set({ Set_Account: "forever", C2CmsgNospeakingTime: PERMANENT });
    const rows = () =>
      runInDurableObject(appStub(), (_i, s) =>
        s.storage.sql
          .exec<{ account: string }>(
            "SELECT account FROM app_mutes WHERE account IN ('short', 'forever') ORDER BY account",
          )
          .toArray()
          .map((r) => r.account),
      );
    const alarm = () => runInDurableObject(appStub(), (_i, s) => s.storage.getAlarm());
    // Armed no later than the row's end (earlier tests' mutes may come first).
    expect(await alarm()).toBeLessThanOrEqual((T0 + 50) * 1000);
    clock.advance(49);
    while (((await alarm()) ?? Number.POSITIVE_INFINITY) <= (T0 + 49) * 1000) await runDurableObjectAlarm(appStub());
    expect(await rows()).toEqual(["forever", "short"]);
    clock.advance(1);
    expect(await runDurableObjectAlarm(appStub())).toBe(true);
    expect(await rows()).toEqual(["forever"]);
    expect(await get("short")).toEqual({ ...OK, C2CmsgNospeakingTime: 0, GroupmsgNospeakingTime: 0 });
  });
});

describe("openconfigsvr's own error codes", () => {
  it.each([
    [{}, 130004, "Set_Account: is required"],
    [{ Set_Account: null, GroupmsgNospeakingTime: 1 }, 130004, "Set_Account: is required"],
    [{ Set_Account: 7, GroupmsgNospeakingTime: 1 }, 130005, "Set_Account: must be a string, not number"],
    [{ Set_Account: "", GroupmsgNospeakingTime: 1 }, 130005, "Set_Account: must be 1 to 32 bytes"],
    [{ Set_Account: "x".repeat(33), GroupmsgNospeakingTime: 1 }, 130005, "Set_Account: must be 1 to 32 bytes"],
    [
      { Set_Account: "a\nb", GroupmsgNospeakingTime: 1 },
      130005,
      "Set_Account: must not contain control characters (it has U+000A at index 1)",
    ],
    [{ Set_Account: "a" }, 130008, "give C2CmsgNospeakingTime or GroupmsgNospeakingTime (or both)"],
    [{ Set_Account: "a", C2CmsgNospeakingTime: "1" }, 130006, "C2CmsgNospeakingTime: must be a number, not string"],
    [{ Set_Account: "a", GroupmsgNospeakingTime: -1 }, 130007, "GroupmsgNospeakingTime: must not be negative"],
    [
      { Set_Account: "a", GroupmsgNospeakingTime: 2 ** 32 },
      130007,
      "GroupmsgNospeakingTime: must be at most 4294967295",
    ],
  ])("setnospeaking %j: %i", async (body, code, info) => {
    expect(await set(body)).toEqual({ ...fail(code), ErrorInfo: info });
    expect(await get("a")).toEqual({ ...OK, C2CmsgNospeakingTime: 0, GroupmsgNospeakingTime: 0 });
  });

  it("a body that is no JSON object is 130001 for both; getnospeaking's account is 130002 or 130003", async () => {
    for (const command of ["setnospeaking", "getnospeaking"]) {
      expect(await call(command, null, { ...CONFIG, rawBody: "{nope" })).toEqual({
        ...fail(130001),
        ErrorInfo: "request body is not valid JSON",
      });
    }
    expect(await call("getnospeaking", {}, CONFIG)).toEqual({ ...fail(130002), ErrorInfo: "Get_Account: is required" });
    expect(await call("getnospeaking", { Get_Account: ["a"] }, CONFIG)).toEqual({
      ...fail(130003),
      ErrorInfo: "Get_Account: must be a string, not an array",
    });
  });

  it("the commands live under openconfigsvr only; authentication keeps the common codes", async () => {
    expect(await call("setnospeaking", { Set_Account: "a", GroupmsgNospeakingTime: 1 })).toEqual({
      ...fail(10003),
      ErrorInfo: "unknown command group_open_http_svc/setnospeaking",
    });
    expect(await call("forbid_send_msg", {}, CONFIG)).toMatchObject(fail(10003));
    expect(await call("getnospeaking", { Get_Account: "a" }, { ...CONFIG, usersig: "bad" })).toMatchObject({
      ActionStatus: "FAIL",
    });
    expect((await call("getnospeaking", { Get_Account: "a" }, { ...CONFIG, usersig: "bad" })).ErrorCode).toBeLessThan(
      100000,
    );
  });
});
