import { tableExists } from "../sql";
import type { GroupType } from "../wire/vocabulary";

/** The kind under which the schedule keeps the joined-group index's pending changes. */
export const JOINED_SYNC = "joined-sync";

/** How long the call itself has to tell the index before the alarm tries (and retries) it. */
export const JOINED_RETRY_MS = 5000;

/** Accounts one round tells the index, and one pending row holds: a 500-account add is one of each. */
export const JOINED_ROUND = 500;

/** What a round tells: the pending rows it read, and their accounts (distinct). */
export interface JoinedBatch {
  ids: number[];
  accounts: string[];
}

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
  /** Bumped by every change every shard must hear (a destroy, an activation). */
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
 * the index has not confirmed yet (one row per change, its accounts as JSON: a
 * row per account was two rows written per member joined), and the group-wide
 * state every shard must hear. Written in the same transaction as the change it
 * reports, so a crash between the group's write and the index's leaves it here
 * and the alarm tells it after the restart. State, not steps: telling twice is harmless.
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
    this.sql.exec(`DELETE FROM joined_pending`);
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

  /** `accounts` joined or left: inside the write that changed them (a row per JOINED_ROUND of them). */
  mark(accounts: readonly string[]): void {
    for (let i = 0; i < accounts.length; i += JOINED_ROUND) {
      const chunk = JSON.stringify(accounts.slice(i, i + JOINED_ROUND));
      this.sql.exec(`INSERT INTO joined_pending (accounts) VALUES (?)`, chunk);
    }
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
    this.sql.exec(`DELETE FROM joined_pending`);
    this.sql.exec(`UPDATE joined_sync_group SET alive = 0, rev = rev + 1, broadcast = rev + 1 WHERE id = 1`);
  }

  /** The oldest pending changes, up to `limit` accounts (at least one change when any). */
  batch(limit: number): JoinedBatch {
    const out: JoinedBatch = { ids: [], accounts: [] };
    if (!tableExists(this.sql, "joined_pending")) return out;
    const accounts = new Set<string>();
    const rows = this.sql.exec<{ id: number; accounts: string }>(
      `SELECT id, accounts FROM joined_pending ORDER BY id LIMIT ?`,
      limit,
    );
    for (const row of rows) {
      const more = JSON.parse(row.accounts) as string[];
      if (out.ids.length > 0 && accounts.size + more.length > limit) break;
      out.ids.push(row.id);
      for (const account of more) accounts.add(account);
    }
    out.accounts = [...accounts];
    return out;
  }

  /** Anything the index has not confirmed. */
  pending(): boolean {
    const s = this.state();
    if (s === null) return false;
    if (s.broadcast !== 0) return true;
    // A group destroyed before version 16 keeps its state row but has no such table.
    return (
      tableExists(this.sql, "joined_pending") &&
      this.sql.exec(`SELECT 1 FROM joined_pending LIMIT 1`).toArray().length > 0
    );
  }

  /**
   * The index took the changes `ids` (their accounts as they are now) and (not 0) the broadcast of
   * `broadcast`: forgotten. A change marked since is a row of its own, told by the next round.
   */
  settle(ids: readonly number[], broadcast: number): void {
    if (ids.length > 0) {
      this.sql.exec(`DELETE FROM joined_pending WHERE id IN (SELECT value FROM json_each(?))`, JSON.stringify(ids));
    }
    if (broadcast !== 0) this.sql.exec(`UPDATE joined_sync_group SET broadcast = 0 WHERE broadcast = ?`, broadcast);
  }
}
