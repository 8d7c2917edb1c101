/**
 * The slice of the property-based fuzzing that `npm test` runs: every property of
 * ./properties.ts with a few cases each. `npm run test:fuzz` runs the same properties
 * with over 10,000 cases (fuzz-full.fuzz.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useTestClock } from "../helpers";
import { type FuzzContext, PROPERTIES, runsFor, setupWorld, snapshotSentinel } from "./properties";

/** Cases per property of weight 1 (each command's body property): about 855 cases in all. */
const BASE_RUNS = 30;

let ctx: FuzzContext;

beforeAll(async () => {
  const world = await setupWorld(useTestClock());
  ctx = { world, snapshot: await snapshotSentinel(world) };
}, 30_000);

describe("fuzz (slice): every generated request gets the envelope with a code of the right class", () => {
  it("the sentinel group reads back as set up: 5 members, mute-all on, two permanent mutes, two messages", () => {
    const { snapshot, world } = ctx;
    expect(snapshot.info?.GroupInfo).toEqual([
      expect.objectContaining({
        GroupId: world.sentinel.id,
        ErrorCode: 0,
        MemberNum: 5,
        MuteAllMember: "On",
        Owner_Account: "s_owner",
      }),
    ]);
    expect(snapshot.muted?.MutedAccountList).toEqual([
      { Member_Account: "s_ghost", MutedUntil: 4294967295 },
      { Member_Account: "s_muted", MutedUntil: 4294967295 },
    ]);
    expect(snapshot.history?.RspMsgList).toHaveLength(2);
    // The member info modify_group_member_info set is in the snapshot, so a change to it would show.
    const m1 = {
      Member_Account: "s_m1",
      Role: "Member",
      MsgFlag: "Discard",
      NameCard: "Ann 名片",
      AppMemberDefinedData: expect.arrayContaining([
        { Key: "level", Value: "7" },
        { Key: "__proto__", Value: "p" },
        { Key: "unset_key", Value: "" },
      ]),
    };
    expect(snapshot.membersAppData?.MemberList).toContainEqual(expect.objectContaining(m1));
    expect(snapshot.specified?.MemberList).toHaveLength(5);
    expect(snapshot.roles?.UserIdList).toContainEqual({ Member_Account: "s_admin", Role: "Admin" });
  });

  for (const property of PROPERTIES) {
    it(property.name, async () => {
      const numRuns = runsFor(property, BASE_RUNS);
      expect(await property.run(ctx, numRuns)).toBe(numRuns);
      expect(await snapshotSentinel(ctx.world)).toEqual(ctx.snapshot);
    }, 60_000);
  }
});
