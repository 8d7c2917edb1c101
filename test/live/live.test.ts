import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { connect } from "../fixtures/live-socket";
import {
  call,
  captureFaults,
  createGroup,
  fail,
  groupStub,
  mute,
  OK,
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

const members = () =>
  createGroup({
    Owner_Account: "owner",
    MemberList: [{ Member_Account: "bob" }, { Member_Account: "ann" }, { Member_Account: "adm", Role: "Admin" }],
  });

describe("connect", () => {
  it("a member gets its State first: its mute, mute-all, who is online", async () => {
    const g = await members();
    expect(await mute(g, ["bob"], 60)).toEqual(OK);
    const bob = await connect(g, "bob");
    expect(await bob.next()).toEqual({
      Type: "State",
      Seq: 0,
      GroupId: g,
      ServerTime: T0,
      Self: { Member_Account: "bob", Role: "Member", MuteUntil: T0 + 60 },
      MuteAllMember: "Off",
      OnlineMemberNum: 1,
    });
    expect(await call("get_online_member_num", { GroupId: g })).toEqual({ ...OK, OnlineMemberNum: 1 });
  });

  it("refusals are a socket with one Error frame and a close code of 4000 or more", async () => {
    const g = await members();
    const outsider = await connect(g, "zed");
    expect(await outsider.next()).toEqual({
      Type: "Error",
      ErrorCode: 10007,
      ErrorInfo: "zed is not a member of the group",
    });
    expect(await outsider.closed).toBeGreaterThanOrEqual(4000);
    const nobody = await connect("no-such-group", "bob");
    expect(await nobody.next()).toMatchObject({ Type: "Error", ErrorCode: 10010 });
    const forged = await connect(g, "bob", { usersig: "not-a-sig" });
    expect(await forged.next()).toMatchObject({ Type: "Error", ErrorCode: 70003 });
    expect(await forged.closed).toBeGreaterThanOrEqual(4000);
  });

  it("a request without an upgrade is HTTP 426 with the envelope", async () => {
    const response = await worker.fetch(new Request("https://im.example.test/v4/group_live/connect?GroupId=g"), env);
    expect(response.status).toBe(426);
    expect(await response.json()).toEqual({ ...fail(60002), ErrorInfo: "a WebSocket upgrade is required" });
  });
});

describe("push", () => {
  it("a mute reaches every socket after it commits; its Reason only the muted account and admins", async () => {
    const g = await members();
    const [bob, ann, adm] = [await connect(g, "bob"), await connect(g, "ann"), await connect(g, "adm")];
    for (const c of [bob, ann, adm]) await c.next();
    expect(
      await call("forbid_send_msg", { GroupId: g, Members_Account: ["bob"], MuteTime: 60, Reason: "spam" }),
    ).toEqual(OK);
    const tips = {
      Type: "Tips",
      Seq: 1,
      GroupId: g,
      Time: T0,
      Operator_Account: "administrator",
      TipsType: "MemberInfoChange",
      Change: "Mute",
    };
    const entry = { Member_Account: "bob", MuteTime: 60, MuteUntil: T0 + 60 };
    expect(await bob.next()).toEqual({ ...tips, MemberChangeInfoList: [{ ...entry, Reason: "spam" }] });
    expect(await adm.next()).toEqual({ ...tips, MemberChangeInfoList: [{ ...entry, Reason: "spam" }] });
    expect(await ann.next()).toEqual({ ...tips, MemberChangeInfoList: [entry] });
  });

  it("an expiry is pushed by the alarm's sweep, as an Expire", async () => {
    const g = await members();
    await mute(g, ["bob"], 5);
    const bob = await connect(g, "bob");
    await bob.next();
    clock.advance(5);
    await runDurableObjectAlarm(groupStub(g));
    expect(await bob.next()).toMatchObject({
      Type: "Tips",
      Seq: 1,
      Change: "Expire",
      MemberChangeInfoList: [{ Member_Account: "bob", MuteTime: 0 }],
    });
  });

  it("a removed member's socket gets its Kicked frame, then is closed", async () => {
    const g = await members();
    const ann = await connect(g, "ann");
    await ann.next();
    expect(await call("delete_group_member", { GroupId: g, MemberToDel_Account: ["ann"] })).toEqual(OK);
    expect(await ann.next()).toMatchObject({ Type: "Tips", TipsType: "Kicked", MemberList: ["ann"] });
    expect(await ann.closed).toBeGreaterThanOrEqual(4000);
  });
});

describe("send over the socket", () => {
  it("goes through send_group_msg's gate: SendAck to the sender, the Message to everyone", async () => {
    const g = await members();
    const [bob, ann] = [await connect(g, "bob"), await connect(g, "ann")];
    await bob.next();
    await ann.next();
    bob.send({ Type: "Send", Random: 7, MsgBody: textBody("hi") });
    const message = {
      Type: "Message",
      Seq: 1,
      GroupId: g,
      MsgSeq: 1,
      MsgTime: T0,
      From_Account: "bob",
      Random: 7,
      MsgBody: textBody("hi"),
    };
    expect(await bob.next()).toEqual(message);
    expect(await bob.next()).toEqual({
      Type: "SendAck",
      Random: 7,
      ErrorCode: 0,
      ErrorInfo: "",
      MsgSeq: 1,
      MsgTime: T0,
    });
    expect(await ann.next()).toEqual(message);
  });

  it("logs a connect with the rows it cost, which the client does not see", async () => {
    const g = await members();
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
    let bob: Awaited<ReturnType<typeof connect>>;
    try {
      bob = await connect(g, "bob");
    } finally {
      spy.mockRestore();
    }
    expect(await bob.next()).toMatchObject({ Type: "State" });
    expect([...bob.headers.keys()].filter((name) => name.startsWith("x-live"))).toEqual([]);
    const line = lines.map((text) => JSON.parse(text)).find((l) => l.command === "group_live/connect");
    // The group object counts the rows of the State frame (the member, its mute, the profile) in its
    // upgrade's answer, which the Worker adds to the line and takes off.
    const upgrade = await groupStub(g).fetch(
      new Request("https://group/connect", { headers: { Upgrade: "websocket", "x-live-account": "bob" } }),
    );
    const [read, written] = (upgrade.headers.get("x-live-rows") ?? "").split(",").map(Number);
    expect(read).toBeGreaterThan(0);
    expect(written).toBe(0);
    expect(line).toMatchObject({ code: 0, rowsWritten: expect.any(Number) });
    expect(line.rowsRead).toBeGreaterThanOrEqual(read!);
  });

  it("logs each Send as a call is logged, with the rows it cost", async () => {
    const g = await members();
    const bob = await connect(g, "bob");
    await bob.next();
    const lines: string[] = [];
    const spy = vi.spyOn(console, "log").mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      for (const Random of [9, 10]) {
        bob.send({ Type: "Send", Random, MsgBody: textBody("hi") });
        await bob.next();
        expect(await bob.next()).toMatchObject({ Type: "SendAck", ErrorCode: 0 });
      }
    } finally {
      spy.mockRestore();
    }
    const sends = lines.map((line) => JSON.parse(line)).filter((line) => line.event === "live_send");
    // The second: a send's four rows (test/app/rows.test.ts), and its Message's frame in the live log;
    // its hops to the app object (none with the isolate's lease in hand: test/live/socket-admission.test.ts).
    expect(sends).toHaveLength(2);
    expect(sends[1]).toEqual({
      event: "live_send",
      code: 0,
      rpcs: expect.any(Number),
      rowsRead: expect.any(Number),
      rowsWritten: 5,
    });
  });

  it("a muted sender's Send is refused with 10017, the seconds left and the reason", async () => {
    const g = await members();
    await call("forbid_send_msg", { GroupId: g, Members_Account: ["bob"], MuteTime: 60, Reason: "calm" });
    const bob = await connect(g, "bob");
    await bob.next();
    bob.send({ Type: "Send", Random: 8, MsgBody: textBody("hi") });
    expect(await bob.next()).toEqual({
      Type: "SendAck",
      Random: 8,
      ErrorCode: 10017,
      ErrorInfo:
        `From_Account bob is muted in this group until ${T0 + 60} (Unix seconds); ` + "muted for 60 more seconds: calm",
    });
  });

  it("bad frames get an Error frame and the socket stays open", async () => {
    const g = await members();
    const bob = await connect(g, "bob");
    await bob.next();
    bob.send("not json");
    expect(await bob.next()).toMatchObject({ Type: "Error", ErrorCode: 60003 });
    bob.send({ Type: "Dance" });
    expect(await bob.next()).toMatchObject({ Type: "Error", ErrorCode: 10004 });
    bob.send({ Type: "Send", Random: -1, MsgBody: textBody("x") });
    expect(await bob.next()).toMatchObject({
      Type: "Error",
      ErrorCode: 10004,
      ErrorInfo: "Random: must not be negative",
    });
    bob.ws.send(new Uint8Array([1, 2, 3]));
    expect(await bob.next()).toMatchObject({ Type: "Error", ErrorCode: 60003 });
    bob.send({ Type: "Send", Random: 9, MsgBody: textBody("still here") });
    expect(await bob.next()).toMatchObject({ Type: "Message", MsgSeq: 1 });
  });
});

