import type { MemberChange, MemberQuery } from "../contract/group-rpc";
import { MEMBER_FIELDS, type MemberField, type Role } from "../wire/vocabulary";
import type { AnswerCache } from "./answer-cache";

/** A member's custom fields; a row that holds no valid JSON (written by hand) reads as none. */
const APP_DATA = `(CASE WHEN json_valid(m.app_data) THEN m.app_data ELSE '{}' END)`;

/**
 * The SQL expression of each member field, by wire name: constant fragments, so
 * that a member query's SQL is picked from this table, never built from request
 * text (every value stays a bound parameter).
 */
const FIELD_SQL: Record<MemberField, string> = {
  Role: `'Role', m.role`,
  JoinTime: `'JoinTime', m.joined`,
  MsgSeq: `'MsgSeq', m.msg_seq`,
  MsgFlag: `'MsgFlag', m.msg_flag`,
  LastSendMsgTime: `'LastSendMsgTime', m.last_send`,
  MuteUntil: `'MuteUntil', coalesce(u.until, 0), 'ShutUpUntil', coalesce(u.until, 0)`,
  NameCard: `'NameCard', m.name_card`,
};

/** The asked custom fields (?1, a JSON array of keys), "" for one the member has not set. */
const APP_DATA_SQL = `'AppMemberDefinedData', json((
  SELECT json_group_array(json_object('Key', k.value, 'Value', coalesce(d.value, '')))
  FROM json_each(?1) k LEFT JOIN json_each(${APP_DATA}) d ON d.key = k.value))`;

/** One member as the wire's JSON object, in Tencent's field order. */
function memberJsonSql(q: MemberQuery): string {
  const pairs = [`'Member_Account', m.account`];
  for (const f of MEMBER_FIELDS) if (q.fields.includes(f)) pairs.push(FIELD_SQL[f]);
  if (q.appKeys !== null) pairs.push(APP_DATA_SQL);
  const member = `json_object(${pairs.join(", ")})`;
  // The Reason extension: a muted member's reason, only where there is one.
  return q.fields.includes("MuteUntil")
    ? `json_patch(${member}, CASE WHEN coalesce(u.reason, '') = '' THEN '{}' ELSE json_object('Reason', u.reason) END)`
    : member;
}

/** Members with their mute (?2 is now), limited to the asked roles (?3, a JSON array, or NULL for all). */
const MEMBER_ROWS = `FROM members m LEFT JOIN mutes u ON u.topic = '' AND u.account = m.account AND u.until > ?2
  WHERE (?3 IS NULL OR m.role IN (SELECT value FROM json_each(?3)))`;

/**
 * The listing order of get_group_member_info: owner first, then by join time (the members_listing
 * index). The page is cut in that order, and the aggregate keeps it by its own ORDER BY.
 */
const LISTING_ORDER = `ORDER BY (m.role <> 'Owner'), m.joined, m.account`;
const LISTING_KEYS = `(m.role <> 'Owner') AS o1, m.joined AS o2, m.account AS o3`;

/**
 * The member list of one group. Bulk calls pass accounts as one JSON parameter,
 * and member lists are answered as JSON text built by SQLite. `writeQueued`
 * runs the writes waiting for the group commit, so every read sees them.
 */
export class MemberStore {
  /** `pages`: member pages as last answered; cleared by every write here and every mute write. */
  constructor(
    private readonly sql: SqlStorage,
    private readonly writeQueued: () => void,
    private readonly pages: AnswerCache,
  ) {}

  /** Adds those of `members` (distinct accounts) not yet in the group; answers the accounts that were added. */
  add(members: readonly { account: string; role: Role }[], joined: number): Set<string> {
    // A queued change of a member lands before the member leaves or joins, as it arrived.
    this.writeQueued();
    this.pages.clear();
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
    this.writeQueued();
    this.pages.clear();
    const rows = this.sql.exec(
      `DELETE FROM members WHERE account IN (SELECT value FROM json_each(?)) RETURNING 1`,
      JSON.stringify(accounts),
    );
    return rows.toArray().length;
  }

  roleOf(account: string): Role | null {
    this.writeQueued();
    const row = this.sql.exec<{ role: Role }>(`SELECT role FROM members WHERE account = ?`, account).toArray()[0];
    return row?.role ?? null;
  }

  /** `accounts` with their role, "NotMember" for outsiders, in the order given, as the JSON of UserIdList. */
  rolesJson(accounts: readonly string[]): string {
    this.writeQueued();
    return this.sql
      .exec<{ list: string }>(
        `SELECT json_group_array(json_object('Member_Account', a.value, 'Role', coalesce(m.role, 'NotMember'))
           ORDER BY a.key) AS list
         FROM json_each(?) a LEFT JOIN members m ON m.account = a.value`,
        JSON.stringify(accounts),
      )
      .one().list;
  }

