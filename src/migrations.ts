import { log } from "./log";
import { tableExists } from "./sql";

/** One step of an object's schema: SQL run once, in order, never edited after it shipped. */
export interface Migration {
  readonly version: number;
  readonly sql: string;
}

const VERSION_TABLE = `
  CREATE TABLE IF NOT EXISTS schema_version (id INTEGER PRIMARY KEY CHECK (id = 1), version INTEGER NOT NULL)`;

/** The schema version of this object's tables; 0 for tables made before versions existed (or none). */
function schemaVersion(sql: SqlStorage): number {
  return tableExists(sql, "schema_version")
    ? sql.exec<{ version: number }>(`SELECT version FROM schema_version`).one().version
    : 0;
}

/**
 * Runs the migrations newer than the tables' version, in order, in one
 * transaction: after it, the tables are at the last version, or (if one throws)
 * as they were. Answers the version reached. `upgrade`: whether the object had
 * data before (only an upgrade is worth a log line, not a fresh object's schema).
 * A fresh object with a `fresh` schema gets that instead: the last version in
 * one script, not every step of the history (test/group/migrations.test.ts
 * shows both end alike).
 */
export function runMigrations(
  storage: DurableObjectStorage,
  migrations: readonly Migration[],
  object: string,
  upgrade: (from: number) => boolean,
  fresh?: string,
): number {
  const sql = storage.sql;
  const from = schemaVersion(sql);
  const pending = migrations.filter((m) => m.version > from);
  if (pending.length === 0) return from;
  const to = pending[pending.length - 1]!.version;
  const logged = upgrade(from);
  storage.transactionSync(() => {
    if (fresh !== undefined && !logged) sql.exec(fresh);
    else for (const m of pending) sql.exec(m.sql);
    sql.exec(VERSION_TABLE);
    sql.exec(
      `INSERT INTO schema_version (id, version) VALUES (1, ?)
       ON CONFLICT (id) DO UPDATE SET version = excluded.version`,
      to,
    );
  });
  if (logged) log.event("schema_migrated", { object, from, to });
  return to;
}