describe("resume", () => {
  it("Since replays what the client missed, in order, with no gap and no duplicate", async () => {
    const g = await members();
    const first = await connect(g, "bob");
    await first.next();
    await mute(g, ["ann"], 60);
    expect(await first.next()).toMatchObject({ Seq: 1 });
    first.ws.close(1000);
    await mute(g, ["ann"], 0);
    await call("send_group_msg", { GroupId: g, From_Account: "adm", Random: 3, MsgBody: textBody("while away") });
    const again = await connect(g, "bob", { since: 1 });
    expect(await again.next()).toMatchObject({ Type: "State", Seq: 3 });
    expect(await again.next()).toMatchObject({ Seq: 2, Change: "Unmute" });
    expect(await again.next()).toMatchObject({ Seq: 3, Type: "Message", From_Account: "adm" });
    await mute(g, ["owner"], 60);
    expect(await again.next()).toMatchObject({ Seq: 4, Change: "Mute" });
  });

  it("a Since the log cannot replay gets a State with Resync", async () => {
    const g = await members();
    const bob = await connect(g, "bob", { since: 99 });
    expect(await bob.next()).toMatchObject({ Type: "State", Seq: 0, Resync: true });
  });
});

describe("REST beside it", () => {
  it("send_group_system_notification reaches those connected, or only those listed", async () => {
    const g = await members();
    const [bob, ann] = [await connect(g, "bob"), await connect(g, "ann")];
    await bob.next();
    await ann.next();
    expect(
      await call("send_group_system_notification", { GroupId: g, ToMembers_Account: ["ann"], Content: "to ann" }),
    ).toEqual(OK);
    expect(await call("send_group_system_notification", { GroupId: g, Content: "to all" })).toEqual(OK);
    expect(await ann.next()).toEqual({ Type: "SystemNotification", Seq: 1, GroupId: g, Content: "to ann" });
    expect(await ann.next()).toEqual({ Type: "SystemNotification", Seq: 2, GroupId: g, Content: "to all" });
    expect(await bob.next()).toEqual({ Type: "SystemNotification", Seq: 2, GroupId: g, Content: "to all" });
    expect(await call("get_online_member_num", { GroupId: g })).toEqual({ ...OK, OnlineMemberNum: 2 });
  });

  it("get_online_member_num counts accounts, not sockets, as they come and go", async () => {
    const g = await members();
    const online = async () => (await call("get_online_member_num", { GroupId: g })).OnlineMemberNum as number;
    const [bob1, bob2, ann] = [await connect(g, "bob"), await connect(g, "bob"), await connect(g, "ann")];
    for (const c of [bob1, bob2, ann]) await c.next();
    expect(await online()).toBe(2);
    const settled = async (n: number) => {
      for (let i = 0; i < 50 && (await online()) !== n; i++) await new Promise((r) => setTimeout(r, 10));
      return await online();
    };
    bob1.ws.close(1000);
    await bob1.closed;
    expect(await settled(2)).toBe(2);
    bob2.ws.close(1000);
    await bob2.closed;
    expect(await settled(1)).toBe(1);
    const ann2 = await connect(g, "ann");
    expect(await ann2.next()).toMatchObject({ Type: "State", OnlineMemberNum: 1 });
  });
});

