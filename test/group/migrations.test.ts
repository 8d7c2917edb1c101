import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { GroupObject } from "../../src/group/group-object";
import { GROUP_MIGRATIONS, migrate } from "../../src/group/schema";
import {
  call,
  captureFaults,
  createGroup,
  DEMO_APP,
  fail,
  getMuted,
  groupStub,
  listsGroup,
  mute,
  mutedAnswer,
  mutedList,
  OK,
  rpcAnswer,
  T0,
  type TestClock,
  textBody,
  uniqueGroupId,
  useTestClock,
} from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

const LATEST = GROUP_MIGRATIONS.at(-1)!.version;

/** What a deploy must never lose: the version, the tables' rows, the alarm and the schedule. */
const snapshot = (groupId: string) =>
  runInDurableObject(groupStub(groupId), async (_i, s) => {
    const sql = s.storage.sql;
    return {
      version: sql.exec<{ version: number }>("SELECT version FROM schema_version").one().version,
      members: sql.exec("SELECT account, role FROM members ORDER BY account").toArray(),
      mutes: sql.exec("SELECT account, until FROM mutes ORDER BY account").toArray(),
      schedule: sql.exec("SELECT kind, due_at FROM schedule").toArray(),
      indexes: sql
        .exec<{ name: string }>(
          "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .toArray()
        .map((r) => r.name),
      alarm: await s.storage.getAlarm(),
    };
  });

describe("schema versions", () => {
  it("a new group starts at the latest version", async () => {
    const g = await createGroup({ Owner_Account: "owner" });
    expect(await snapshot(g)).toEqual({
      version: LATEST,
      members: [{ account: "owner", role: "Owner" }],
      mutes: [],
      schedule: [],
      indexes: ["bans_by_until", "live_gaps", "members_listing"],
      alarm: null,
    });
  });

  it("a later migration runs once, at the first start after the deploy, keeping mutes, members, alarm", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    expect(await mute(g, ["bob", "eve"], 100)).toEqual(OK);
    const before = await snapshot(g);

    // Run twice, this ALTER would fail: the second start below proves it ran once.
    GROUP_MIGRATIONS.push({ version: LATEST + 1, sql: "ALTER TABLE members ADD COLUMN note TEXT NOT NULL DEFAULT ''" });
    try {
      await abortAllDurableObjects();
      expect((await call("get_group_member_info", { GroupId: g })).MemberList).toHaveLength(2);
      await abortAllDurableObjects();
      expect(await snapshot(g)).toEqual({ ...before, version: LATEST + 1 });
      await runInDurableObject(groupStub(g), (_i, s) => {
        expect(s.storage.sql.exec("SELECT account, note FROM members ORDER BY account").toArray()).toEqual([
          { account: "bob", note: "" },
          { account: "owner", note: "" },
        ]);
      });
    } finally {
      GROUP_MIGRATIONS.pop();
    }
    expect(await mutedList(g)).toEqual([
      { Member_Account: "bob", MutedUntil: T0 + 100 },
      { Member_Account: "eve", MutedUntil: T0 + 100 },
    ]);
  });

  it("a group from before versions is migrated: rows and alarm kept, the stale index on until dropped", async () => {
    const g = uniqueGroupId("old");
    // The tables as the release before versions made them, with the index of its second session.
    await runInDurableObject(groupStub(g), async (_i, s) => {
      const sql = s.storage.sql;
      sql.exec(`
        CREATE TABLE profile (id INTEGER PRIMARY KEY CHECK (id = 1), group_id TEXT NOT NULL, type TEXT NOT NULL,
          name TEXT NOT NULL, owner TEXT NOT NULL, created INTEGER NOT NULL, mute_all INTEGER NOT NULL DEFAULT 0,
          last_seq INTEGER NOT NULL DEFAULT 0, member_num INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE members (account TEXT PRIMARY KEY, role TEXT NOT NULL, joined INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX members_listing ON members ((role <> 'Owner'), joined, account);
        CREATE TABLE mutes (account TEXT PRIMARY KEY, until INTEGER NOT NULL) WITHOUT ROWID;
        CREATE INDEX mutes_by_until ON mutes (until);
        CREATE TABLE messages (seq INTEGER PRIMARY KEY, sender TEXT NOT NULL, random INTEGER NOT NULL,
          time INTEGER NOT NULL, body TEXT NOT NULL);
      `);
      sql.exec(
        "INSERT INTO profile (id, group_id, type, name, owner, created, member_num) " +
          "VALUES (1, ?, 'Public', 'old', 'owner', ?, 2)",
        g,
        T0 - 1000,
      );
      sql.exec("INSERT INTO members VALUES ('owner', 'Owner', ?), ('bob', 'Member', ?)", T0 - 1000, T0 - 900);
      sql.exec("INSERT INTO mutes VALUES ('bob', ?), ('eve', ?), ('forever', 4294967295)", T0 + 300, T0 + 100);
      await s.storage.setAlarm((T0 + 100) * 1000);
    });
    await abortAllDurableObjects();

    expect(await getMuted(g)).toEqual(
      mutedAnswer(g, [
        { Member_Account: "bob", MutedUntil: T0 + 300 },
        { Member_Account: "eve", MutedUntil: T0 + 100 },
        { Member_Account: "forever", MutedUntil: 4294967295 },
      ]),
    );
    expect(await snapshot(g)).toEqual({
      version: LATEST,
      members: [
        { account: "bob", role: "Member" },
        { account: "owner", role: "Owner" },
      ],
      mutes: [
        { account: "bob", until: T0 + 300 },
        { account: "eve", until: T0 + 100 },
        { account: "forever", until: 4294967295 },
      ],
      // Version 4: the group is to tell the app's directory about itself, at once; version 14, the
      // joined-group index about its members.
      schedule: [
        { kind: "directory-sync", due_at: 0 },
        { kind: "joined-sync", due_at: 0 },
        { kind: "mute-expiry", due_at: (T0 + 100) * 1000 },
      ],
      indexes: ["bans_by_until", "live_gaps", "members_listing"],
      alarm: T0 * 1000,
    });
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await listsGroup(g)).toBe(true);
    expect((await call("get_joined_group_list", { Member_Account: "bob" })).GroupIdList).toContainEqual({ GroupId: g });
    expect(await snapshot(g)).toMatchObject({
      schedule: [{ kind: "mute-expiry", due_at: (T0 + 100) * 1000 }],
      alarm: (T0 + 100) * 1000,
    });
    // The profile fields of version 3: the type's defaults, LastInfoTime from CreateTime.
    expect((await call("get_group_info", { GroupIdList: [g] })).GroupInfo[0]).toMatchObject({
      Name: "old",
      CreateTime: T0 - 1000,
      LastInfoTime: T0 - 1000,
      LastMsgTime: 0,
      NextMsgSeq: 1,
      MemberNum: 2,
      MaxMemberNum: 6000,
      ApplyJoinOption: "NeedPermission",
      AppDefinedData: [],
    });
  });

  it("version 5 keeps every mute, message and recent Random under the group's own scope", async () => {
    const g = uniqueGroupId("v4");
    await runInDurableObject(groupStub(g), (_i, s) => {
      migrate(s.storage, GROUP_MIGRATIONS.slice(0, 4));
      const sql = s.storage.sql;
      sql.exec(
        "INSERT INTO profile (id, group_id, type, name, owner, created, last_seq, incarnation) " +
          "VALUES (1, ?, 'Public', 'v4', '', ?, 2, 1)",
        g,
        T0 - 1000,
      );
      sql.exec("INSERT INTO mutes VALUES ('bob', ?), ('eve', 4294967295)", T0 + 100);
      sql.exec("INSERT INTO messages (seq, sender, random, time, body) VALUES (2, 'bob', 7, ?, '[]')", T0 - 10);
      sql.exec("INSERT INTO recent_sends VALUES (?, 7, 2, ?)", DEMO_APP.admin, T0 - 10);
      // A sweep stopped half-way, its cursor an account.
      sql.exec("INSERT INTO schedule (kind, due_at, cursor) VALUES ('mute-expiry', ?, 'bob')", (T0 + 100) * 1000);
    });
    await abortAllDurableObjects();
    expect(await getMuted(g)).toEqual(
      mutedAnswer(g, [
        { Member_Account: "bob", MutedUntil: T0 + 100 },
        { Member_Account: "eve", MutedUntil: 4294967295 },
      ]),
    );
    const history = await call("group_msg_get_simple", { GroupId: g, ReqMsgNumber: 1 });
    expect(history.RspMsgList).toMatchObject([{ From_Account: "bob", MsgSeq: 2, MsgRandom: 7 }]);
    // The Random sent before the deploy still answers the first send.
    const again = await call("send_group_msg", { GroupId: g, Random: 7, MsgBody: textBody("again") });
    expect(again).toEqual({ ...OK, MsgSeq: 2, MsgTime: T0 - 10 });
    expect(
      await runInDurableObject(groupStub(g), (_i, s) => ({
        version: s.storage.sql.exec<{ version: number }>("SELECT version FROM schema_version").one().version,
        mutes: s.storage.sql.exec("SELECT topic, account FROM mutes ORDER BY account").toArray(),
        cursor: s.storage.sql.exec("SELECT cursor FROM schedule WHERE kind = 'mute-expiry'").one().cursor,
      })),
    ).toEqual({
      version: LATEST,
      mutes: [
        { topic: "", account: "bob" },
        { topic: "", account: "eve" },
      ],
      cursor: "",
    });
    clock.advance(100);
    expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
    expect(await mutedList(g)).toEqual([{ Member_Account: "eve", MutedUntil: 4294967295 }]);
  });

  it("a failed migration leaves the tables as they were; calls get 10002 until a fixed deploy heals it", async () => {
    const g = await createGroup({ Owner_Account: "owner" });
    expect(await mute(g, ["bob"], 100)).toEqual(OK);
    const before = await snapshot(g);
    const unavailable = { ...fail(10002), ErrorInfo: "the group's storage could not be opened; safe to retry" };
    GROUP_MIGRATIONS.push({ version: LATEST + 1, sql: "CREATE TABLE extra (x INTEGER); SELECT no_such_function();" });
    const { faults } = await captureFaults(async () => {
      try {
        await abortAllDurableObjects();
        expect(await getMuted(g)).toEqual(unavailable);
        expect(await mute(g, ["eve"], 100)).toEqual(unavailable);
        expect(await call("get_group_info", { GroupIdList: [g] })).toMatchObject({
          ...OK,
          GroupInfo: [{ GroupId: g, ErrorCode: 10002 }],
        });
        // Its alarm runs nothing; the runtime drops it, and the schedule brings it back once the group starts.
        expect(await runDurableObjectAlarm(groupStub(g))).toBe(true);
        expect(await runInDurableObject(groupStub(g), (_i, s) => s.storage.getAlarm())).toBeNull();
      } finally {
        // The fixed deploy.
        GROUP_MIGRATIONS.pop();
      }
    });
    // Logged by the start after the deploy and by the alarm's try; the calls within the retry pause try nothing.
    const failed = {
      event: "group_start_failed",
      error: "Error: no such function: no_such_function at offset 7: SQLITE_ERROR",
    };
    expect(faults).toEqual([failed, failed]);
    // Within the retry pause it still answers 10002; after it, the next call starts the group again.
    expect(await getMuted(g)).toEqual(unavailable);
    clock.advance(5);
    expect(await mutedList(g)).toEqual([{ Member_Account: "bob", MutedUntil: T0 + 100 }]);
    expect(await snapshot(g)).toEqual(before);
  });
});

