import { beforeEach, describe, expect, it } from "vitest";
import { accounts, call, createGroup, fail, mute, OK, sendText, T0, type TestClock, useTestClock } from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const memberInfo = (GroupId: string, extra: Record<string, unknown> = {}) =>
  call("get_group_member_info", { GroupId, ...extra });

describe("add_group_member and delete_group_member", () => {
  it("adds members with Tencent's per-member Result (1 added, 2 already a member)", async () => {
    const g = await createGroup({ Owner_Account: "owner" });
    expect(
      await call("add_group_member", {
        GroupId: g,
        MemberList: [{ Member_Account: "bob" }, { Member_Account: "owner" }, { Member_Account: "bob" }],
      }),
    ).toEqual({
      ...OK,
      MemberList: [
        { Member_Account: "bob", Result: 1 },
        { Member_Account: "owner", Result: 2 },
      ],
    });
    expect((await call("get_group_info", { GroupIdList: [g] })).GroupInfo[0].MemberNum).toBe(2);
  });

  it("adds and deletes 500 accounts per call, refuses 501 changing nothing", async () => {
    const g = await createGroup();
    const many = accounts(500).map((a) => ({ Member_Account: a }));
    const added = await call("add_group_member", { GroupId: g, MemberList: many });
    expect(added.MemberList.filter((r: { Result: number }) => r.Result === 1)).toHaveLength(500);
    expect(
      await call("add_group_member", {
        GroupId: g,
        MemberList: accounts(501, "x").map((a) => ({ Member_Account: a })),
      }),
    ).toMatchObject({
      ...fail(10004),
      ErrorInfo: "MemberList: must list at most 500 members",
    });
    expect(await call("delete_group_member", { GroupId: g, MemberToDel_Account: accounts(501) })).toMatchObject(
      fail(10004),
    );
    expect((await memberInfo(g)).MemberNum).toBe(500);
    expect(await call("delete_group_member", { GroupId: g, MemberToDel_Account: accounts(500) })).toEqual(OK);
    expect((await memberInfo(g)).MemberNum).toBe(0);
  });

  it("ignores non-members in delete, and refuses to remove the owner", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    expect(await call("delete_group_member", { GroupId: g, MemberToDel_Account: ["nobody"] })).toEqual(OK);
    const answer = await call("delete_group_member", { GroupId: g, MemberToDel_Account: ["bob", "owner"] });
    expect(answer).toMatchObject(fail(10007));
    expect(answer.ErrorInfo).toContain("owner");
    expect((await memberInfo(g)).MemberNum).toBe(2);
  });

  it("refuses member lists in AVChatRoom and BChatRoom groups with 10007", async () => {
    for (const Type of ["AVChatRoom", "BChatRoom"]) {
      const g = await createGroup({ Type });
      expect(await call("add_group_member", { GroupId: g, MemberList: [{ Member_Account: "a" }] })).toMatchObject(
        fail(10007),
      );
      expect(await call("delete_group_member", { GroupId: g, MemberToDel_Account: ["a"] })).toMatchObject(fail(10007));
    }
  });

  it("10004 naming the field for a malformed MemberList or a missing MemberToDel_Account", async () => {
    expect(await call("add_group_member", { GroupId: "g", MemberList: ["a"] })).toMatchObject({
      ...fail(10004),
      ErrorInfo: expect.stringContaining("MemberList[0]"),
    });
    expect(await call("delete_group_member", { GroupId: "g" })).toMatchObject({
      ...fail(10004),
      ErrorInfo: "MemberToDel_Account: is required",
    });
  });

  it("a mute outlives membership: leaving and re-joining keeps a running mute", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    await mute(g, ["bob"], 600);
    await call("delete_group_member", { GroupId: g, MemberToDel_Account: ["bob"] });
    clock.advance(100);
    await call("add_group_member", { GroupId: g, MemberList: [{ Member_Account: "bob" }] });
    const info = await memberInfo(g);
    expect(info.MemberList).toContainEqual(
      expect.objectContaining({ Member_Account: "bob", Role: "Member", JoinTime: T0 + 100, MuteUntil: T0 + 600 }),
    );
    expect(await sendText(g, "bob")).toMatchObject(fail(10017));
  });
});

describe("modify_group_base_info", () => {
  it("renames and switches mute-all (MuteAllMember or legacy ShutUpAllMember); get_group_info shows it", async () => {
    const g = await createGroup({ Name: "before" });
    expect(await call("modify_group_base_info", { GroupId: g, Name: "after", MuteAllMember: "On" })).toEqual(OK);
    expect((await call("get_group_info", { GroupIdList: [g] })).GroupInfo[0]).toMatchObject({
      Name: "after",
      MuteAllMember: "On",
    });
    expect(await call("modify_group_base_info", { GroupId: g, ShutUpAllMember: "Off" })).toEqual(OK);
    expect((await call("get_group_info", { GroupIdList: [g] })).GroupInfo[0]).toMatchObject({
      Name: "after",
      MuteAllMember: "Off",
    });
  });

  it("refuses bad values and both names at once, changing nothing", async () => {
    const g = await createGroup({ Name: "same" });
    expect(await call("modify_group_base_info", { GroupId: g, MuteAllMember: "on" })).toMatchObject({
      ...fail(10004),
      ErrorInfo: expect.stringContaining("MuteAllMember"),
    });
    expect(
      await call("modify_group_base_info", { GroupId: g, Name: "x", MuteAllMember: "On", ShutUpAllMember: "On" }),
    ).toMatchObject(fail(10004));
    expect(await call("modify_group_base_info", { GroupId: g, Name: "" })).toMatchObject(fail(10004));
    expect((await call("get_group_info", { GroupIdList: [g] })).GroupInfo[0]).toMatchObject({
      Name: "same",
      MuteAllMember: "Off",
    });
  });

  it("refuses mute-all in groups that cannot be muted", async () => {
    const g = await createGroup({ Type: "Private" });
    expect(await call("modify_group_base_info", { GroupId: g, MuteAllMember: "On" })).toMatchObject(fail(10007));
  });
});
