import { beforeEach, describe, expect, it } from "vitest";
import { call, createGroup, mutedList, OK, sendText, T0, type TestClock, useTestClock } from "../helpers";

// Long answers are kept between reads (src/group/answer-cache.ts): each test reads an answer once so
// that it is kept, changes the group one way, and reads again with the same query.

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const page = async (GroupId: string) => {
  const answer = await call("get_group_member_info", { GroupId, Limit: 10 });
  expect(answer).toMatchObject(OK);
  return answer.MemberList as Record<string, unknown>[];
};
const modify = (GroupId: string, Member_Account: string, extra: Record<string, unknown>) =>
  call("modify_group_member_info", { GroupId, Member_Account, ...extra });

async function twoMembers(): Promise<string> {
  const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
  expect((await page(g)).map((m) => m.Member_Account)).toEqual(["owner", "bob"]);
  return g;
}

describe("a member page read again", () => {
  it("shows a member who joined and drops one who left", async () => {
    const g = await twoMembers();
    expect(await call("add_group_member", { GroupId: g, MemberList: [{ Member_Account: "cy" }] })).toMatchObject(OK);
    expect((await page(g)).map((m) => m.Member_Account)).toEqual(["owner", "bob", "cy"]);
    expect(await call("delete_group_member", { GroupId: g, MemberToDel_Account: ["bob"] })).toMatchObject(OK);
    expect((await page(g)).map((m) => m.Member_Account)).toEqual(["owner", "cy"]);
  });

  it("shows a changed name card, role and message flag", async () => {
    const g = await twoMembers();
    expect(await modify(g, "bob", { NameCard: "Bob", Role: "Admin", MsgFlag: "Discard" })).toEqual(OK);
    expect((await page(g))[1]).toMatchObject({ NameCard: "Bob", Role: "Admin", MsgFlag: "Discard" });
  });

  it("shows the last message sent", async () => {
    const g = await twoMembers();
    clock.advance(3);
    expect(await sendText(g, "bob")).toMatchObject({ ...OK, MsgSeq: 1 });
    expect((await page(g))[1]).toMatchObject({ MsgSeq: 1, LastSendMsgTime: T0 + 3 });
  });

  it("shows a mute, by either command, and its end: unmuted or run out", async () => {
    const g = await twoMembers();
    expect(await call("forbid_send_msg", { GroupId: g, Members_Account: ["bob"], MuteTime: 60 })).toEqual(OK);
    expect((await page(g))[1]).toMatchObject({ MuteUntil: T0 + 60, ShutUpUntil: T0 + 60 });
    expect(await modify(g, "bob", { MuteTime: 0 })).toEqual(OK);
    expect((await page(g))[1]).toMatchObject({ MuteUntil: 0 });
    expect(await modify(g, "bob", { ShutUpTime: 30 })).toEqual(OK);
    expect((await page(g))[1]).toMatchObject({ MuteUntil: T0 + 30 });
    clock.advance(29);
    expect((await page(g))[1]).toMatchObject({ MuteUntil: T0 + 30 });
    clock.advance(1);
    expect((await page(g))[1]).toMatchObject({ MuteUntil: 0, ShutUpUntil: 0 });
  });

  it("answers each query its own page", async () => {
    const g = await twoMembers();
    const only = await call("get_group_member_info", { GroupId: g, Limit: 10, MemberInfoFilter: ["Role"] });
    expect(only.MemberList).toEqual([
      { Member_Account: "owner", Role: "Owner" },
      { Member_Account: "bob", Role: "Member" },
    ]);
    const second = await call("get_group_member_info", { GroupId: g, Limit: 1, Offset: 1, MemberInfoFilter: ["Role"] });
    expect(second.MemberList).toEqual([{ Member_Account: "bob", Role: "Member" }]);
  });
});

describe("the muted list read again", () => {
  it("shows a new mute, an unmute and a mute that ran out, but no member change", async () => {
    const g = await twoMembers();
    expect(await mutedList(g)).toEqual([]);
    expect(await call("forbid_send_msg", { GroupId: g, Members_Account: ["bob", "x"], MuteTime: 10 })).toEqual(OK);
    expect(await call("forbid_send_msg", { GroupId: g, Members_Account: ["y"], MuteTime: 20 })).toEqual(OK);
    expect((await mutedList(g)).map((e) => e.Member_Account)).toEqual(["bob", "x", "y"]);
    expect(await call("forbid_send_msg", { GroupId: g, Members_Account: ["x"], MuteTime: 0 })).toEqual(OK);
    expect((await mutedList(g)).map((e) => e.Member_Account)).toEqual(["bob", "y"]);
    clock.advance(10);
    expect(await mutedList(g)).toEqual([{ Member_Account: "y", MutedUntil: T0 + 20 }]);
  });
});
