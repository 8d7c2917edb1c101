import type { Migration } from "../migrations";
import { PERMANENT } from "../wire/mute-time";
import { DIRECTORY_SYNC } from "./directory-sync";
import { MUTE_EXPIRY } from "./mute-expiry";
import { HISTORY_CHAINS_MIGRATION } from "./mute-history";

/** The group object's schema from its first release to version 9 (the later ones are in schema.ts). */
export const EARLY_GROUP_MIGRATIONS: Migration[] = [
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
];
