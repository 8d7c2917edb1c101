import { runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { GroupObject } from "../../src/group/group-object";
import { sqlRows } from "../../src/sql";
import { accounts, call, createGroup, fail, groupStub, OK, type TestClock, useTestClock } from "../helpers";

/**
 * A Community's Next (get_group_member_info) is a place in the listing, not an offset: members who
 * leave or join between two pages skip nobody and repeat nobody. It stays a string, as the SDKs
 * echo it (Java's GetGroupMemberInfoResult.next).
 */

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

type Page = { MemberList: { Member_Account: string }[]; Next: string; MemberNum: number };
const page = async (GroupId: string, Next: string, Limit: number): Promise<Page> => {
  const answer = await call("get_group_member_info", { GroupId, Limit, Next, MemberInfoFilter: [] });
  expect(answer).toMatchObject(OK);
  return answer as unknown as Page;
};
const names = (p: Page) => p.MemberList.map((m) => m.Member_Account);
const remove = (GroupId: string, who: string[]) => call("delete_group_member", { GroupId, MemberToDel_Account: who });
const add = (GroupId: string, who: string[]) =>
  call("add_group_member", { GroupId, MemberList: who.map((Member_Account) => ({ Member_Account })) });

describe("a Community pages by place", () => {
  it("skips and repeats nobody when members leave between pages, before or after the place", async () => {
    const g = await createGroup({
      Type: "Community",
      Owner_Account: "owner",
      MemberList: accounts(10).map((Member_Account) => ({ Member_Account })),
    });
    const first = await page(g, "", 4);
    expect(names(first)).toEqual(["owner", "user0", "user1", "user2"]);
    expect(first.Next).toBe(`1.${clock.now}.user2`);
    // One who was on the first page and one still to come leave; an offset would now skip user3.
    expect(await remove(g, ["user1", "user5"])).toEqual(OK);
    const second = await page(g, first.Next, 4);
    expect(names(second)).toEqual(["user3", "user4", "user6", "user7"]);
    expect(second.MemberNum).toBe(9);
    const third = await page(g, second.Next, 4);
    expect(names(third)).toEqual(["user8", "user9"]);
    expect(third.Next).toBe("");
  });

  it("takes one who joins meanwhile once, at the end; one who joined before the place is not repeated", async () => {
    const g = await createGroup({
      Type: "Community",
      MemberList: accounts(6).map((Member_Account) => ({ Member_Account })),
    });
    const first = await page(g, "", 3);
    expect(names(first)).toEqual(["user0", "user1", "user2"]);
    clock.advance(5);
    // "aaa" sorts first by name, but joined last: it comes after everyone who joined before it.
    expect(await add(g, ["aaa", "user9"])).toMatchObject(OK);
    const second = await page(g, first.Next, 3);
    expect(names(second)).toEqual(["user3", "user4", "user5"]);
    const third = await page(g, second.Next, 3);
    expect(names(third)).toEqual(["aaa", "user9"]);
    expect(third.Next).toBe("");
  });

  it('goes on from the place of a member who left, and ends with Next "" on the page that holds the last', async () => {
    const g = await createGroup({
      Type: "Community",
      MemberList: accounts(4).map((Member_Account) => ({ Member_Account })),
    });
    const first = await page(g, "", 2);
    expect(await remove(g, ["user1"])).toEqual(OK);
    const second = await page(g, first.Next, 2);
    expect(names(second)).toEqual(["user2", "user3"]);
    // Exactly full: no empty page after it.
    expect(second.Next).toBe("");
  });

  it("pages with MemberRoleFilter from the place too", async () => {
    const g = await createGroup({
      Type: "Community",
      Owner_Account: "owner",
      MemberList: [
        { Member_Account: "a1", Role: "Admin" },
        { Member_Account: "m1" },
        { Member_Account: "a2", Role: "Admin" },
        { Member_Account: "m2" },
        { Member_Account: "a3", Role: "Admin" },
      ],
    });
    const filter = { GroupId: g, Limit: 2, MemberRoleFilter: ["Admin"], MemberInfoFilter: ["Role"] };
    const first = await call("get_group_member_info", { ...filter, Next: "" });
    expect(first.MemberList.map((m: { Member_Account: string }) => m.Member_Account)).toEqual(["a1", "a2"]);
    expect(await remove(g, ["a1"])).toEqual(OK);
    const second = await call("get_group_member_info", { ...filter, Next: first.Next });
    expect(second).toMatchObject({ MemberList: [{ Member_Account: "a3", Role: "Admin" }], Next: "" });
  });

  it("still takes a Next of digits as the offset such a Next was before, and refuses any other", async () => {
    const g = await createGroup({
      Type: "Community",
      MemberList: accounts(3).map((Member_Account) => ({ Member_Account })),
    });
    const legacy = await page(g, "1", 1);
    expect(names(legacy)).toEqual(["user1"]);
    expect(legacy.Next).toBe(`1.${clock.now}.user1`);
    for (const Next of ["x", "2.1.bob", "1.x.bob", "1.1.", "1.12345678901.bob", `1.1.${"b".repeat(33)}`, " 1"]) {
      const answer = await call("get_group_member_info", { GroupId: g, Next });
      expect(answer).toEqual({ ...fail(10004), ErrorInfo: 'Next: must be "" or the Next of the previous page' });
    }
    // A place names no member that must exist: one that was never there starts after where it would be.
    expect(names(await page(g, `1.${clock.now}.user0a`, 5))).toEqual(["user1", "user2"]);
  });

  it("reads the page, not the members before the place (one seek in the listing index)", async () => {
    const g = await createGroup({ Type: "Community" });
    await runInDurableObject(groupStub(g), async (object: GroupObject) => {
      expect(await object.addMembers(accounts(5000, "m"))).toMatchObject({ results: expect.any(Array) });
    });
    // Joined together: listed by account, "m0", "m1", "m10", "m100", ...
    const listed = accounts(5000, "m").sort();
    const at = 4800;
    const before = sqlRows.read;
    const answer = await page(g, `1.${clock.now}.${listed[at]}`, 50);
    expect(names(answer)).toEqual(listed.slice(at + 1, at + 51));
    expect(sqlRows.read - before).toBeLessThan(100);
  });
});
