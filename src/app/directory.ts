import type { DirectoryPage } from "../contract/app-rpc";
import { type GroupType, listedKind } from "../wire/vocabulary";

const utf8 = new TextEncoder();

/** How long a destroyed group's last incarnation is remembered: far past any late register of it. */
export const GONE_KEPT_MS = 24 * 60 * 60 * 1000;

export { listedKind } from "../wire/vocabulary";

/**
 * The app's groups, in the order they were created, as the groups themselves
 * report them (DirectorySync). Every change carries the group's incarnation
 * (the ms of its create_group), and an older one never undoes a newer: a
 * register that arrives after its own group's unregister, or twice, changes
 * nothing. So the groups may repeat their changes until one is confirmed.
 */
export class Directory {
  constructor(private readonly sql: SqlStorage) {}

  register(groupId: string, type: GroupType, incarnation: number): void {
    const gone = this.sql
      .exec<{ incarnation: number }>(`SELECT incarnation FROM directory_gone WHERE group_id = ?`, groupId)
      .toArray()[0];
    if (gone !== undefined && gone.incarnation >= incarnation) return;
    const listed = this.listed(groupId);
    if (listed !== null && listed.incarnation >= incarnation) return;
    if (listed !== null) this.remove(groupId, listed.kind);
    const kind = listedKind(type);
    this.sql.exec(`INSERT INTO directory (group_id, kind, incarnation) VALUES (?, ?, ?)`, groupId, kind, incarnation);
    this.count(kind, 1);
  }

  /** Forgets the group's life `incarnation` (and any older one); answers whether one was listed. */
  unregister(groupId: string, incarnation: number, nowMs: number): boolean {
    this.sql.exec(
      `INSERT INTO directory_gone (group_id, incarnation, gone_at) VALUES (?, ?, ?)
       ON CONFLICT (group_id) DO UPDATE SET incarnation = max(incarnation, excluded.incarnation),
         gone_at = excluded.gone_at`,
      groupId,
      incarnation,
      nowMs,
    );
    const listed = this.listed(groupId);
    if (listed === null || listed.incarnation > incarnation) return false;
    this.remove(groupId, listed.kind);
    return true;
  }

  /**
   * At most `limit` groups after cursor `after` (0: from the start), of
   * `kind` (null: all), in creation order. SQLite builds the JSON text.
   */
  page(after: number, limit: number, kind: string | null): DirectoryPage {
    const filter = kind === null ? "" : "AND kind = ?";
    const args = kind === null ? [] : [kind];
    const row = this.sql
      .exec<{ ids: string; last: number | null }>(
        `SELECT json_group_array(json_object('GroupId', group_id)) AS ids, max(seq) AS last
         FROM (SELECT seq, group_id FROM directory WHERE seq > ? ${filter} ORDER BY seq LIMIT ?)`,
        after,
        ...args,
        limit,
      )
      .one();
    const more =
      row.last !== null &&
      this.sql.exec(`SELECT 1 FROM directory WHERE seq > ? ${filter} LIMIT 1`, row.last, ...args).toArray().length > 0;
    const total = this.sql
      .exec<{ n: number | null }>(
        kind === null
          ? `SELECT sum(n) AS n FROM directory_counts`
          : `SELECT sum(n) AS n FROM directory_counts WHERE kind = ?`,
        ...args,
      )
      .one().n;
    return { total: total ?? 0, idsJson: utf8.encode(row.ids), next: more ? (row.last ?? 0) : 0 };
  }

  /** Forgets destroyed groups' incarnations older than GONE_KEPT_MS; answers when the next falls due, or null. */
  pruneGone(nowMs: number): number | null {
    this.sql.exec(`DELETE FROM directory_gone WHERE gone_at <= ?`, nowMs - GONE_KEPT_MS);
    return this.nextPrune();
  }

  nextPrune(): number | null {
    const row = this.sql.exec<{ at: number | null }>(`SELECT min(gone_at) AS at FROM directory_gone`).one();
    return row.at === null ? null : row.at + GONE_KEPT_MS;
  }

  private listed(groupId: string): { incarnation: number; kind: string } | null {
    return (
      this.sql
        .exec<{ incarnation: number; kind: string }>(
          `SELECT incarnation, kind FROM directory WHERE group_id = ?`,
          groupId,
        )
        .toArray()[0] ?? null
    );
  }

  private remove(groupId: string, kind: string): void {
    this.sql.exec(`DELETE FROM directory WHERE group_id = ?`, groupId);
    this.count(kind, -1);
  }

  private count(kind: string, delta: number): void {
    this.sql.exec(
      `INSERT INTO directory_counts (kind, n) VALUES (?, ?) ON CONFLICT (kind) DO UPDATE SET n = n + excluded.n`,
      kind,
      delta,
    );
  }
}
