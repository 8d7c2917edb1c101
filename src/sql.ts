/** True when `table` has a column called `column`. */
export function columnExists(sql: SqlStorage, table: string, column: string): boolean {
  return sql.exec(`SELECT 1 FROM pragma_table_info(?) WHERE name = ?`, table, column).toArray().length > 0;
}

/** True when this object's SQLite database has a table called `name`. */
export function tableExists(sql: SqlStorage, name: string): boolean {
  return sql.exec(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`, name).toArray().length > 0;
}

/** Rows SQLite read and wrote: the cursors' own counters, which is what Cloudflare bills. */
export interface RowCount {
  read: number;
  written: number;
}

/**
 * The isolate's totals over every object, so that the property-based tests can
 * hold every generated call to a bound of rows read, whichever object it reached.
 */
export const sqlRows: RowCount = { read: 0, written: 0 };

export interface MeteredSql {
  sql: SqlStorage;
  /** The rows of the cursors opened since the last call (added to the totals too), and of those adopted. */
  settle(): RowCount;
  /** Rows another object's RPC cost for this one's work (its answer's): counted by the next settle. */
  adopt(rows: readonly [number, number]): void;
}

/** An object's SqlStorage with every cursor it opens counted when `settle` is called (by then it has been read). */
export function meteredSql(sql: SqlStorage): MeteredSql {
  let open: SqlStorageCursor<Record<string, SqlStorageValue>>[] = [];
  // Already in the isolate's totals (the other object settled them): this object's share only.
  const adopted = { read: 0, written: 0 };
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
      const rows = { read: 0, written: 0 };
      for (const cursor of open) {
        rows.read += cursor.rowsRead;
        rows.written += cursor.rowsWritten;
      }
      open = [];
      sqlRows.read += rows.read;
      sqlRows.written += rows.written;
      rows.read += adopted.read;
      rows.written += adopted.written;
      adopted.read = 0;
      adopted.written = 0;
      return rows;
    },
    adopt([read, written]) {
      adopted.read += read;
      adopted.written += written;
    },
  };
}

/**
 * The field in which an RPC's answer carries the rows its work cost, for the
 * Worker's log line (the Worker takes it off before anything reads the answer).
 */
const ROWS_FIELD = "_rows";

/** `answer` with the rows of its work beside it (a copy: answers may be shared constants). */
export function withRows<R extends object>(answer: R, rows: RowCount): R {
  return { ...answer, [ROWS_FIELD]: [rows.read, rows.written] };
}

/** Takes the rows off an RPC's answer; [0, 0] when it carries none. */
export function takeRows(answer: unknown): [number, number] {
  if (typeof answer !== "object" || answer === null || !(ROWS_FIELD in answer)) return [0, 0];
  const rows = (answer as Record<string, unknown>)[ROWS_FIELD] as [number, number];
  delete (answer as Record<string, unknown>)[ROWS_FIELD];
  return rows;
}
