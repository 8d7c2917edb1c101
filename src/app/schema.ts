import { type Migration, runMigrations } from "../migrations";

/**
 * The app object's schema, version by version (see GROUP_MIGRATIONS). Until
 * version 1 the object kept nothing in storage (its rate budgets live in
 * memory), so every existing app object starts here empty.
 */
export const APP_MIGRATIONS: Migration[] = [
  {
    // The group directory (get_appid_group_list) and app-wide mutes (setnospeaking).
    version: 1,
    sql: `
      CREATE TABLE schedule (
        kind TEXT PRIMARY KEY,
        due_at INTEGER NOT NULL,
        cursor TEXT NOT NULL DEFAULT '',
        failures INTEGER NOT NULL DEFAULT 0
      ) WITHOUT ROWID;
      -- seq: the listing order and the Next cursor. AUTOINCREMENT never hands out a seq again, so a
      -- cursor never skips a group created while a caller pages.
      CREATE TABLE directory (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        group_id TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL,
        incarnation INTEGER NOT NULL
      );
      CREATE INDEX directory_by_kind ON directory (kind, seq);
      -- Kept with every register and unregister: counting the directory would cost its size.
      CREATE TABLE directory_counts (kind TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
      -- A destroyed group's last incarnation, so that a late register of it is ignored; pruned after a day.
      CREATE TABLE directory_gone (
        group_id TEXT PRIMARY KEY,
        incarnation INTEGER NOT NULL,
        gone_at INTEGER NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX directory_gone_by_time ON directory_gone (gone_at);
      -- Unix seconds; 0 none, 4294967295 permanent. No index on the untils: see app-mutes.ts.
      CREATE TABLE app_mutes (
        account TEXT PRIMARY KEY,
        group_until INTEGER NOT NULL,
        c2c_until INTEGER NOT NULL
      ) WITHOUT ROWID;
    `,
  },
  {
    // The Reason extension: why an account is muted app-wide (setnospeaking's Reason).
    version: 2,
    sql: `ALTER TABLE app_mutes ADD COLUMN reason TEXT NOT NULL DEFAULT '';`,
  },
];

/** Brings the app object's tables to the last version (see runMigrations). */
export function migrateApp(storage: DurableObjectStorage, migrations: readonly Migration[] = APP_MIGRATIONS): number {
  return runMigrations(storage, migrations, "app", (from) => from > 0);
}
