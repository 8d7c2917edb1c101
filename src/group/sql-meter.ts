/**
 * Counts the rows SQLite reads and writes for a group object: every cursor its
 * statements open is summed when the RPC that opened it ends (by then it has been
 * read). The totals are the isolate's, so that the property-based tests can hold
 * every generated call to a bound of rows read, whichever group it reached.
 */
export const sqlRows = { read: 0, written: 0 };

export interface MeteredSql {
  sql: SqlStorage;
  /** Adds the rows of the cursors opened since the last call to the totals. */
  settle(): void;
}

export function meteredSql(sql: SqlStorage): MeteredSql {
  let open: SqlStorageCursor<Record<string, SqlStorageValue>>[] = [];
  const metered = new Proxy(sql, {
    get(target, key) {
      if (key !== "exec") return Reflect.get(target, key);
      return (query: string, ...bindings: unknown[]) => {
        const cursor = target.exec(query, ...bindings);
        open.push(cursor);
        return cursor;
      };
    },
  });
  return {
    sql: metered,
    settle() {
      for (const cursor of open) {
        sqlRows.read += cursor.rowsRead;
        sqlRows.written += cursor.rowsWritten;
      }
      open = [];
    },
  };
}
