import { beforeEach, describe, expect, it } from "vitest";
import { LIMITED_APP } from "../fixtures/apps";
import { appSocket, connect } from "../fixtures/live-socket";
import { asApp, call, createGroup, mute, OK, type TestClock, textBody, useTestClock } from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

describe("an account's sockets on a group", () => {
  it("are at most ten: the eleventh retires the oldest (close 4002), the others stay and see changes", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    const bobs = [];
    for (let i = 0; i < 11; i++) {
      bobs.push(await connect(g, "bob"));
      expect(await bobs[i]!.next()).toMatchObject({ Type: "State", OnlineMemberNum: 1 });
      clock.advance(1);
    }
    expect(await bobs[0]!.closed).toBe(4002);
    const owner = await connect(g, "owner");
    expect(await owner.next()).toMatchObject({ Type: "State", OnlineMemberNum: 2 });
    expect(await call("get_online_member_num", { GroupId: g })).toEqual({ ...OK, OnlineMemberNum: 2 });
    await mute(g, ["bob"], 60);
    for (const bob of bobs.slice(1)) expect(await bob.next()).toMatchObject({ Type: "Tips", Change: "Mute" });
    expect(bobs[0]!.frames).toHaveLength(1);
  });
});

/**
 * A group of LIMITED_APP (group_live_send 3) with bob's and its owner's sockets open, their States
 * taken; `at` moves the clock to a second of its own, where no other test spent the app's budgets.
 */
async function limitedPair(at: number) {
  clock.advance(at);
  const o = await asApp(LIMITED_APP);
  const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] }, o);
  const [bob, owner] = [await appSocket(LIMITED_APP, g, "bob"), await appSocket(LIMITED_APP, g, "owner")];
  await bob.next();
  await owner.next();
  return { bob, owner };
}

describe("a socket's sends", () => {
  it("are at most the app's group_live_send a second (3 here): the rest get 60007, the others still send", async () => {
    const { bob, owner } = await limitedPair(500_000);
    const codes: number[] = [];
    for (let i = 1; i <= 4; i++) {
      bob.send({ Type: "Send", Random: i, MsgBody: textBody(`m${i}`) });
      let frame = await bob.next();
      while (frame.Type === "Message") frame = await bob.next();
      codes.push(frame.ErrorCode);
      if (frame.ErrorCode !== 0) expect(frame.ErrorInfo).toBe("a socket sends at most 3 messages a second");
    }
    expect(codes).toEqual([0, 0, 0, 60007]);
    owner.send({ Type: "Send", Random: 9, MsgBody: textBody("mine") });
    let frame = await owner.next();
    while (frame.Type === "Message") frame = await owner.next();
    expect(frame).toMatchObject({ Type: "SendAck", Random: 9, ErrorCode: 0 });
  });

  it("are refused unread past twice that many frames a second, junk or not (60007); others still send", async () => {
    const { bob, owner } = await limitedPair(600_000);
    const answers = [];
    for (let i = 0; i < 8; i++) {
      bob.send("{not json");
      answers.push(await bob.next());
    }
    const notJson = { Type: "Error", ErrorCode: 60003, ErrorInfo: "the frame is not valid JSON" };
    const flooded = { Type: "Error", ErrorCode: 60007, ErrorInfo: "a socket sends at most 6 frames a second" };
    expect(answers).toEqual([...Array(6).fill(notJson), flooded, flooded]);
    // Not even a good Send is read while the socket is over its frames; another socket's is.
    bob.send({ Type: "Send", Random: 1, MsgBody: textBody("late") });
    expect(await bob.next()).toEqual(flooded);
    owner.send({ Type: "Send", Random: 2, MsgBody: textBody("mine") });
    let frame = await owner.next();
    while (frame.Type === "Message") frame = await owner.next();
    expect(frame).toMatchObject({ Type: "SendAck", Random: 2, ErrorCode: 0 });
    // A second later the socket has its budget back.
    clock.advance(1);
    bob.send({ Type: "Send", Random: 3, MsgBody: textBody("again") });
    frame = await bob.next();
    while (frame.Type === "Message") frame = await bob.next();
    expect(frame).toMatchObject({ Type: "SendAck", Random: 3, ErrorCode: 0 });
  });
});
