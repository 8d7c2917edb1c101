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
  {
    // App-wide mute events (App.CallbackAfterNoSpeakingChanged, issue 29): an outbox as each group
    // keeps one, and the app's sdkappid, which an object woken by its alarm may not know from its name.
    version: 3,
    sql: `
      CREATE TABLE outbox (
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
      CREATE TABLE app_identity (id INTEGER PRIMARY KEY CHECK (id = 1), sdkappid INTEGER NOT NULL);
    `,
  },
];

/** Brings the app object's tables to the last version (see runMigrations). */
export function migrateApp(storage: DurableObjectStorage, migrations: readonly Migration[] = APP_MIGRATIONS): number {
  return runMigrations(storage, migrations, "app", (from) => from > 0);
}
