import { type Migration, runMigrations } from "../migrations";

/** One shard of the joined-group index, version by version (see GROUP_MIGRATIONS). */
const JOINED_MIGRATIONS: Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE schedule (
        kind TEXT PRIMARY KEY,
        due_at INTEGER NOT NULL,
        cursor TEXT NOT NULL DEFAULT '',
        failures INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID;
      -- One row per (account, group) of a member, of the group's life incarnation.
      CREATE TABLE joined (
        account TEXT NOT NULL,
        group_id TEXT NOT NULL,
        incarnation INTEGER NOT NULL,
        joined_at INTEGER NOT NULL,
        PRIMARY KEY (account, group_id)
      ) WITHOUT ROWID;
      -- An account's listing order, read backwards: the latest joined first (as Tencent's example lists), then GroupId.
      CREATE INDEX joined_listing ON joined (account, joined_at, group_id);
      -- A destroyed group's rows, found without reading every account.
      CREATE INDEX joined_by_group ON joined (group_id, account);
      -- What every row of a group shares, kept once per shard: a group-wide change (activated by its
      -- first message) is one row here, not one per member.
      CREATE TABLE joined_groups (
        group_id TEXT PRIMARY KEY,
        incarnation INTEGER NOT NULL,
        kind TEXT NOT NULL,
        active INTEGER NOT NULL,
        topics INTEGER NOT NULL
      ) WITHOUT ROWID;
      -- A destroyed group's last life, so that a late change of it brings nothing back; pruned after a day.
      CREATE TABLE joined_gone (
        group_id TEXT PRIMARY KEY,
        incarnation INTEGER NOT NULL,
        gone_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX joined_gone_by_time ON joined_gone (gone_at);
    `,
  },
];

/** Brings the shard's tables to the last version (see runMigrations). */
export function migrateJoined(storage: DurableObjectStorage, migrations: readonly Migration[] = JOINED_MIGRATIONS) {
  return runMigrations(storage, migrations, "joined", (from) => from > 0);
}
