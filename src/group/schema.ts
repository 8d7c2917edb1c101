/** True once create_group has made this object's tables. */
export function hasTables(sql: SqlStorage): boolean {
  return sql.exec(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'profile'`).toArray().length > 0;
}

/**
 * The group object's SQLite tables, made by create_group only: a call on a
 * group that does not exist must leave no storage behind (a refused request
 * changes nothing). Idempotent.
 */
export function migrate(sql: SqlStorage): void {
  sql.exec(`
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
    -- No index on until: it would cost every mute two more b-tree seeks per account (measured, it
    -- doubled the cost of a 500-account call), and only the alarm's sweep would read it.
    CREATE TABLE IF NOT EXISTS mutes (
      account TEXT PRIMARY KEY,
      until INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS messages (
      seq INTEGER PRIMARY KEY,
      sender TEXT NOT NULL,
      random INTEGER NOT NULL,
      time INTEGER NOT NULL,
      body TEXT NOT NULL
    );
  `);
}
