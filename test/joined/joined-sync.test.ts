import { abortAllDurableObjects, env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { joinedIndexName, joinedShardOf } from "../../src/contract/object-names";
import { GONE_KEPT_MS } from "../../src/joined/joined-store";
import { accept } from "../../src/wire/errors";
import { withModules } from "../group/modules/harness";
import {
  call,
  captureFaults,
  createGroup,
  DEMO_APP,
  groupStub,
  OK,
  rpcAnswer,
  T0,
  type TestClock,
  uniqueGroupId,
  useTestClock,
} from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const someone = () => uniqueGroupId("acct").slice(0, 32);
const members = (...accounts: string[]) => accounts.map((Member_Account) => ({ Member_Account }));
const ids = async (account: string): Promise<string[]> =>
  (await call("get_joined_group_list", { Member_Account: account })).GroupIdList.map(
    (g: { GroupId: string }) => g.GroupId,
  );
const shardOf = (account: string) =>
  env.JOINED.get(env.JOINED.idFromName(joinedIndexName(DEMO_APP.sdkappid, joinedShardOf(account))));
/** A real storage fault in `account`'s shard: its rows are out of reach until `healShard`. */
const breakShard = (account: string) =>
  runInDurableObject(shardOf(account), (_i, s) => void s.storage.sql.exec("ALTER TABLE joined RENAME TO joined_away"));
const healShard = (account: string) =>
  runInDurableObject(shardOf(account), (_i, s) => void s.storage.sql.exec("ALTER TABLE joined_away RENAME TO joined"));
const alarmOf = (groupId: string) => runInDurableObject(groupStub(groupId), (_i, s) => s.storage.getAlarm());

/** The fault lines of a telling that the broken shard refused: the shard's, then the group's. */
const failedTelling = (group: string) => [
  { event: "joined_apply_failed", error: "Error: no such table: joined: SQLITE_ERROR" },
  {
    event: "joined_sync_failed",
    group,
    error: "Error: the joined-group index refused: internal error; safe to retry",
  },
];

describe("the joined-group index is never wrong for long: a crash between the group's write and the index's", () => {
  it("an add whose telling failed is listed once the group's alarm tells it, after a restart too", async () => {
    const bob = someone();
    const g = await createGroup({ MemberList: members("carol") });
    await breakShard(bob);
    const { faults } = await captureFaults(async () => {
      // The add is done, whatever the index: the group's own write committed.
      expect(await call("add_group_member", { GroupId: g, MemberList: members(bob) })).toMatchObject(OK);
      expect(await call("get_role_in_group", { GroupId: g, User_Account: [bob] })).toMatchObject({
        UserIdList: [{ Member_Account: bob, Role: "Member" }],
      });
    });
    expect(faults).toEqual(failedTelling(g));
    await healShard(bob);
    expect(await ids(bob)).toEqual([]);
    expect(await alarmOf(g)).toBe(T0 * 1000 + 5000);

    // The crash: every object restarts. What the index must learn was written with the add.
    await abortAllDurableObjects();
    clock.advance(5);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await ids(bob)).toEqual([g]);
    expect(await alarmOf(g)).toBeNull();
  });

  it("a telling that keeps failing is retried with backoff until the shard takes it", async () => {
    const bob = someone();
    const g = await createGroup();
    await breakShard(bob);
    const { faults } = await captureFaults(async () => {
      await call("add_group_member", { GroupId: g, MemberList: members(bob) });
      clock.advance(5);
      expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
      expect(await alarmOf(g)).toBe((T0 + 7) * 1000);
      clock.advance(2);
      expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
      expect(await alarmOf(g)).toBe((T0 + 11) * 1000);
    });
    const retry = (attempt: number, retryInMs: number) => [
      failedTelling(g)[0],
      { event: "due_work_failed", kind: "joined-sync", attempt, retryInMs, error: failedTelling(g)[1]?.error },
    ];
    expect(faults).toEqual([...failedTelling(g), ...retry(1, 2000), ...retry(2, 4000)]);
    await healShard(bob);
    clock.advance(4);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await ids(bob)).toEqual([g]);
    expect(await alarmOf(g)).toBeNull();
  });

  it("the write committed and the process died before any telling: the restarted group's alarm tells it", async () => {
    const bob = someone();
    let g = "";
    await withModules(({ membership, p }) => {
      g = p().group_id;
      // Membership's write alone, as the object commits it before the RPC that tells the index.
      expect(membership.add(p(), [bob])).toEqual({ results: [{ account: bob, result: 1 }] });
    });
    await abortAllDurableObjects();
    expect(await ids(bob)).toEqual([]);
    expect(await alarmOf(g)).toBe(T0 * 1000 + 5000);
    clock.advance(5);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await ids(bob)).toEqual([g]);
  });

  it("a destroy whose telling failed is off every member's list once the alarm tells every shard", async () => {
    const bob = someone();
    const carol = someone();
    const g = await createGroup({ MemberList: members(bob, carol) });
    await breakShard(bob);
    const { faults } = await captureFaults(async () => {
      expect(await call("destroy_group", { GroupId: g })).toEqual(OK);
    });
    expect(faults).toEqual(failedTelling(g));
    await healShard(bob);
    // Until the alarm, the index still lists it; the group itself is gone.
    expect(await ids(bob)).toEqual([g]);
    expect(await call("get_group_info", { GroupIdList: [g] })).toMatchObject({ GroupInfo: [{ ErrorCode: 10010 }] });
    await abortAllDurableObjects();
    clock.advance(5);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await ids(bob)).toEqual([]);
    expect(await ids(carol)).toEqual([]);
    expect(await alarmOf(g)).toBeNull();
  });

  it("lives of a GroupId are ordered: a late or repeated change never brings back a destroyed one", async () => {
    const bob = someone();
    const g = uniqueGroupId("direct");
    const shard = shardOf(bob);
    const life = (incarnation: number, alive: boolean, accounts: [string, number | null][]) => ({
      groupId: g,
      incarnation,
      type: "Public" as const,
      active: true,
      topics: false,
      alive,
      accounts,
    });
    const page = async () => {
      const q = { kind: null, huge: false, inactive: false, topicsOnly: false, offset: 0, limit: 10 };
      return accept(await shard.page(bob, q)).groupIds;
    };
    expect(rpcAnswer(await shard.apply(life(1000, true, [[bob, T0]])))).toEqual({});
    expect(rpcAnswer(await shard.apply(life(1000, true, [[bob, T0]])))).toEqual({});
    expect(await page()).toEqual([g]);
    expect(rpcAnswer(await shard.apply(life(1000, false, [])))).toEqual({});
    expect(rpcAnswer(await shard.apply(life(1000, true, [[bob, T0]])))).toEqual({});
    expect(await page()).toEqual([]);
    // A newer life is listed; a late destroy of the older one leaves it.
    expect(rpcAnswer(await shard.apply(life(2000, true, [[bob, T0 + 1]])))).toEqual({});
    expect(rpcAnswer(await shard.apply(life(1000, false, [])))).toEqual({});
    expect(await page()).toEqual([g]);
    // A destroyed life is forgotten a day later, by the shard's alarm.
    expect(rpcAnswer(await shard.apply(life(2000, false, [])))).toEqual({});
    const gone = () =>
      runInDurableObject(shard, (_i, s) =>
        s.storage.sql
          .exec<{ group_id: string }>("SELECT group_id FROM joined_gone")
          .toArray()
          .map((r) => r.group_id),
      );
    expect(await gone()).toContain(g);
    clock.advance(GONE_KEPT_MS / 1000);
    expect(await runDurableObjectAlarm(shard)).toBe(true);
    expect(await gone()).not.toContain(g);
  });
});

