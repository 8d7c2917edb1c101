import type { JoinedChange, JoinedPage, JoinedQuery } from "../contract/joined-rpc";
import { listedKind } from "../wire/vocabulary";

/** How long a destroyed group's last life is remembered: far past any late change of it. */
export const GONE_KEPT_MS = 24 * 60 * 60 * 1000;

/**
 * The rows of an account's page and count (?1 account, ?2 kind or NULL, ?3 huge,
 * ?4 inactive, ?5 topics only). An asked kind lists that kind whatever ?3 says:
 * naming AVChatRoom asks for them.
 */
const ROWS = `FROM joined j JOIN joined_groups g ON g.group_id = j.group_id AND g.incarnation = j.incarnation
  WHERE j.account = ?1
    AND (?2 IS NULL OR g.kind = ?2)
    AND (?2 IS NOT NULL OR ?3 = 1 OR g.kind NOT IN ('AVChatRoom', 'BChatRoom'))
    AND (?4 = 1 OR g.active = 1)
    AND (?5 = 0 OR g.topics = 1)`;

/**
 * One shard's joined-group index: per account, the groups it is in, as the
 * groups report them (JoinedSync). Changes carry the group's incarnation, and
 * an older life never undoes a newer one; a destroyed life is remembered for a
 * day, so a late change of it brings nothing back.
 */
export class JoinedStore {
  constructor(private readonly sql: SqlStorage) {}

  /** Applies one change, unless a newer life of the group is known here. */
  apply(c: JoinedChange, nowMs: number): void {
    const gone = this.sql
      .exec<{ incarnation: number }>(`SELECT incarnation FROM joined_gone WHERE group_id = ?`, c.groupId)
      .toArray()[0];
    if (gone !== undefined && gone.incarnation >= c.incarnation) return;
    if (!c.alive) {
      this.forget(c.groupId, c.incarnation);
      this.sql.exec(
        `INSERT INTO joined_gone (group_id, incarnation, gone_at) VALUES (?, ?, ?)
         ON CONFLICT (group_id) DO UPDATE SET incarnation = max(incarnation, excluded.incarnation),
           gone_at = excluded.gone_at`,
        c.groupId,
        c.incarnation,
        nowMs,
      );
      return;
    }
    const kept = this.sql
      .exec<{ incarnation: number; kind: string; active: number; topics: number }>(
        `SELECT incarnation, kind, active, topics FROM joined_groups WHERE group_id = ?`,
        c.groupId,
      )
      .toArray()[0];
    if (kept !== undefined && kept.incarnation > c.incarnation) return;
    // An older life's rows (its destroy never came): the new life replaces them.
    if (kept !== undefined && kept.incarnation < c.incarnation) this.forget(c.groupId, c.incarnation - 1);
    const joins = c.accounts.filter(([, at]) => at !== null);
    // A group-wide change reaches every shard: one that holds none of its members keeps nothing of it.
    const kind = listedKind(c.type);
    const same =
      kept !== undefined &&
      kept.incarnation === c.incarnation &&
      kept.kind === kind &&
      kept.active === (c.active ? 1 : 0) &&
      kept.topics === (c.topics ? 1 : 0);
    if (!same && (kept !== undefined || joins.length > 0)) {
      this.sql.exec(
        `INSERT INTO joined_groups (group_id, incarnation, kind, active, topics) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (group_id) DO UPDATE SET incarnation = excluded.incarnation, kind = excluded.kind,
           active = excluded.active, topics = excluded.topics`,
        c.groupId,
        c.incarnation,
        kind,
        c.active ? 1 : 0,
        c.topics ? 1 : 0,
      );
    }
    if (joins.length > 0) {
      this.sql.exec(
        `INSERT INTO joined (account, group_id, incarnation, joined_at)
         SELECT json_extract(value, '$[0]'), ?, ?, json_extract(value, '$[1]') FROM json_each(?) WHERE true
         ON CONFLICT (account, group_id) DO UPDATE SET incarnation = excluded.incarnation,
           joined_at = excluded.joined_at`,
        c.groupId,
        c.incarnation,
        JSON.stringify(joins),
      );
    }
    const leaves = c.accounts.filter(([, at]) => at === null).map(([account]) => account);
    if (leaves.length > 0) {
      this.sql.exec(
        `DELETE FROM joined WHERE group_id = ? AND account IN (SELECT value FROM json_each(?))`,
        c.groupId,
        JSON.stringify(leaves),
      );
    }
  }

  /**
   * At most `q.limit` of `account`'s groups from `q.offset`, and how many there
   * are. Reads the account's own rows only: offset + limit of them for the
   * page, all of them for the count.
   */
  page(account: string, q: JoinedQuery): JoinedPage {
    const args = [account, q.kind, q.huge ? 1 : 0, q.inactive ? 1 : 0, q.topicsOnly ? 1 : 0];
    const total = this.sql.exec<{ n: number }>(`SELECT count(*) AS n ${ROWS}`, ...args).one().n;
    const groupIds =
      q.offset >= total
        ? []
        : this.sql
            .exec<{ id: string }>(
              `SELECT j.group_id AS id ${ROWS} ORDER BY j.joined_at DESC, j.group_id DESC LIMIT ?6 OFFSET ?7`,
              ...args,
              q.limit,
              q.offset,
            )
            .toArray()
            .map((r) => r.id);
    return { total, groupIds };
  }

  /** Forgets destroyed groups' lives remembered longer than GONE_KEPT_MS. */
  pruneGone(nowMs: number): void {
    this.sql.exec(`DELETE FROM joined_gone WHERE gone_at <= ?`, nowMs - GONE_KEPT_MS);
  }

  nextPrune(): number | null {
    const row = this.sql.exec<{ at: number | null }>(`SELECT min(gone_at) AS at FROM joined_gone`).one();
    return row.at === null ? null : row.at + GONE_KEPT_MS;
  }

  /** Every row of `groupId`'s lives up to `incarnation`. */
  private forget(groupId: string, incarnation: number): void {
    this.sql.exec(`DELETE FROM joined WHERE group_id = ? AND incarnation <= ?`, groupId, incarnation);
    this.sql.exec(`DELETE FROM joined_groups WHERE group_id = ? AND incarnation <= ?`, groupId, incarnation);
  }
}
