import { type Migration, runMigrations } from "../migrations";
import { columnExists, tableExists } from "../sql";
import { PERMANENT } from "../wire/mute-time";
import { DIRECTORY_SYNC } from "./directory-sync";
import { JOINED_SYNC } from "./joined-sync";
import { MUTE_EXPIRY } from "./mute-expiry";
import { HISTORY_BY_TOTAL_MIGRATION, HISTORY_CHAINS_MIGRATION } from "./mute-history";
import { GROUP_SCHEMA, GROUP_SCHEMA_VERSION } from "./schema-fresh";

/** Migration 15's statement; also what an outbox left from before it gets in a new group (see migrate). */
const OUTBOX_CLIENT_IP = `ALTER TABLE outbox ADD COLUMN client_ip TEXT NOT NULL DEFAULT ''`;

/**
 * The group object's schema, version by version. A deploy that changes the
 * schema appends a migration; each object runs the ones it has not run yet the
 * first time it starts after the deploy, all in one transaction. Tables are made
 * by create_group only: a call on a group that does not exist leaves no storage.
 */
export const GROUP_MIGRATIONS: Migration[] = [
  {
    // The schema of the first release. Groups created before versions existed have these tables
    // already (hence IF NOT EXISTS) and may still have the index on mutes.until of the second
    // session, which cost every mute two b-tree seeks per account: dropped. Their mutes get the
    // schedule row that the scheduler keeps from now on, due at their earliest expiry.
    version: 1,
    sql: `
      CREATE TABLE IF NOT EXISTS profile (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        group_id TEXT NOT NULL,
        type TEXT NOT NULL,
        name TEXT NOT NULL,
        owner TEXT NOT NULL,
        created INTEGER NOT NULL,
        mute_all INTEGER NOT NULL DEFAULT 0,
        last_seq INTEGER NOT NULL DEFAULT 0,
        -- Kept with every add and remove: counting the members table would cost the group's size.
        member_num INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE IF NOT EXISTS members (
        account TEXT PRIMARY KEY,
        role TEXT NOT NULL,
        joined INTEGER NOT NULL
      ) WITHOUT ROWID;
      -- The listing order of get_group_member_info (owner first, then by join), so a page reads only its rows.
      CREATE INDEX IF NOT EXISTS members_listing ON members ((role <> 'Owner'), joined, account);
      -- No index on until: see docs/design.md ("Time and expiry").
      CREATE TABLE IF NOT EXISTS mutes (
        account TEXT PRIMARY KEY,
        until INTEGER NOT NULL
      ) WITHOUT ROWID;
      DROP INDEX IF EXISTS mutes_by_until;
      CREATE TABLE IF NOT EXISTS messages (
        seq INTEGER PRIMARY KEY,
        sender TEXT NOT NULL,
        random INTEGER NOT NULL,
        time INTEGER NOT NULL,
        body TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS schedule (
        kind TEXT PRIMARY KEY,
        due_at INTEGER NOT NULL,
        cursor TEXT NOT NULL DEFAULT '',
        failures INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID;
      INSERT INTO schedule (kind, due_at)
        SELECT '${MUTE_EXPIRY}', MIN(until) * 1000 FROM mutes WHERE until < ${PERMANENT} HAVING COUNT(*) > 0
        ON CONFLICT (kind) DO NOTHING;
    `,
  },
  {
    // The member fields of Tencent's member queries and modify_group_member_info.
    version: 2,
    sql: `
      ALTER TABLE members ADD COLUMN msg_seq INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE members ADD COLUMN msg_flag TEXT NOT NULL DEFAULT 'AcceptAndNotify';
      ALTER TABLE members ADD COLUMN last_send INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE members ADD COLUMN name_card TEXT NOT NULL DEFAULT '';
      ALTER TABLE members ADD COLUMN app_data TEXT NOT NULL DEFAULT '{}';
    `,
  },
  {
    // The whole group profile of create_group / modify_group_base_info / get_group_info, the message
    // fields of send_group_msg, and the senders' recent Random values (a retry within five minutes
    // is the same message). Existing groups get their type's defaults (profileDefaults, as literals:
    // a shipped migration never changes) and LastInfoTime = CreateTime.
    version: 3,
    sql: `
      ALTER TABLE profile ADD COLUMN introduction TEXT NOT NULL DEFAULT '';
      ALTER TABLE profile ADD COLUMN notification TEXT NOT NULL DEFAULT '';
      ALTER TABLE profile ADD COLUMN face_url TEXT NOT NULL DEFAULT '';
      ALTER TABLE profile ADD COLUMN max_member_num INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE profile ADD COLUMN apply_join_option TEXT NOT NULL DEFAULT '';
      ALTER TABLE profile ADD COLUMN invite_join_option TEXT NOT NULL DEFAULT '';
      ALTER TABLE profile ADD COLUMN app_data TEXT NOT NULL DEFAULT '{}';
      ALTER TABLE profile ADD COLUMN last_info_time INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE profile ADD COLUMN last_msg_time INTEGER NOT NULL DEFAULT 0;
      UPDATE profile SET last_info_time = created,
        last_msg_time = coalesce((SELECT max(time) FROM messages), 0),
        max_member_num = CASE type WHEN 'AVChatRoom' THEN 0 WHEN 'BChatRoom' THEN 0
          WHEN 'Community' THEN 100000 ELSE 6000 END,
        apply_join_option = CASE type WHEN 'AVChatRoom' THEN 'FreeAccess' WHEN 'BChatRoom' THEN 'FreeAccess'
          WHEN 'Private' THEN 'DisableApply' WHEN 'Work' THEN 'DisableApply' ELSE 'NeedPermission' END,
        invite_join_option = CASE type WHEN 'Private' THEN 'FreeAccess' WHEN 'Work' THEN 'FreeAccess'
          ELSE 'NeedPermission' END;
      ALTER TABLE messages ADD COLUMN priority INTEGER NOT NULL DEFAULT 2;
      ALTER TABLE messages ADD COLUMN cloud_custom_data TEXT NOT NULL DEFAULT '';
      CREATE TABLE IF NOT EXISTS recent_sends (
        sender TEXT NOT NULL,
        random INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        time INTEGER NOT NULL,
        PRIMARY KEY (sender, random)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS recent_sends_by_time ON recent_sends (time);
    `,
  },
  {
    // The app's group directory (get_appid_group_list) learns of a group from the group itself:
    // the change to tell it is written here with the create or destroy, and kept until the app
    // object took it (docs/design.md, "The group directory"). A group's incarnation (ms of its
    // create_group) orders the lives of one GroupId. Existing groups register on their first start.
    version: 4,
    sql: `
      ALTER TABLE profile ADD COLUMN incarnation INTEGER NOT NULL DEFAULT 0;
      UPDATE profile SET incarnation = created * 1000;
      CREATE TABLE IF NOT EXISTS directory_sync (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        action TEXT NOT NULL,
        group_id TEXT NOT NULL,
        type TEXT NOT NULL,
        incarnation INTEGER NOT NULL
      );
      INSERT INTO directory_sync (id, action, group_id, type, incarnation)
        SELECT 1, 'register', group_id, type, incarnation FROM profile;
      INSERT INTO schedule (kind, due_at) SELECT '${DIRECTORY_SYNC}', 0 FROM profile WHERE true
        ON CONFLICT (kind) DO NOTHING;
    `,
  },
  {
    // Topics of a Community (SupportTopic): the topics table, and a scope on what a topic has of its
    // own: mutes, messages and recent Random values, keyed by topic first ('' is the group itself).
    // The keyed tables are rebuilt with every row copied under ''; a sweep in progress restarts from
    // the first row (its cursor was an account, it is now a [topic, account] pair).
    version: 5,
    sql: `
      ALTER TABLE profile ADD COLUMN support_topic INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE topics (
        topic_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        created INTEGER NOT NULL,
        face_url TEXT NOT NULL DEFAULT '',
        notification TEXT NOT NULL DEFAULT '',
        introduction TEXT NOT NULL DEFAULT '',
        custom_string TEXT NOT NULL DEFAULT '',
        app_data TEXT NOT NULL DEFAULT '[]',
        mute_all INTEGER NOT NULL DEFAULT 0,
        last_seq INTEGER NOT NULL DEFAULT 0,
        last_msg_time INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE mutes_v5 (
        topic TEXT NOT NULL,
        account TEXT NOT NULL,
        until INTEGER NOT NULL,
        PRIMARY KEY (topic, account)
      ) WITHOUT ROWID;
      INSERT INTO mutes_v5 (topic, account, until) SELECT '', account, until FROM mutes;
      DROP TABLE mutes;
      ALTER TABLE mutes_v5 RENAME TO mutes;
      UPDATE schedule SET cursor = '' WHERE kind = '${MUTE_EXPIRY}';
      CREATE TABLE messages_v5 (
        topic TEXT NOT NULL,
        seq INTEGER NOT NULL,
        sender TEXT NOT NULL,
        random INTEGER NOT NULL,
        time INTEGER NOT NULL,
        body TEXT NOT NULL,
        priority INTEGER NOT NULL DEFAULT 2,
        cloud_custom_data TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (topic, seq)
      );
      INSERT INTO messages_v5 (topic, seq, sender, random, time, body, priority, cloud_custom_data)
        SELECT '', seq, sender, random, time, body, priority, cloud_custom_data FROM messages;
      DROP TABLE messages;
      ALTER TABLE messages_v5 RENAME TO messages;
      CREATE TABLE recent_sends_v5 (
        topic TEXT NOT NULL,
        sender TEXT NOT NULL,
        random INTEGER NOT NULL,
        seq INTEGER NOT NULL,
        time INTEGER NOT NULL,
        PRIMARY KEY (topic, sender, random)
      ) WITHOUT ROWID;
      INSERT INTO recent_sends_v5 (topic, sender, random, seq, time)
        SELECT '', sender, random, seq, time FROM recent_sends;
      DROP TABLE recent_sends;
      ALTER TABLE recent_sends_v5 RENAME TO recent_sends;
      CREATE INDEX recent_sends_by_time ON recent_sends (time);
    `,
  },
  {
    // Callbacks: each event for the app's receiver, written with the change it reports and kept
    // until the receiver took it (docs/design.md, "Callbacks"). IF NOT EXISTS: the table outlives
    // destroy_group until it is empty, so a group created again finds it. The group keeps its
    // sdkappid: an object woken by its alarm may not know its own name (existing groups learn it at
    // their next call).
    version: 6,
    sql: `
      ALTER TABLE profile ADD COLUMN sdkappid INTEGER NOT NULL DEFAULT 0;
      CREATE TABLE IF NOT EXISTS outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        sdkappid INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        command TEXT NOT NULL,
        payload TEXT NOT NULL,
        event_ms INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER NOT NULL
      );
    `,
  },
  {
    // Reasons and the mute history (extensions, docs/api.md "Mute history"): a mute keeps its
    // reason; every mute, unmute, expiry and mute-all switch is one history row (all its accounts),
    // written with the change, read newest first by group or by account, pruned by the scheduler.
    version: 7,
    sql: `
      ALTER TABLE mutes ADD COLUMN reason TEXT NOT NULL DEFAULT '';
      -- One row per change: its accounts in entries, n of them, total the entries up to this row
      -- (numbering them, for Next and the 10,000 bound). An entry is [account, MutedUntil, Reason],
      -- or (a mute, where all share them) the account alone, with muted_until and reason beside.
      CREATE TABLE mute_history (
        id INTEGER PRIMARY KEY,
        time INTEGER NOT NULL,
        action TEXT NOT NULL,
        topic TEXT NOT NULL DEFAULT '',
        operator TEXT NOT NULL,
        entries TEXT NOT NULL,
        n INTEGER NOT NULL,
        total INTEGER NOT NULL,
        muted_until INTEGER NOT NULL DEFAULT 0,
        reason TEXT NOT NULL DEFAULT ''
      );
    `,
  },
  {
    // Quiet hours (MuteAllSchedule, an extension): the windows as JSON, and the occurrence that
    // MuteAllMember Off ended early.
    version: 8,
    sql: `
      ALTER TABLE profile ADD COLUMN mute_all_schedule TEXT NOT NULL DEFAULT '[]';
      ALTER TABLE profile ADD COLUMN quiet_override TEXT NOT NULL DEFAULT '';
    `,
  },
  {
    // What a call reads of the history no longer grows with it (issue 26): an entry's number finds it,
    // and each account's entries are a chain, its newest and its last Mute times kept per account.
    version: 9,
    sql: HISTORY_CHAINS_MIGRATION,
  },
  {
    // The live channel (issue 28): the frames a client may need to resume, by their Seq.
    version: 10,
    sql: `CREATE TABLE live_frames (seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, frame TEXT NOT NULL);`,
  },
  {
    // Fewer rows written per call (issue 30; docs/benchmarks.md lists them): the history keyed by
    // its running count, messages by their key with no rowid beside it (each was a row and an
    // index entry), the outbox's ids without AUTOINCREMENT (each insert also wrote
    // sqlite_sequence; no id is remembered past its row's delete), recent Randoms without an
    // index on time (MessageLog.remember).
    version: 11,
    sql: `
      ${HISTORY_BY_TOTAL_MIGRATION}
      CREATE TABLE messages_v11 (
        topic TEXT NOT NULL,
        seq INTEGER NOT NULL,
        sender TEXT NOT NULL,
        random INTEGER NOT NULL,
        time INTEGER NOT NULL,
        body TEXT NOT NULL,
        priority INTEGER NOT NULL DEFAULT 2,
        cloud_custom_data TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (topic, seq)
      ) WITHOUT ROWID;
      INSERT INTO messages_v11 (topic, seq, sender, random, time, body, priority, cloud_custom_data)
        SELECT topic, seq, sender, random, time, body, priority, cloud_custom_data FROM messages;
      DROP TABLE messages;
      ALTER TABLE messages_v11 RENAME TO messages;
      CREATE TABLE outbox_v11 (
        id INTEGER PRIMARY KEY,
        sdkappid INTEGER NOT NULL,
        event_id TEXT NOT NULL,
        command TEXT NOT NULL,
        payload TEXT NOT NULL,
        event_ms INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_at INTEGER NOT NULL
      );
      INSERT INTO outbox_v11 (id, sdkappid, event_id, command, payload, event_ms, attempts, next_at)
        SELECT id, sdkappid, event_id, command, payload, event_ms, attempts, next_at FROM outbox ORDER BY id;
      DROP TABLE outbox;
      ALTER TABLE outbox_v11 RENAME TO outbox;
      DROP INDEX recent_sends_by_time;
    `,
  },
  {
    // Recalls (group_msg_recall, delete_group_msg_by_sender): a recalled message keeps its row, without
    // its body, so that group_msg_get_simple can answer it with WithRecalledMsg (IsPlaceMsg 2).
    version: 12,
    sql: `ALTER TABLE messages ADD COLUMN recalled INTEGER NOT NULL DEFAULT 0;`,
  },
  {
    // Bans (ban_group_member): an account per row, numbered in the order banned (the list's Offset), with
    // an index on until for the alarm's sweep (bans are rare: no hot path pays for it). The group
    // attributes (modify_group_attr and its siblings): at most 16 keys, in the order first set.
    version: 13,
    sql: `
      CREATE TABLE bans (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        account TEXT NOT NULL UNIQUE,
        until INTEGER NOT NULL,
        reason TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX bans_by_until ON bans (until);
      CREATE TABLE group_attrs (pos INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, value TEXT NOT NULL);
    `,
  },
  {
    // The joined-group index (get_joined_group_list): the accounts whose membership its shards have not
    // confirmed, and the group-wide state every shard must hear, written with each change and kept
    // past a destroy until told (docs/design.md, "The joined-group index"). Existing groups tell
    // every member on their first start after the deploy; a Work group is active once it has a message.
    version: 14,
    sql: `
      CREATE TABLE IF NOT EXISTS joined_sync (account TEXT PRIMARY KEY, rev INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS joined_sync_group (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        group_id TEXT NOT NULL,
        incarnation INTEGER NOT NULL,
        type TEXT NOT NULL,
        active INTEGER NOT NULL,
        topics INTEGER NOT NULL,
        alive INTEGER NOT NULL,
        sdkappid INTEGER NOT NULL,
        rev INTEGER NOT NULL,
        broadcast INTEGER NOT NULL
      );
      INSERT INTO joined_sync_group
        (id, group_id, incarnation, type, active, topics, alive, sdkappid, rev, broadcast)
        SELECT 1, group_id, incarnation, type, CASE WHEN type IN ('Private', 'Work') AND last_seq = 0 THEN 0 ELSE 1 END,
          support_topic, 1, sdkappid, 1, 0 FROM profile;
      INSERT INTO joined_sync (account, rev) SELECT account, 1 FROM members WHERE true;
      INSERT INTO schedule (kind, due_at) SELECT '${JOINED_SYNC}', 0 WHERE EXISTS (SELECT 1 FROM members)
        ON CONFLICT (kind) DO UPDATE SET due_at = 0;
    `,
  },
  {
    // An event's ClientIP (issue 29): the IP of the call that made the change, the query of its callback.
    version: 15,
    sql: OUTBOX_CLIENT_IP,
  },
  {
    // The joined-group index's pending accounts as one row per change (up to 500 accounts as JSON), not
    // one per account: two rows written per member joined instead of a thousand per 500-member add.
    version: 16,
    sql: `
      CREATE TABLE IF NOT EXISTS joined_pending (id INTEGER PRIMARY KEY, accounts TEXT NOT NULL);
      INSERT INTO joined_pending (accounts)
        SELECT json_group_array(account) FROM
          (SELECT account, (row_number() OVER (ORDER BY account) - 1) / 500 AS chunk FROM joined_sync)
        GROUP BY chunk ORDER BY chunk;
      DROP TABLE joined_sync;
    `,
  },
];

/** True once create_group has made this object's tables. */
export function hasTables(sql: SqlStorage): boolean {
  return tableExists(sql, "profile");
}

/** Brings the group's tables to GROUP_MIGRATIONS' last version (see runMigrations); answers it. */
export function migrate(storage: DurableObjectStorage, migrations: readonly Migration[] = GROUP_MIGRATIONS): number {
  // A group being created starts at the last version: only an upgrade is logged.
  const fresh = migrations.at(-1)?.version === GROUP_SCHEMA_VERSION ? GROUP_SCHEMA : undefined;
  const version = runMigrations(storage, migrations, "group", (from) => from > 0 || hasTables(storage.sql), fresh);
  // The outbox outlives destroy_group, and a new group's script keeps one it finds (IF NOT EXISTS): one
  // left by a group destroyed before version 15 gets its column here.
  if (fresh !== undefined && !columnExists(storage.sql, "outbox", "client_ip")) storage.sql.exec(OUTBOX_CLIENT_IP);
  return version;
}
