export type Role = "Owner" | "Admin" | "Member";

export interface MemberRow {
  account: string;
  role: Role;
  joined: number;
}

/** The member list of one group. Bulk calls pass accounts as one JSON parameter. */
export class MemberStore {
  constructor(private readonly sql: SqlStorage) {}

  /** Adds those of `members` (distinct accounts) not yet in the group; answers the accounts that were added. */
  add(members: readonly { account: string; role: Role }[], joined: number): Set<string> {
    const rows = this.sql.exec<{ account: string }>(
      `INSERT INTO members (account, role, joined)
       SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), ? FROM json_each(?) WHERE true
       ON CONFLICT (account) DO NOTHING RETURNING account`,
      joined,
      JSON.stringify(members.map((m) => [m.account, m.role])),
    );
    return new Set(Array.from(rows, (r) => r.account));
  }

  /** Removes those of `accounts` that are members; answers how many were. */
  remove(accounts: readonly string[]): number {
    const rows = this.sql.exec(
      `DELETE FROM members WHERE account IN (SELECT value FROM json_each(?)) RETURNING 1`,
      JSON.stringify(accounts),
    );
    return rows.toArray().length;
  }

  roleOf(account: string): Role | null {
    const row = this.sql.exec<{ role: Role }>(`SELECT role FROM members WHERE account = ?`, account).toArray()[0];
    return row?.role ?? null;
  }

  /** One page of members: owner first, then by join time and account (the members_listing index). */
  page(offset: number, limit: number): MemberRow[] {
    return this.sql
      .exec<{ account: string; role: Role; joined: number }>(
        `SELECT account, role, joined FROM members ORDER BY (role <> 'Owner'), joined, account LIMIT ? OFFSET ?`,
        limit,
        offset,
      )
      .toArray();
  }
}