describe("version 9: the history's chains and Mute times", () => {
  it("are built from the rows there: none lost, every account's pages and Escalate's counts as before", async () => {
    const g = uniqueGroupId("v8");
    const DAY = 86_400;
    const TOPIC = "@TGS#_v8@TOPIC#_t";
    /** What the history answers, oldest first: the model of the rows written below. */
    const model: Record<string, unknown>[] = [];
    await runInDurableObject(groupStub(g), (_i, s) => {
      migrate(s.storage, GROUP_MIGRATIONS.slice(0, 8));
      const sql = s.storage.sql;
      sql.exec(
        "INSERT INTO profile (id, group_id, type, name, owner, created, incarnation) " +
          "VALUES (1, ?, 'Public', 'v8', '', ?, 1)",
        g,
        T0 - 50 * DAY,
      );
      const shown = (time: number, action: string, topic: string, operator: string, e: [string, number, string]) =>
        model.push({
          Time: time,
          Action: action,
          Member_Account: e[0],
          Operator_Account: operator,
          MutedUntil: e[1],
          Reason: e[2],
          ...(topic === "" ? {} : { TopicId: topic }),
        });
      // The rows as version 8's code wrote them: a mute's accounts alone, other changes' [account, until, reason].
      const muted = (time: number, accounts: string[], until: number, reason = "", topic = "") => {
        sql.exec(
          `INSERT INTO mute_history (time, action, topic, operator, entries, n, total, muted_until, reason)
           VALUES (?1, 'Mute', ?2, 'op', ?3, json_array_length(?3),
             json_array_length(?3) + coalesce((SELECT total FROM mute_history ORDER BY id DESC LIMIT 1), 0), ?4, ?5)`,
          time,
          topic,
          JSON.stringify(accounts),
          until,
          reason,
        );
        for (const a of accounts) shown(time, "Mute", topic, "op", [a, until, reason]);
      };
      const changed = (time: number, action: string, entries: [string, number, string][], operator = "op") => {
        sql.exec(
          `INSERT INTO mute_history (time, action, topic, operator, entries, n, total)
           VALUES (?, ?, '', ?, ?, ?, ? + coalesce((SELECT total FROM mute_history ORDER BY id DESC LIMIT 1), 0))`,
          time,
          action,
          operator,
          JSON.stringify(entries),
          entries.length,
          entries.length,
        );
        for (const e of entries) shown(time, action, "", operator, e);
      };
      // 40 days ago: past decayDays (30).
      muted(T0 - 40 * DAY, ["a", "b"], T0 - 40 * DAY + 60);
      changed(
        T0 - 40 * DAY + 60,
        "Expire",
        [
          ["a", T0 - 40 * DAY + 60, ""],
          ["b", T0 - 40 * DAY + 60, ""],
        ],
        "",
      );
      changed(T0 - 10 * DAY, "MuteAll", [["", 0, ""]]);
      muted(T0 - 10 * DAY, ["a", "c"], T0 + DAY, "spam");
      changed(T0 - 10 * DAY + 5, "Unmute", [["a", 0, "spam"]]);
      muted(T0 - 5 * DAY, ["a"], T0 + DAY, "", TOPIC);
      // 50 mutes of 100 others, b first in every tenth; 25 of d alone.
      for (let r = 0; r < 50; r++) {
        const others = Array.from({ length: 100 }, (_, i) => `o${r}-${i}`);
        muted(T0 - 2 * DAY + r, r % 10 === 0 ? ["b", ...others.slice(1)] : others, T0 + DAY);
      }
      for (let r = 0; r < 25; r++) muted(T0 - DAY + r, ["d"], T0 + DAY);
      muted(T0 - 1, ["c", "b"], T0 + DAY);
    });
    const rows = () =>
      runInDurableObject(groupStub(g), (_i, s) =>
        s.storage.sql
          .exec(
            `SELECT time, action, topic, operator, entries, n, total, muted_until, reason
             FROM mute_history ORDER BY total`,
          )
          .toArray(),
      );
    const before = await rows();
    expect(before).toHaveLength(82);
    await abortAllDurableObjects();

    const history = (extra: Record<string, unknown>) => call("get_group_mute_history", { GroupId: g, ...extra });
    /** Every page through Next, `limit` a page. */
    const read = async (extra: Record<string, unknown>, limit: number) => {
      const all: unknown[] = [];
      let Next = "";
      do {
        const page = await history({ ...extra, Limit: limit, Next });
        expect(page).toMatchObject(OK);
        all.push(...page.HistoryList);
        Next = page.Next;
      } while (Next !== "");
      return all;
    };
    const newestFirst = [...model].reverse();
    expect(await read({}, 100)).toEqual(newestFirst);
    expect(await rows()).toEqual(before);
    for (const account of ["a", "b", "c", "d", "o7-3", "o0-0", "nobody"]) {
      expect(await read({ Member_Account: account }, 2)).toEqual(
        newestFirst.filter((e) => e.Member_Account === account),
      );
    }
    await runInDurableObject(groupStub(g), (_i, s) => {
      const sql = s.storage.sql;
      expect(sql.exec<{ version: number }>("SELECT version FROM schema_version").one().version).toBe(LATEST);
      // Every account named (the mute-all entry names none), and no trigger left behind.
      expect(sql.exec<{ n: number }>("SELECT count(*) AS n FROM history_accounts").one().n).toBe(4 + 50 * 100 - 5);
      expect(sql.exec("SELECT name FROM sqlite_master WHERE type = 'trigger'").toArray()).toEqual([]);
    });
    // Escalate along 20 steps counts each account's Mute entries of the last 30 days, up to the last step.
    const steps = Array.from({ length: 20 }, (_, i) => (i + 1) * 100);
    expect(
      rpcAnswer(
        await runInDurableObject(groupStub(g), (group: GroupObject) =>
          group.forbid(JSON.stringify(["a", "b", "c", "d", "e"]), { steps, decayDays: 30 }, null, "op", ""),
        ),
      ),
    ).toEqual({});
    const until = Object.fromEntries((await mutedList(g)).map((e) => [e.Member_Account, e.MutedUntil - T0]));
    expect([until.a, until.b, until.c, until.d, until.e]).toEqual([steps[2], steps[6], steps[2], steps[19], steps[0]]);
  });
});

