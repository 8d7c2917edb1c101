/**
 * A new group's tables: what GROUP_MIGRATIONS make, in one script. Creating a
 * group replays no history (measured: replaying every rebuild of version 5 for
 * 10,000 groups created at once ran the local runtime's SQLite out of memory).
 * Kept equal to the migrations' end by test/group/migrations.test.ts; the
 * tables that outlive destroy_group are made only if missing.
 */
export const GROUP_SCHEMA_VERSION = 17;
export const GROUP_SCHEMA = `
  CREATE TABLE profile (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    group_id TEXT NOT NULL,
    type TEXT NOT NULL,
    name TEXT NOT NULL,
    owner TEXT NOT NULL,
    created INTEGER NOT NULL,
    mute_all INTEGER NOT NULL DEFAULT 0,
    last_seq INTEGER NOT NULL DEFAULT 0,
    member_num INTEGER NOT NULL DEFAULT 0,
    introduction TEXT NOT NULL DEFAULT '',
    notification TEXT NOT NULL DEFAULT '',
    face_url TEXT NOT NULL DEFAULT '',
    max_member_num INTEGER NOT NULL DEFAULT 0,
    apply_join_option TEXT NOT NULL DEFAULT '',
    invite_join_option TEXT NOT NULL DEFAULT '',
    app_data TEXT NOT NULL DEFAULT '{}',
    last_info_time INTEGER NOT NULL DEFAULT 0,
    last_msg_time INTEGER NOT NULL DEFAULT 0,
    incarnation INTEGER NOT NULL DEFAULT 0,
    support_topic INTEGER NOT NULL DEFAULT 0,
    sdkappid INTEGER NOT NULL DEFAULT 0,
    mute_all_schedule TEXT NOT NULL DEFAULT '[]',
    quiet_override TEXT NOT NULL DEFAULT ''
  );
  CREATE TABLE members (
    account TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    joined INTEGER NOT NULL,
    msg_seq INTEGER NOT NULL DEFAULT 0,
    msg_flag TEXT NOT NULL DEFAULT 'AcceptAndNotify',
    last_send INTEGER NOT NULL DEFAULT 0,
    name_card TEXT NOT NULL DEFAULT '',
    app_data TEXT NOT NULL DEFAULT '{}'
  ) WITHOUT ROWID;
  CREATE INDEX members_listing ON members ((role <> 'Owner'), joined, account);
  CREATE TABLE mutes (
    topic TEXT NOT NULL,
    account TEXT NOT NULL,
    until INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (topic, account)
  ) WITHOUT ROWID;
  CREATE TABLE mute_history (
    total INTEGER PRIMARY KEY,
    time INTEGER NOT NULL,
    action TEXT NOT NULL,
    topic TEXT NOT NULL DEFAULT '',
    operator TEXT NOT NULL,
    entries TEXT NOT NULL,
    n INTEGER NOT NULL,
    muted_until INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL DEFAULT '',
    prevs TEXT NOT NULL DEFAULT '[]'
  );
  CREATE TABLE history_accounts (
    account TEXT PRIMARY KEY,
    last INTEGER NOT NULL,
    mute_times TEXT NOT NULL DEFAULT ''
  ) WITHOUT ROWID;
  CREATE TABLE messages (
    topic TEXT NOT NULL,
    seq INTEGER NOT NULL,
    sender TEXT NOT NULL,
    random INTEGER NOT NULL,
    time INTEGER NOT NULL,
    body TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 2,
    cloud_custom_data TEXT NOT NULL DEFAULT '',
    recalled INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (topic, seq)
  ) WITHOUT ROWID;
  CREATE TABLE recent_sends (
    topic TEXT NOT NULL,
    sender TEXT NOT NULL,
    random INTEGER NOT NULL,
    seq INTEGER NOT NULL,
    time INTEGER NOT NULL,
    PRIMARY KEY (topic, sender, random)
  ) WITHOUT ROWID;
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
  CREATE TABLE live_frames (
    seq INTEGER PRIMARY KEY,
    time INTEGER NOT NULL,
    frame TEXT NOT NULL,
    total INTEGER NOT NULL DEFAULT 0
  );
  CREATE INDEX live_gaps ON live_frames (seq) WHERE frame = '{"Type":"Gap"}';
  CREATE TABLE bans (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    account TEXT NOT NULL UNIQUE,
    until INTEGER NOT NULL,
    reason TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX bans_by_until ON bans (until);
  CREATE TABLE group_attrs (pos INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS schedule (
    kind TEXT PRIMARY KEY,
    due_at INTEGER NOT NULL,
    cursor TEXT NOT NULL DEFAULT '',
    failures INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
  CREATE TABLE IF NOT EXISTS directory_sync (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    action TEXT NOT NULL,
    group_id TEXT NOT NULL,
    type TEXT NOT NULL,
    incarnation INTEGER NOT NULL
  );
  -- Left empty by a group destroyed before version 16 (a destroy forgets its pending accounts).
  DROP TABLE IF EXISTS joined_sync;
  CREATE TABLE IF NOT EXISTS joined_pending (id INTEGER PRIMARY KEY, accounts TEXT NOT NULL);
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
  CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY,
    sdkappid INTEGER NOT NULL,
    event_id TEXT NOT NULL,
    command TEXT NOT NULL,
    payload TEXT NOT NULL,
    event_ms INTEGER NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_at INTEGER NOT NULL,
    client_ip TEXT NOT NULL DEFAULT ''
  );
`;
