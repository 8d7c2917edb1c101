/**
 * The slice of the property-based fuzzing that `npm test` runs: every property of
 * ./properties.ts with a few cases each. `npm run test:fuzz` runs the same properties
 * with over 10,000 cases (fuzz-full.fuzz.ts).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { useTestClock } from "../helpers";
import { type FuzzContext, mostRowsRead, PROPERTIES, runsFor, setupWorld, snapshotSentinel } from "./properties";

/** Cases per property of weight 1 (each command's body property): about 1,200 cases in all. */
const BASE_RUNS = 30;

let ctx: FuzzContext;

beforeAll(async () => {
  const world = await setupWorld(useTestClock());
  ctx = { world, snapshot: await snapshotSentinel(world) };
}, 30_000);

describe("fuzz (slice): every generated request gets the envelope with a code of the right class", () => {
  it("the sentinel group reads back as set up: 5 members, its profile, two permanent mutes, three messages", () => {
    const { snapshot, world } = ctx;
    expect(snapshot.info?.GroupInfo).toEqual([
      expect.objectContaining({
        GroupId: world.sentinel.id,
        ErrorCode: 0,
        MemberNum: 5,
        MuteAllMember: "On",
        ShutUpAllMember: "On",
        Owner_Account: "s_owner",
        Introduction: "Intro ✓ 简介",
        MaxMemberNum: 200,
        ApplyJoinOption: "FreeAccess",
        InviteJoinOption: "DisableApply",
        NextMsgSeq: 4,
        AppDefinedData: expect.arrayContaining([
          { Key: "topic", Value: "sentinel ✓" },
          { Key: "0", Value: "zero" },
          { Key: "constructor", Value: "c" },
        ]),
      }),
    ]);
    // Filtered: the base fields asked for, the custom keys asked for ("" for one it lacks), an absent group.
    expect(snapshot.infoFiltered?.GroupInfo).toEqual([
      expect.objectContaining({ Name: world.sentinel.name, MaxMemberNum: 200, NextMsgSeq: 4 }),
      expect.objectContaining({ GroupId: world.absent[0], ErrorCode: 10010 }),
    ]);
    expect(snapshot.infoFiltered?.GroupInfo[0].AppDefinedData).toEqual([
      { Key: "topic", Value: "sentinel ✓" },
      { Key: "unset_key", Value: "" },
      { Key: "0", Value: "zero" },
    ]);
    expect(snapshot.infoMembers?.GroupInfo[0].MemberList).toHaveLength(5);
    expect(snapshot.muted?.MutedAccountList).toEqual([
      { Member_Account: "s_ghost", MutedUntil: 4294967295 },
      { Member_Account: "s_muted", MutedUntil: 4294967295 },
    ]);
    // The newest first: a placeholder for the online-only message, then the two kept.
    expect(snapshot.history?.RspMsgList).toHaveLength(3);
    expect(snapshot.history?.RspMsgList[0]).toMatchObject({ MsgSeq: 3, IsPlaceMsg: 1 });
    expect(snapshot.history?.RspMsgList[1]).toMatchObject({ MsgSeq: 2, MsgPriority: 1, CloudCustomData: "cloud ✓" });
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

  it("every answer above was held to the cost bounds, which saw the rows the calls read", () => {
    // The bound of rows read per call is checked as each answer is read; this shows it is live.
    expect(mostRowsRead.rows).toBeGreaterThan(0);
  });
});
