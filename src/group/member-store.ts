import type { MemberChange, MemberQuery } from "../contract/group-rpc";
import { accountIdFault } from "../wire/fields";
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
 * The members after a place in the listing order (?5 its joined, ?6 its account), so that a page
 * is one seek in members_listing, whoever left or came: after a member, the members listed after
 * it; after the owner, everyone else. SQLite seeks an index with a row value, `(joined, account)
 * > (?5, ?6)`, only past an equality on the columns before (on the whole key it scanned), and walks
 * it in order only when ORDER BY leaves that equal expression out (else it sorted all that follow).
 */
const AFTER_MEMBER = `AND (m.role <> 'Owner') = 1 AND (m.joined, m.account) > (?5, ?6) ORDER BY m.joined, m.account`;
const AFTER_OWNER = `AND (m.role <> 'Owner') = 1 ORDER BY m.joined, m.account`;

/** A place in the listing order: the key of the member a page ended at. */
export interface ListingPlace {
  /** 0 for the owner, 1 for anyone else. */
  notOwner: number;
  joined: number;
  account: string;
}

/**
 * A Community's Next: the place its page ended at, as `notOwner.joined.account`
 * (a string, as SDKs echo it). A place, not an offset: a member who leaves or
 * joins between two pages moves no one from one page to the other.
 */
export const nextOfPlace = (p: ListingPlace): string => `${p.notOwner}.${p.joined}.${p.account}`;

/**
 * Where the page a Next names starts: after a place, or at an offset (digits
 * only: what a Next was before places); undefined when it is neither ("" is
 * the start).
 */
export function placeOfNext(next: string): ListingPlace | number | undefined {
  if (next === "") return 0;
  if (/^\d{1,10}$/.test(next)) return Number(next);
  const parts = /^([01])\.(\d{1,10})\.(.+)$/s.exec(next);
  if (parts === null || accountIdFault(parts[3]!) !== null) return undefined;
  return { notOwner: Number(parts[1]), joined: Number(parts[2]), account: parts[3]! };
}

/** Member pages as last answered, each with what goes with its JSON. */
export type MemberPages = AnswerCache<Omit<MemberPage, "json">>;

/** One page of the listing: its MemberList as UTF-8 JSON, how many, whether more follow, and where it ended. */
export interface MemberPage {
  json: Uint8Array;
  count: number;
  more: boolean;
  last: ListingPlace | null;
}

/**
 * The member list of one group. Bulk calls pass accounts as one JSON parameter,
 * and member lists are answered as JSON text built by SQLite. `writeQueued`
 * runs the writes waiting for the group commit, so every read sees them.
 */
export class MemberStore {
  /**
   * `pages`: member pages as last answered; cleared by every write here and every mute write.
   * `changed`: the accounts an add or a removal changed, inside its write, whatever the command
   * (the joined-group index must hear of every one).
   */
  constructor(
    private readonly sql: SqlStorage,
    private readonly writeQueued: () => void,
    private readonly pages: MemberPages,
    private readonly changed: (accounts: string[]) => void = () => {},
  ) {}

  /** Adds those of `members` (distinct accounts) not yet in the group; answers the accounts that were added. */
  add(members: readonly { account: string; role: Role }[], joined: number): Set<string> {
    return this.addJoined(members.map((m) => ({ ...m, joined })));
  }

  /** As add, each member with its own join time (import_group_member). */
  addJoined(members: readonly { account: string; role: Role; joined: number }[]): Set<string> {
    // A queued change of a member lands before the member leaves or joins, as it arrived.
    this.writeQueued();
    this.pages.clear();
    const rows = this.sql.exec<{ account: string }>(
      `INSERT INTO members (account, role, joined)
       SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]')
       FROM json_each(?) WHERE true
       ON CONFLICT (account) DO NOTHING RETURNING account`,
      JSON.stringify(members.map((m) => [m.account, m.role, m.joined])),
    );
    const added = Array.from(rows, (r) => r.account);
    if (added.length > 0) this.changed(added);
    return new Set(added);
  }

  /** How many of `accounts` (distinct) are not members. */
  countNew(accounts: readonly string[]): number {
    this.writeQueued();
    return this.sql
      .exec<{ n: number }>(
        `SELECT count(*) AS n FROM json_each(?) j WHERE NOT EXISTS (SELECT 1 FROM members WHERE account = j.value)`,
        JSON.stringify(accounts),
      )
      .one().n;
  }