  /**
   * One page of the listing, as the UTF-8 JSON of MemberList; `count` is how
   * many it holds. SQLite writes each member's JSON, and the page joins them:
   * one aggregate of 6,000 members with their custom fields is over SQLite's
   * longest string (SQLITE_TOOBIG), and a chunked aggregate reads every row
   * two to five times (rows read are billed); this reads each row once.
   */
  pageJson(q: MemberQuery, now: number, offset: number, limit: number): { json: Uint8Array; count: number } {
    this.writeQueued();
    const key = JSON.stringify([q.fields, q.roles, q.appKeys, offset, limit]);
    const kept = this.pages.get(key, now);
    if (kept !== null) return { json: kept.json, count: kept.extra };
    const members: string[] = [];
    let first = Number.POSITIVE_INFINITY;
    const rows = this.sql
      .exec<{ j: string; mu: number | null }>(
        `SELECT ${memberJsonSql(q)} AS j, u.until AS mu ${MEMBER_ROWS} ${LISTING_ORDER} LIMIT ?4 OFFSET ?5`,
        ...queryParams(q, now),
        limit,
        offset,
      )
      .raw();
    for (const [j, mu] of rows) {
      members.push(j as string);
      if (mu !== null && (mu as number) < first) first = mu as number;
    }
    // Good until the first mute on the page runs out (its MuteUntil then reads 0), or a write.
    return { json: this.pages.keep(key, `[${members.join(",")}]`, first, members.length), count: members.length };
  }

  /** Those of `accounts` that are members, in listing order, as the JSON text of MemberList. */
  someJson(q: MemberQuery, now: number, accounts: readonly string[]): string {
    this.writeQueued();
    return this.sql
      .exec<{ json: string }>(
        `SELECT json_group_array(json(j) ORDER BY o1, o2, o3) AS json FROM (
           SELECT ${memberJsonSql(q)} AS j, ${LISTING_KEYS} ${MEMBER_ROWS}
           AND m.account IN (SELECT value FROM json_each(?4)))`,
        ...queryParams(q, now),
        JSON.stringify(accounts),
      )
      .one().json;
  }

  /** How many members have one of `roles` (all members when null). */
  countWithRoles(roles: readonly Role[] | null, total: number): number {
    if (roles === null) return total;
    return this.sql
      .exec<{ n: number }>(
        `SELECT count(*) AS n FROM members WHERE role IN (SELECT value FROM json_each(?))`,
        JSON.stringify(roles),
      )
      .one().n;
  }

  /** Applies `change` to `account`'s row; a member that is gone meanwhile is left alone. */
  change(account: string, change: MemberChange): void {
    this.pages.clear();
    this.sql.exec(
      `UPDATE members SET
         role = coalesce(?, role),
         msg_flag = coalesce(?, msg_flag),
         name_card = coalesce(?, name_card),
         app_data = CASE WHEN ? IS NULL THEN app_data
           ELSE json_patch(CASE WHEN json_valid(app_data) THEN app_data ELSE '{}' END, ?) END
       WHERE account = ?`,
      change.role ?? null,
      change.msgFlag ?? null,
      change.nameCard ?? null,
      change.appData === undefined ? null : 1,
      change.appData === undefined ? null : JSON.stringify(change.appData),
      account,
    );
  }

  /** The custom keys `account` holds now. */
  appKeysOf(account: string): string[] {
    this.writeQueued();
    return this.sql
      .exec<{ key: string }>(`SELECT d.key FROM members m, json_each(${APP_DATA}) d WHERE m.account = ?`, account)
      .toArray()
      .map((r) => r.key);
  }

  /**
   * A member sent at `time`: `seq` is the group's MsgSeq it took, null in a topic (which has its own).
   * A non-member, in an AVChatRoom, has no row to keep it in.
   */
  sent(account: string, seq: number | null, time: number): void {
    this.pages.clear();
    this.sql.exec(
      `UPDATE members SET msg_seq = coalesce(?, msg_seq), last_send = ? WHERE account = ?`,
      seq,
      time,
      account,
    );
  }

  /** The member's MsgFlag, or null for a non-member. */
  msgFlagOf(account: string): string | null {
    this.writeQueued();
    const row = this.sql
      .exec<{ msg_flag: string }>(`SELECT msg_flag FROM members WHERE account = ?`, account)
      .toArray()[0];
    return row?.msg_flag ?? null;
  }
}

/** ?1..?3 of memberJsonSql and MEMBER_ROWS. */
function queryParams(q: MemberQuery, now: number): (number | string | null)[] {
  return [
    q.appKeys === null ? null : JSON.stringify(q.appKeys),
    now,
    q.roles === null ? null : JSON.stringify(q.roles),
  ];
}
