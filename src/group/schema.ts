import { type Migration, runMigrations } from "../migrations";
import { columnExists, tableExists } from "../sql";
import { JOINED_SYNC } from "./joined-sync";
import { HISTORY_BY_TOTAL_MIGRATION } from "./mute-history";
import { EARLY_GROUP_MIGRATIONS } from "./schema-early";
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
  ...EARLY_GROUP_MIGRATIONS,
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
  {
    // The frame log's running byte total, each frame's bytes and all before it (LiveLog): the log's
    // size and a replay's are then read from two rows, so the log is held within its byte bound as
    // it is written. A log may be gigabytes here: it keeps its last 10,000 frames (a resume from
    // further back is a Resync), so that the totals are built over those at most. Gap markers get
    // a partial index: a resume looks for one after its Seq without reading the frames between.
    version: 17,
    sql: `
      DELETE FROM live_frames WHERE seq <= (SELECT MAX(seq) FROM live_frames) - 10000;
      ALTER TABLE live_frames ADD COLUMN total INTEGER NOT NULL DEFAULT 0;
      UPDATE live_frames SET total = sums.total
        FROM (SELECT seq, SUM(LENGTH(CAST(frame AS BLOB))) OVER (ORDER BY seq) AS total FROM live_frames) AS sums
        WHERE sums.seq = live_frames.seq;
      CREATE INDEX live_gaps ON live_frames (seq) WHERE frame = '{"Type":"Gap"}';
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
