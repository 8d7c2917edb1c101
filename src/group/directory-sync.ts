import type { DueWork } from "../scheduler/scheduler";
import { tableExists } from "../sql";
import type { GroupType } from "../wire/vocabulary";

/** The kind under which the schedule keeps the directory's pending change. */
export const DIRECTORY_SYNC = "directory-sync";

/** How long the create or destroy itself has to tell the directory before the alarm tries (and retries) it. */
export const DIRECTORY_RETRY_MS = 5000;

/** What the app's group directory must learn about this group. */
export interface DirectoryChange {
  action: "register" | "unregister";
  groupId: string;
  type: GroupType;
  /** The ms of the group's create_group: orders the lives of one GroupId. */
  incarnation: number;
}

/** Where the change goes: the app object's directory (AppObject.register / unregister). */
export interface DirectoryPeer {
  tell(change: DirectoryChange): Promise<void>;
}

/**
 * The group's side of its app's directory: the one change the directory has
 * not confirmed yet, in the group's own SQLite. It is written in the same
 * transaction as the create or destroy it reports, so a crash between the
 * group's write and the directory's leaves it here, and the alarm tells the
 * directory after the restart. Telling twice is harmless: the directory
 * orders changes by incarnation.
 */
export class DirectorySync {
  constructor(private readonly sql: SqlStorage) {}

  /** The change not confirmed yet, or null. */
  pending(): DirectoryChange | null {
    if (!tableExists(this.sql, "directory_sync")) return null;
    const row = this.sql
      .exec<{ action: string; group_id: string; type: string; incarnation: number }>(
        `SELECT action, group_id, type, incarnation FROM directory_sync WHERE id = 1`,
      )
      .toArray()[0];
    if (row === undefined) return null;
    return {
      action: row.action === "unregister" ? "unregister" : "register",
      groupId: row.group_id,
      type: row.type as GroupType,
      incarnation: row.incarnation,
    };
  }

  /** Replaces the pending change (a newer one supersedes it). Inside the write it reports. */
  write(change: DirectoryChange): void {
    this.sql.exec(
      `INSERT INTO directory_sync (id, action, group_id, type, incarnation) VALUES (1, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET action = excluded.action, group_id = excluded.group_id,
         type = excluded.type, incarnation = excluded.incarnation`,
      change.action,
      change.groupId,
      change.type,
      change.incarnation,
    );
  }

  /** The directory took `change`: forgotten, unless a newer change replaced it meanwhile. */
  settle(change: DirectoryChange): void {
    this.sql.exec(`DELETE FROM directory_sync WHERE action = ? AND incarnation = ?`, change.action, change.incarnation);
  }
}

/** The alarm's share: tells the directory the pending change, retried with backoff until it is taken. */
export function directorySync(sync: DirectorySync, peer: DirectoryPeer): DueWork {
  return {
    kind: DIRECTORY_SYNC,
    async run() {
      const change = sync.pending();
      if (change === null) return null;
      await peer.tell(change);
      sync.settle(change);
      return null;
    },
    nextDue: () => (sync.pending() === null ? null : 0),
  };
}