  /** Removes those of `accounts` that are members; answers how many were. */
  remove(accounts: readonly string[]): number {
    this.writeQueued();
    this.pages.clear();
    const removed = this.sql
      .exec<{ account: string }>(
        `DELETE FROM members WHERE account IN (SELECT value FROM json_each(?)) RETURNING account`,
        JSON.stringify(accounts),
      )
      .toArray()
      .map((r) => r.account);
    if (removed.length > 0) this.changed(removed);
    return removed.length;
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
   * One page of the listing, from an offset or after a place (null: the
   * start), as the UTF-8 JSON of MemberList. SQLite writes each member's JSON,
   * and the page joins them: one aggregate of 6,000 members with their custom
   * fields is over SQLite's longest string (SQLITE_TOOBIG), and a chunked
   * aggregate reads every row two to five times (rows read are billed); this
   * reads each row once, and one more to tell whether more follow.
   */
  pageJson(
    q: MemberQuery,
    now: number,
    from: { offset: number } | { after: ListingPlace | null },
    limit: number,
  ): MemberPage {
    this.writeQueued();
    const key = JSON.stringify([q.fields, q.roles, q.appKeys, from, limit]);
    const kept = this.pages.get(key, now);
    if (kept !== null) return { json: kept.json, ...kept.extra };
    const after = "after" in from ? from.after : null;
    const [where, params] =
      after === null
        ? [LISTING_ORDER, ["offset" in from ? from.offset : 0]]
        : after.notOwner === 1
          ? [AFTER_MEMBER, [after.joined, after.account]]
          : [AFTER_OWNER, []];
    const rows = this.sql
      .exec<{ j: string; mu: number | null; o1: number; o2: number; o3: string }>(
        `SELECT ${memberJsonSql(q)} AS j, u.until AS mu, ${LISTING_KEYS} ${MEMBER_ROWS}
         ${where} LIMIT ?4 ${after === null ? "OFFSET ?5" : ""}`,
        ...queryParams(q, now),
        limit + 1,
        ...params,
      )
      .raw();
    const members: string[] = [];
    let first = Number.POSITIVE_INFINITY;
    let last: ListingPlace | null = null;
    let more = false;
    for (const [j, mu, o1, o2, o3] of rows) {
      if (members.length === limit) {
        more = true;
        break;
      }
      members.push(j as string);
      if (mu !== null && (mu as number) < first) first = mu as number;
      last = { notOwner: o1 as number, joined: o2 as number, account: o3 as string };
    }
    const extra = { count: members.length, more, last };
    // Good until the first mute on the page runs out (its MuteUntil then reads 0), or a write.
    return { json: this.pages.keep(key, `[${members.join(",")}]`, first, extra), ...extra };
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

  /** `owner` (a member) owns the group; `before`, the owner until now ("" for none), is an ordinary member. */
  setOwner(owner: string, before: string): void {
    this.writeQueued();
    this.pages.clear();
    this.sql.exec(`UPDATE members SET role = 'Member' WHERE account = ? AND role = 'Owner'`, before);
    this.sql.exec(`UPDATE members SET role = 'Owner' WHERE account = ?`, owner);
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

  /** When each of `accounts` that is a member joined (JoinTime): what the joined-group index keeps. */
  joinedAtOf(accounts: readonly string[]): Map<string, number> {
    this.writeQueued();
    const rows = this.sql.exec<{ account: string; joined: number }>(
      `SELECT account, joined FROM members WHERE account IN (SELECT value FROM json_each(?))`,
      JSON.stringify(accounts),
    );
    return new Map(Array.from(rows, (r) => [r.account, r.joined]));
  }

  /** `account`'s own fields and group mute (0 when not muted at `now`), or null for a non-member. */
  selfOf(account: string, now: number): SelfRow | null {
    this.writeQueued();
    return (
      this.sql
        .exec<SelfRow>(
          `SELECT m.role, m.joined, m.msg_seq, m.msg_flag, m.last_send, m.name_card, coalesce(u.until, 0) AS until
           FROM members m LEFT JOIN mutes u ON u.topic = '' AND u.account = m.account AND u.until > ?
           WHERE m.account = ?`,
          now,
          account,
        )
        .toArray()[0] ?? null
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

/** One member's own fields, as SelfInfo answers them. */
export type SelfRow = {
  role: Role;
  joined: number;
  msg_seq: number;
  msg_flag: string;
  last_send: number;
  name_card: string;
  until: number;
};

/** ?1..?3 of memberJsonSql and MEMBER_ROWS. */
function queryParams(q: MemberQuery, now: number): (number | string | null)[] {
  return [
    q.appKeys === null ? null : JSON.stringify(q.appKeys),
    now,
    q.roles === null ? null : JSON.stringify(q.roles),
  ];
}
