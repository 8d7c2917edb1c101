import { abortAllDurableObjects } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { connect } from "../fixtures/live-socket";
import { call, createGroup, mute, OK, textBody, useTestClock } from "../helpers";

beforeEach(() => void useTestClock());

describe("resume across an eviction of the group's object", () => {
  it("replays exactly what the client missed, written before and after the object came back", async () => {
    const g = await createGroup({
      Owner_Account: "owner",
      MemberList: [{ Member_Account: "bob" }, { Member_Account: "ann" }],
    });
    const bob = await connect(g, "bob");
    await bob.next();
    await mute(g, ["ann"], 60);
    expect(await bob.next()).toMatchObject({ Seq: 1, Change: "Mute" });
    await mute(g, ["ann"], 0);
    // The object goes (its memory and its sockets), as an eviction or a deploy takes it.
    await abortAllDurableObjects();
    expect(await bob.closed).toBeGreaterThan(0);
    const sent = { GroupId: g, From_Account: "owner", Random: 9, MsgBody: textBody("after") };
    expect(await call("send_group_msg", sent)).toMatchObject(OK);
    const again = await connect(g, "bob", { since: 1 });
    expect(await again.next()).toMatchObject({ Type: "State", Seq: 3 });
    expect(await again.next()).toMatchObject({ Seq: 2, Change: "Unmute" });
    expect(await again.next()).toMatchObject({ Seq: 3, Type: "Message", Random: 9 });
    // Then live, from the next Seq: nothing twice.
    await mute(g, ["owner"], 60);
    expect(await again.next()).toMatchObject({ Seq: 4, Change: "Mute" });
    expect(again.frames.map((f) => f.Seq)).toEqual([3, 2, 3, 4]);
  });
});