describe("version 16: the pending accounts, one row per change", () => {
  it("a group's pending accounts from before the deploy become rows of 500, told by its alarm", async () => {
    const accounts = Array.from({ length: 1200 }, () => someone());
    const g = await createGroup();
    for (let i = 0; i < accounts.length; i += 500) {
      expect(
        await call("add_group_member", { GroupId: g, MemberList: members(...accounts.slice(i, i + 500)) }),
      ).toMatchObject(OK);
    }
    // The group as version 15 left it, its index never told: a row per account in joined_sync.
    await runInDurableObject(groupStub(g), (_i, s) => {
      const sql = s.storage.sql;
      sql.exec("DROP TABLE joined_pending");
      sql.exec("CREATE TABLE joined_sync (account TEXT PRIMARY KEY, rev INTEGER NOT NULL) WITHOUT ROWID");
      sql.exec("INSERT INTO joined_sync (account, rev) SELECT account, 1 FROM members WHERE true");
      sql.exec("DROP INDEX live_gaps");
      sql.exec("ALTER TABLE live_frames DROP COLUMN total");
      sql.exec("UPDATE schema_version SET version = 15");
      sql.exec(
        "INSERT INTO schedule (kind, due_at) VALUES ('joined-sync', 0) ON CONFLICT (kind) DO UPDATE SET due_at = 0",
      );
    });
    await abortAllDurableObjects();
    const pending = () =>
      runInDurableObject(groupStub(g), (_i, s) => ({
        rows: s.storage.sql
          .exec<{ n: number }>("SELECT json_array_length(accounts) AS n FROM joined_pending")
          .toArray(),
        old: s.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE name = 'joined_sync'").toArray().length,
      }));
    // The 1,200 members in rows of 500; the old table is gone.
    expect(await pending()).toEqual({ rows: [{ n: 500 }, { n: 500 }, { n: 200 }], old: 0 });
    // The alarm tells a round of 500 per run until none is left.
    for (let run = 0; run < 3; run++) expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await pending()).toEqual({ rows: [], old: 0 });
    expect(await ids(accounts[0]!)).toEqual([g]);
    expect(await ids(accounts[1199]!)).toEqual([g]);
  });
});
