import { tableExists } from "../sql";
import type { GroupType } from "../wire/vocabulary";

/** The kind under which the schedule keeps the joined-group index's pending changes. */
export const JOINED_SYNC = "joined-sync";

/** How long the call itself has to tell the index before the alarm tries (and retries) it. */
export const JOINED_RETRY_MS = 5000;

/** Types that Tencent lists only once activated: by the first message sent in them. */
export const activatedByMessage = (type: GroupType): boolean => type === "Private" || type === "Work";

/** What every shard must know of the group: the same for all its members. */
export interface JoinedGroupState {
  groupId: string;
  incarnation: number;
  type: GroupType;
  active: boolean;
  topics: boolean;
  alive: boolean;
  sdkappid: number;
  /** Bumped by every change written. */
  rev: number;
  /** The rev whose group-wide state every shard must hear (a destroy, an activation); 0 when none. */
  broadcast: number;
}

type StateRow = {
  group_id: string;
  incarnation: number;
  type: string;
  active: number;
  topics: number;
  alive: number;
  sdkappid: number;
  rev: number;
  broadcast: number;
};

/**
 * The group's side of its app's joined-group index: which accounts' membership
 * the index has not confirmed yet, and the group-wide state every shard must
 * hear. Written in the same transaction as the change it reports, so a crash
 * between the group's write and the index's leaves it here and the alarm tells
 * it after the restart. State, not steps: telling twice is harmless.
 */
export class JoinedSync {
  constructor(private readonly sql: SqlStorage) {}

  /** The group-wide state, or null for an object that never had a group (or was wiped). */
  state(): JoinedGroupState | null {
    if (!tableExists(this.sql, "joined_sync_group")) return null;
    const r = this.sql.exec<StateRow>(`SELECT * FROM joined_sync_group WHERE id = 1`).toArray()[0];
    if (r === undefined) return null;
    return {
      groupId: r.group_id,
      incarnation: r.incarnation,
      type: r.type as GroupType,
      active: r.active === 1,
      topics: r.topics === 1,
      alive: r.alive === 1,
      sdkappid: r.sdkappid,
      rev: r.rev,
      broadcast: r.broadcast,
    };
  }

  /** create_group, inside its write: a new life, broadcast when an older one may still be in the shards. */
  begin(s: Omit<JoinedGroupState, "rev" | "broadcast">): void {
    const older = this.state() !== null;
    this.sql.exec(`DELETE FROM joined_sync`);
    this.sql.exec(
      `INSERT INTO joined_sync_group (id, group_id, incarnation, type, active, topics, alive, sdkappid, rev, broadcast)
       VALUES (1, ?, ?, ?, ?, ?, 1, ?, 1, ?)
       ON CONFLICT (id) DO UPDATE SET group_id = excluded.group_id, incarnation = excluded.incarnation,
         type = excluded.type, active = excluded.active, topics = excluded.topics, alive = 1,
         sdkappid = excluded.sdkappid, rev = excluded.rev, broadcast = excluded.broadcast`,
      s.groupId,
      s.incarnation,
      s.type,
      s.active ? 1 : 0,
      s.topics ? 1 : 0,
      s.sdkappid,
      older ? 1 : 0,
    );
  }

  /** `accounts` joined or left: inside the write that changed them. */
  mark(accounts: readonly string[]): void {
    if (accounts.length === 0) return;
    const rev = this.bump();
    this.sql.exec(
      `INSERT INTO joined_sync (account, rev) SELECT value, ? FROM json_each(?) WHERE true
       ON CONFLICT (account) DO UPDATE SET rev = excluded.rev`,
      rev,
      JSON.stringify(accounts),
    );
  }

  /** The first message of a group listed only once activated; answers whether it changed anything. */
  activate(): boolean {
    const changed = this.sql
      .exec(
        `UPDATE joined_sync_group SET active = 1, rev = rev + 1, broadcast = rev + 1
         WHERE id = 1 AND active = 0 AND alive = 1 RETURNING 1`,
      )
      .toArray();
    return changed.length > 0;
  }

  /** destroy_group, inside its write: every shard forgets this life; no account is left to tell of. */
  destroyed(): void {
    this.sql.exec(`DELETE FROM joined_sync`);
    this.sql.exec(`UPDATE joined_sync_group SET alive = 0, rev = rev + 1, broadcast = rev + 1 WHERE id = 1`);
  }

  /** At most `limit` accounts not confirmed yet. */
  batch(limit: number): string[] {
    if (!tableExists(this.sql, "joined_sync")) return [];
    return this.sql
      .exec<{ account: string }>(`SELECT account FROM joined_sync LIMIT ?`, limit)
      .toArray()
      .map((r) => r.account);
  }

  /** Anything the index has not confirmed. */
  pending(): boolean {
    const s = this.state();
    return s !== null && (s.broadcast !== 0 || this.batch(1).length > 0);
  }

  /**
   * The index took `accounts` as they were at `rev` and (not 0) the broadcast of `broadcast`:
   * forgotten, unless marked again since (a later mark has a later rev). By primary key: a
   * row-value IN read the whole table.
   */
  settle(accounts: readonly string[], rev: number, broadcast: number): void {
    if (accounts.length > 0) {
      this.sql.exec(
        `DELETE FROM joined_sync WHERE account IN (SELECT value FROM json_each(?)) AND rev <= ?`,
        JSON.stringify(accounts),
        rev,
      );
    }
    if (broadcast !== 0) this.sql.exec(`UPDATE joined_sync_group SET broadcast = 0 WHERE broadcast = ?`, broadcast);
  }

  private bump(): number {
    return this.sql.exec<{ rev: number }>(`UPDATE joined_sync_group SET rev = rev + 1 WHERE id = 1 RETURNING rev`).one()
      .rev;
  }
}
