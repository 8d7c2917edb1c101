export const ROLES = ["Owner", "Admin", "Member"] as const;
export type Role = (typeof ROLES)[number];

export interface MemberRow {
  account: string;
  role: Role;
  joined: number;
}

/** The member list of one group. Bulk calls pass accounts as one JSON parameter. */
export class MemberStore {
  constructor(private readonly sql: SqlStorage) {}

  /** Adds those of `members` not yet in the group; answers the accounts that were added. */
  add(members: readonly { account: string; role: Role }[], joined: number): Set<string> {
    const already = this.existing(members.map((m) => m.account));
    const fresh = members.filter((m) => !already.has(m.account));
    if (fresh.length > 0) {
      this.sql.exec(
        `INSERT INTO members (account, role, joined)
         SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), ? FROM json_each(?)`,
        joined,
        JSON.stringify(fresh.map((m) => [m.account, m.role])),
      );
    }
    return new Set(fresh.map((m) => m.account));
  }

  /** Removes those of `accounts` that are members; answers the accounts that were removed. */
  remove(accounts: readonly string[]): Set<string> {
    const present = this.existing(accounts);
    if (present.size > 0) {
      this.sql.exec(`DELETE FROM members WHERE account IN (SELECT value FROM json_each(?))`, JSON.stringify([...present]));
    }
    return present;
  }

  existing(accounts: readonly string[]): Set<string> {
    const rows = this.sql.exec<{ account: string }>(
      `SELECT account FROM members WHERE account IN (SELECT value FROM json_each(?))`,
      JSON.stringify(accounts),
    );
    return new Set(Array.from(rows, (r) => r.account));
  }

  roleOf(account: string): Role | null {
    const row = this.sql.exec<{ role: Role }>(`SELECT role FROM members WHERE account = ?`, account).toArray()[0];
    return row?.role ?? null;
  }

  count(): number {
    return this.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM members`).one().n;
  }

  /** One page of members in join order (owner first), then account order for a stable listing. */
  page(offset: number, limit: number): MemberRow[] {
    return this.sql
      .exec<{ account: string; role: Role; joined: number }>(
        `SELECT account, role, joined FROM members
         ORDER BY CASE role WHEN 'Owner' THEN 0 ELSE 1 END, joined, account LIMIT ? OFFSET ?`,
        limit,
        offset,
      )
      .toArray();
  }
}
