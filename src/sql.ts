/** True when `table` has a column called `column`. */
export function columnExists(sql: SqlStorage, table: string, column: string): boolean {
  return sql.exec(`SELECT 1 FROM pragma_table_info(?) WHERE name = ?`, table, column).toArray().length > 0;
}

/** True when this object's SQLite database has a table called `name`. */
export function tableExists(sql: SqlStorage, name: string): boolean {
  return sql.exec(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`, name).toArray().length > 0;
}
