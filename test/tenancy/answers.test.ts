import { runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { GroupObject } from "../../src/group/group-object";
import { sqlRows } from "../../src/sql";
import { call, createGroup, fail, groupStub, OK, useTestClock } from "../helpers";

/**
 * A group with `n` members, added in one call to its object (as thousands of
 * add_group_member calls would), each given `appData` and `nameCard` in its row.
 */
async function groupOf(n: number, fill: { appData?: Record<string, string>; nameCard?: string } = {}) {
  const g = await createGroup({ Type: "Public" });
  await runInDurableObject(groupStub(g), async (object: GroupObject, state) => {
    const added = await object.addMembers(Array.from({ length: n }, (_, i) => `member_${i + 1}`));
    expect(added).toMatchObject({ results: expect.any(Array) });
    state.storage.sql.exec(
      `UPDATE members SET name_card = ?, app_data = ?`,
      fill.nameCard ?? "",
      JSON.stringify(fill.appData ?? {}),
    );
  });
  return g;
}

const KEYS = ["k1", "k2", "k3", "k4", "k5"];
/** The longest custom fields a member may hold, each character escaped to six in JSON. */
const fat = (c: string) => ({
  appData: Object.fromEntries(KEYS.map((k) => [k, c.repeat(64)])),
  nameCard: c.repeat(50),
});

// The test clock: real alarms (the directory's retry) are not armed for the next seconds of wall time.
beforeEach(() => {
  useTestClock();
});

describe("every answer has a budget", () => {
  it("6,000 members with five full custom fields each are answered whole (no SQLite string holds them)", async () => {
    const g = await groupOf(6000, fat('"'));
    const answer = await call("get_group_member_info", { GroupId: g, AppDefinedDataFilter_GroupMember: KEYS });
    expect(answer).toMatchObject({ ...OK, MemberNum: 6000 });
    expect(answer.MemberList).toHaveLength(6000);
    expect(answer.MemberList[5999].AppMemberDefinedData[4]).toEqual({ Key: "k5", Value: '"'.repeat(64) });
  });

  it("a page of 6,000 members reads each member's row once (rows read are the bill)", async () => {
    const g = await groupOf(6000);
    const before = sqlRows.read;
    const answer = await call("get_group_member_info", { GroupId: g, MemberInfoFilter: ["Role", "MuteUntil"] });
    expect(answer.MemberList).toHaveLength(6000);
    expect(sqlRows.read - before).toBeLessThan(6100);
  });

  it("a member page over 8 MB answers 10018 and asks for a smaller Limit", async () => {
    const g = await groupOf(6000, fat("\u0001"));
    const answer = await call("get_group_member_info", { GroupId: g, AppDefinedDataFilter_GroupMember: KEYS });
    expect(answer).toMatchObject(fail(10018));
    expect(answer.ErrorInfo).toBe(
      "this page would be over 8000000 bytes of answer; ask for fewer members or fields (Limit)",
    );
    const page = await call("get_group_member_info", {
      GroupId: g,
      Limit: 1000,
      AppDefinedDataFilter_GroupMember: KEYS,
    });
    expect(page).toMatchObject({ ...OK, MemberNum: 6000 });
    expect(page.MemberList).toHaveLength(1000);
  });

  it("get_group_info lists at most 6,000 members across its groups; the entries past that answer 10018", async () => {
    const groups = [await groupOf(2500), await groupOf(2500), await groupOf(2500), await groupOf(500)];
    const filter = { MemberInfoFilter: ["Role"] };
    const response = await call("get_group_info", { GroupIdList: groups, ResponseFilter: filter });
    const entries = response.GroupInfo as { ErrorCode: number; ErrorInfo: string; MemberList?: unknown[] }[];
    expect(entries.map((e) => [e.ErrorCode, e.MemberList?.length])).toEqual([
      [0, 2500],
      [0, 2500],
      [10018, undefined],
      [0, 500],
    ]);
    expect(entries[2]!.ErrorInfo).toBe(
      "the group has over 1000 members to answer within this call's 6000; list them with get_group_member_info",
    );
  });

  it("50 groups of 6,000 members asked at once answer one list, not 50 (a 637-byte call answered 102 MB)", async () => {
    const groups: string[] = [];
    for (let i = 0; i < 50; i++) groups.push(await groupOf(6000));
    const body = { GroupIdList: groups, ResponseFilter: { AppDefinedDataFilter_GroupMember: KEYS } };
    const answer = await call("get_group_info", body);
    const entries = answer.GroupInfo as { ErrorCode: number; MemberList?: unknown[] }[];
    expect(entries[0]).toMatchObject({ ErrorCode: 0 });
    expect(entries[0]!.MemberList).toHaveLength(6000);
    expect(entries.slice(1).every((e) => e.ErrorCode === 10018 && e.MemberList === undefined)).toBe(true);
    expect(JSON.stringify(answer).length).toBeLessThan(2_000_000);
  });

  it("the member key filters name at most five keys, as a member holds at most five", async () => {
    const g = await createGroup();
    const six = [...KEYS, "k6"];
    for (const [command, body] of [
      ["get_group_member_info", { GroupId: g, AppDefinedDataFilter_GroupMember: six }],
      ["get_group_info", { GroupIdList: [g], ResponseFilter: { AppDefinedDataFilter_GroupMember: six } }],
    ] as const) {
      const answer = await call(command, body);
      expect(answer).toMatchObject(fail(10004));
      expect(answer.ErrorInfo).toMatch(/AppDefinedDataFilter_GroupMember: must name at most 5 keys/);
    }
  });
});