describe("a new group's schema", () => {
  it("is what the migrations make of the oldest group: the same tables, columns, keys and indexes", async () => {
    /** Every table's columns (name, type, not null, default, key) and every index, as SQLite reports them. */
    const shape = (groupId: string) =>
      runInDurableObject(groupStub(groupId), (_i, s) => {
        const sql = s.storage.sql;
        const tables = sql
          .exec<{ name: string }>(
            `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE '_cf_%'
             ORDER BY name`,
          )
          .toArray()
          .map((t) => t.name);
        const columns = Object.fromEntries(
          tables.map((t) => [
            t,
            sql
              .exec(`SELECT name, type, "notnull", dflt_value, pk FROM pragma_table_info(?) ORDER BY name`, t)
              .toArray(),
          ]),
        );
        const withoutRowid = sql
          .exec<{ name: string; sql: string }>(`SELECT name, sql FROM sqlite_master WHERE type = 'table'`)
          .toArray()
          .filter((t) => /WITHOUT ROWID\s*$/i.test(t.sql))
          .map((t) => t.name)
          .sort();
        // Index definitions as SQLite keeps them, spaces aside (the pragmas on indexes are not allowed here).
        const indexes = sql
          .exec<{ name: string; tbl_name: string; sql: string | null }>(
            `SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name`,
          )
          .toArray()
          .map((x) => ({ ...x, sql: x.sql?.replace(/\s+/g, " ") ?? null }));
        return { tables, columns, withoutRowid, indexes };
      });
    const fresh = await createGroup({ Owner_Account: "owner" });
    const old = uniqueGroupId("v0");
    // The oldest tables there are (before versions), then every migration at the next start.
    await runInDurableObject(groupStub(old), (_i, s) => {
      s.storage.sql.exec(`
        CREATE TABLE profile (id INTEGER PRIMARY KEY CHECK (id = 1), group_id TEXT NOT NULL, type TEXT NOT NULL,
          name TEXT NOT NULL, owner TEXT NOT NULL, created INTEGER NOT NULL, mute_all INTEGER NOT NULL DEFAULT 0,
          last_seq INTEGER NOT NULL DEFAULT 0, member_num INTEGER NOT NULL DEFAULT 0);
        CREATE TABLE members (account TEXT PRIMARY KEY, role TEXT NOT NULL, joined INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE mutes (account TEXT PRIMARY KEY, until INTEGER NOT NULL) WITHOUT ROWID;
        CREATE TABLE messages (seq INTEGER PRIMARY KEY, sender TEXT NOT NULL, random INTEGER NOT NULL,
          time INTEGER NOT NULL, body TEXT NOT NULL);
      `);
      s.storage.sql.exec(
        "INSERT INTO profile (id, group_id, type, name, owner, created) VALUES (1, ?, 'Public', 'o', '', 1)",
        old,
      );
    });
    await abortAllDurableObjects();
    expect(await getMuted(old)).toMatchObject(OK);
    const migrated = await shape(old);
    expect(migrated.tables).toContain("outbox");
    expect(await shape(fresh)).toEqual(migrated);
  });
});
