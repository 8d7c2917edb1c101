import { beforeEach, describe, expect, it } from "vitest";
import { accounts, call, createGroup, fail, OK, useTestClock } from "../helpers";

/**
 * MaxMemberNum is enforced: add_group_member past it answers Tencent's 10014 ("the group is full;
 * add fewer") for the whole call, and create_group refuses a MaxMemberCount over its type's
 * ceiling (Tencent's group system page: 6,000 for Work, Public and Meeting, 100,000 for a
 * Community, none for an AVChatRoom).
 */

beforeEach(() => void useTestClock());

const list = (names: string[]) => names.map((Member_Account) => ({ Member_Account }));
const info = async (g: string) => (await call("get_group_info", { GroupIdList: [g] })).GroupInfo[0];
const rolesOf = async (g: string, names: string[]) =>
  (await call("get_role_in_group", { GroupId: g, User_Account: names })).UserIdList;

const FULL =
  "MemberList: the group is full: 4 members would be over its MaxMemberNum of 3; add fewer, or raise MaxMemberNum";

describe("add_group_member past MaxMemberNum", () => {
  it("answers 10014 for the whole call and adds nobody", async () => {
    const g = await createGroup({ Owner_Account: "owner", MaxMemberCount: 3, MemberList: list(["bob"]) });
    const answer = await call("add_group_member", { GroupId: g, MemberList: list(["ann", "cid"]) });
    expect(answer).toEqual({ ...fail(10014), ErrorInfo: FULL });
    expect((await info(g)).MemberNum).toBe(2);
    expect(await rolesOf(g, ["ann", "cid"])).toEqual([
      { Member_Account: "ann", Role: "NotMember" },
      { Member_Account: "cid", Role: "NotMember" },
    ]);
  });

  it("counts only the accounts not in yet: filling the group to its maximum is fine, one more is not", async () => {
    const g = await createGroup({ Owner_Account: "owner", MaxMemberCount: 3, MemberList: list(["bob"]) });
    const upTo = await call("add_group_member", { GroupId: g, MemberList: list(["bob", "ann", "owner", "ann"]) });
    expect(upTo).toEqual({
      ...OK,
      MemberList: [
        { Member_Account: "bob", Result: 2 },
        { Member_Account: "ann", Result: 1 },
        { Member_Account: "owner", Result: 2 },
      ],
    });
    expect((await info(g)).MemberNum).toBe(3);
    // Members already in may be "added" again when full: nothing is over.
    expect(await call("add_group_member", { GroupId: g, MemberList: list(["bob"]) })).toMatchObject(OK);
    const over = await call("add_group_member", { GroupId: g, MemberList: list(["cid"]) });
    expect(over).toMatchObject(fail(10014));
    // Room again once someone leaves.
    expect(await call("delete_group_member", { GroupId: g, MemberToDel_Account: ["bob"] })).toEqual(OK);
    expect(await call("add_group_member", { GroupId: g, MemberList: list(["cid"]) })).toMatchObject(OK);
    expect((await info(g)).MemberNum).toBe(3);
  });

  it("follows a MaxMemberNum lowered below the members: they stay, nobody new comes in", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: list(accounts(5, "m")) });
    expect(await call("modify_group_base_info", { GroupId: g, MaxMemberNum: 3 })).toEqual(OK);
    expect(await info(g)).toMatchObject({ MemberNum: 6, MaxMemberNum: 3 });
    const answer = await call("add_group_member", { GroupId: g, MemberList: list(["late"]) });
    expect(answer).toMatchObject(fail(10014));
    expect(answer.ErrorInfo).toContain("7 members would be over its MaxMemberNum of 3");
    expect(await call("modify_group_base_info", { GroupId: g, MaxMemberNum: 7 })).toEqual(OK);
    expect(await call("add_group_member", { GroupId: g, MemberList: list(["late"]) })).toMatchObject(OK);
  });

  it("holds the type's default: a Public group takes 6000 members, not 6001", async () => {
    const g = await createGroup({ Owner_Account: "owner" });
    for (let c = 0; c < 12; c++) {
      const batch = accounts(500, `b${c}-`).slice(0, c === 11 ? 499 : 500);
      expect(await call("add_group_member", { GroupId: g, MemberList: list(batch) })).toMatchObject(OK);
    }
    expect((await info(g)).MemberNum).toBe(6000);
    const answer = await call("add_group_member", { GroupId: g, MemberList: list(["one-more"]) });
    expect(answer.ErrorInfo).toContain("6001 members would be over its MaxMemberNum of 6000");
  });
});

describe("create_group and MaxMemberCount", () => {
  it("refuses initial members over MaxMemberCount with 10014, and leaves no group", async () => {
    const GroupId = "full-at-birth";
    const answer = await call("create_group", {
      Type: "Public",
      Name: "x",
      GroupId,
      Owner_Account: "owner",
      MaxMemberCount: 3,
      MemberList: list(["a", "b", "c", "a"]),
    });
    expect(answer).toEqual({ ...fail(10014), ErrorInfo: FULL });
    expect((await info(GroupId)).ErrorCode).toBe(10010);
    // The owner listed again counts once.
    const fits = await createGroup({ Owner_Account: "a", MaxMemberCount: 3, MemberList: list(["a", "b", "c"]) });
    expect((await info(fits)).MemberNum).toBe(3);
  });

  it("takes each type's ceiling and refuses one more (10004)", async () => {
    const ceilings = [
      ["Public", 6000],
      ["Private", 6000],
      ["Work", 6000],
      ["ChatRoom", 6000],
      ["Meeting", 6000],
      ["Community", 100_000],
    ] as const;
    for (const [Type, ceiling] of ceilings) {
      const g = await createGroup({ Type, MaxMemberCount: ceiling });
      expect((await info(g)).MaxMemberNum).toBe(ceiling);
      const over = await call("create_group", { Type, Name: "x", MaxMemberCount: ceiling + 1 });
      expect(over).toEqual({
        ...fail(10004),
        ErrorInfo: `MaxMemberNum: must be at most ${ceiling} for a ${Type} group`,
      });
      const g2 = await createGroup({ Type });
      const raised = await call("modify_group_base_info", { GroupId: g2, MaxMemberNum: ceiling + 1 });
      expect(raised).toMatchObject(fail(10004));
    }
  });

  it("a Community defaults to its ceiling of 100,000; an AVChatRoom has none (0)", async () => {
    expect((await info(await createGroup({ Type: "Community" }))).MaxMemberNum).toBe(100_000);
    expect((await info(await createGroup({ Type: "AVChatRoom", MaxMemberCount: 2_000_000 }))).MaxMemberNum).toBe(0);
  });
});
