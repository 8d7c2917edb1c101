import { beforeEach, describe, expect, it } from "vitest";
import { connect } from "../fixtures/live-socket";
import { call, createGroup, mute, OK, type TestClock, useTestClock } from "../helpers";

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