describe("destroy", () => {
  it("closes the sockets; a group created again under the GroupId starts its Seq afresh", async () => {
    const g = await members();
    const bob = await connect(g, "bob");
    await bob.next();
    await mute(g, ["ann"], 60);
    expect(await bob.next()).toMatchObject({ Seq: 1 });
    expect(await call("destroy_group", { GroupId: g })).toEqual(OK);
    expect(await bob.next()).toMatchObject({ Type: "Error", ErrorCode: 10010 });
    expect(await bob.closed).toBeGreaterThanOrEqual(4000);
    expect(
      await call("create_group", {
        Type: "Public",
        Name: "again",
        GroupId: g,
        Owner_Account: "owner",
        MemberList: [{ Member_Account: "bob" }],
      }),
    ).toMatchObject(OK);
    const again = await connect(g, "bob");
    expect(await again.next()).toMatchObject({ Type: "State", Seq: 0 });
    await mute(g, ["owner"], 60);
    expect(await again.next()).toMatchObject({ Type: "Tips", Seq: 1, Change: "Mute" });
  });
});

describe("membership and order", () => {
  it("Join and SetAdmin reach the sockets; an account made admin then sees others' Reasons", async () => {
    const g = await members();
    const ann = await connect(g, "ann");
    await ann.next();
    expect(await call("add_group_member", { GroupId: g, MemberList: [{ Member_Account: "cy" }] })).toMatchObject(OK);
    expect(await ann.next()).toMatchObject({ Seq: 1, TipsType: "Join", MemberList: ["cy"] });
    expect(await call("modify_group_member_info", { GroupId: g, Member_Account: "ann", Role: "Admin" })).toEqual(OK);
    expect(await ann.next()).toMatchObject({ Seq: 2, TipsType: "SetAdmin", MemberList: ["ann"] });
    await call("forbid_send_msg", { GroupId: g, Members_Account: ["bob"], MuteTime: 60, Reason: "spam" });
    expect(await ann.next()).toMatchObject({
      Seq: 3,
      MemberChangeInfoList: [{ Member_Account: "bob", Reason: "spam" }],
    });
  });

  it("changes that race each other reach a socket once each, Seq 1, 2, 3 ... with no hole", async () => {
    const g = await members();
    const adm = await connect(g, "adm");
    await adm.next();
    await Promise.all([
      ...["bob", "ann", "owner"].map((a) => mute(g, [a], 60)),
      ...[1, 2, 3].map((r) =>
        call("send_group_msg", { GroupId: g, From_Account: "adm", Random: r, MsgBody: textBody("x") }),
      ),
    ]);
    const seqs = [];
    for (let i = 0; i < 6; i++) seqs.push((await adm.next()).Seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5, 6]);
  });
});

describe("a create that fails", () => {
  it("is answered 10002, and the push after it finds no group and says nothing", async () => {
    const g = uniqueGroupId();
    // A table in the way of the new group's script: the create's transaction fails and rolls back.
    await runInDurableObject(groupStub(g), (_i, s) => void s.storage.sql.exec("CREATE TABLE members (x)"));
    const { faults } = await captureFaults(async () => {
      expect(await call("create_group", { Type: "Public", Name: "n", GroupId: g })).toEqual({
        ...fail(10002),
        ErrorInfo: "internal error; safe to retry",
      });
      // The push queued after the answer runs before a timer set later in the object.
      await runInDurableObject(groupStub(g), () => new Promise((resolve) => setTimeout(resolve, 0)));
    });
    expect(faults).toEqual([
      { event: "create_failed", error: "Error: table members already exists at offset 13: SQLITE_ERROR" },
    ]);
  });
});
