import { clock } from "../clock";
import type { AttrWrite } from "../contract/group-rpc";
import { Gcra } from "../limiter/gcra";
import { type Done, ErrorCode, type Outcome, refuse } from "../wire/errors";
import { byteLength } from "../wire/fields";
import type { GroupCore } from "./core";

/** Keys a group holds at most (Tencent's limit; a key is at most 32 bytes, a value 4000, by the schema). */
export const MAX_ATTR_KEYS = 16;
/** Keys and values of a group together, in bytes of UTF-8 (Tencent's client pages: 16 KB). */
export const MAX_ATTRS_BYTES = 16 * 1024;
/** Writes (modify, set, clear together) one group takes a second, as Tencent limits them (10049). */
export const ATTR_WRITES_PER_SECOND = 5;

/**
 * The group attributes (get_group_attr, modify_group_attr, set_group_attr,
 * clear_group_attr): up to 16 key/value pairs per group, kept in the order
 * their keys were first set (table `group_attrs`, owned here). Every type of
 * group has them: Tencent's REST pages list every type, its client pages "all
 * but topics". A call reads and writes at most the 16 rows.
 */
export class GroupAttrs {
  /** The group's write budget, in memory: an evicted object starts it full, as the app's budgets. */
  private writes: Gcra | undefined;

  constructor(private readonly g: GroupCore) {}

  /** GroupAttrAry's JSON text: [{key, value}], in the order the keys were first set. */
  get(): Outcome<{ attrsJson: string }> {
    const row = this.g.sql
      .exec<{ list: string }>(
        `SELECT json_group_array(json_object('key', key, 'value', value) ORDER BY pos) AS list FROM group_attrs`,
      )
      .one();
    return { attrsJson: row.list };
  }

  /**
   * Applies a write: `attrs` ([key, value] in request order, a key given twice
   * taking its last value). Refused whole, changing nothing, when the group
   * would hold over 16 keys (10047) or over 16 KB (10048), or past 5 writes a
   * second (10049).
   */
  write(mode: AttrWrite, attrs: readonly [string, string][]): Done {
    const after = new Map<string, string>(mode === "modify" ? this.current() : []);
    for (const [key, value] of attrs) after.set(key, value);
    if (after.size > MAX_ATTR_KEYS) {
      return refuse(
        ErrorCode.ATTR_TOO_MANY_KEYS,
        `GroupAttr: a group holds at most ${MAX_ATTR_KEYS} keys; this would make ${after.size}`,
      );
    }
    let bytes = 0;
    for (const [key, value] of after) bytes += byteLength(key) + byteLength(value);
    if (bytes > MAX_ATTRS_BYTES) {
      return refuse(
        ErrorCode.ATTR_TOO_LARGE,
        `GroupAttr: a group's keys and values hold at most ${MAX_ATTRS_BYTES} bytes together; this would make ${bytes}`,
      );
    }
    const nowMs = clock.nowMs();
    this.writes ??= new Gcra(ATTR_WRITES_PER_SECOND, nowMs);
    if (!this.writes.admit(nowMs)) {
      return refuse(
        ErrorCode.ATTR_WRITES_TOO_FREQUENT,
        `a group takes at most ${ATTR_WRITES_PER_SECOND} attribute writes a second (modify, set and clear ` +
          "together); retry later",
      );
    }
    const sql = this.g.sql;
    this.g.transaction(() => {
      if (mode !== "modify") sql.exec(`DELETE FROM group_attrs`);
      if (attrs.length === 0) return;
      sql.exec(
        // A key set already keeps its place. "WHERE true" lets SQLite parse an upsert whose source is a SELECT.
        `INSERT INTO group_attrs (key, value) SELECT value ->> 0, value ->> 1 FROM json_each(?) WHERE true
         ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
        JSON.stringify(attrs),
      );
    });
    return {};
  }

  /** The attributes now, in order (at most MAX_ATTR_KEYS rows). */
  private current(): [string, string][] {
    return this.g.sql
      .exec<{ key: string; value: string }>(`SELECT key, value FROM group_attrs ORDER BY pos`)
      .toArray()
      .map((r) => [r.key, r.value]);
  }
}
