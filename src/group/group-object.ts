import { DurableObject } from "cloudflare:workers";
import { clock } from "../clock";
import { log } from "../log";
import { Scheduler } from "../scheduler/scheduler";
import { answerOf, type Done, ErrorCode, type Outcome, refuse } from "../wire/errors";
import { AnswerCache } from "./answer-cache";
import { type GroupType, whyNoMemberList, whyNoMutes, whyNotSender } from "./group-types";
import { type MemberChange, type MemberQuery, MemberStore, type Role } from "./member-store";
import { MessageLog, type StoredMessage } from "./message-log";
import { expiryOf, MUTE_EXPIRY, muteExpiry } from "./mute-expiry";
import { type AccountsJson, MuteStore, PERMANENT } from "./mute-store";
import { hasTables, migrate } from "./schema";

export interface GroupSpec {
  groupId: string;
  type: GroupType;
  name: string;
  /** "" when the group has no owner (created by the app admin for nobody). */
  owner: string;
  members: { account: string; role: Exclude<Role, "Owner"> }[];
}

export interface GroupProfile {
  groupId: string;
  type: GroupType;
  name: string;
  owner: string;
  created: number;
  muteAll: boolean;
  memberNum: number;
}

type ProfileRow = {
  group_id: string;
  type: GroupType;
  name: string;
  owner: string;
  created: number;
  mute_all: number;
  last_seq: number;
  member_num: number;
};

const NOT_FOUND = "the group does not exist or was dismissed";
/** Custom member fields one member may hold (Tencent allows five per app). */
const MAX_APP_KEYS = 5;
/** How long a group whose start failed answers 10002 before it tries again. */
const START_RETRY_MS = 5000;

/** What a call that changed something and has nothing to tell answers. */
const DONE: Done = {};

/**
 * One group of one app: its profile, members, mutes and recent messages in
 * SQLite, and its deferred work (group commit, mute expiry) in one Scheduler.
 * Every public method is an RPC called by the Worker; it answers an Outcome
 * (never throws: a fault becomes 10002), and each change happens in one
 * transaction, so a refused or failed call leaves nothing behind.
 */
export class GroupObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly scheduler: Scheduler;
  private readonly mutes: MuteStore;
  private readonly members: MemberStore;
  private readonly messages: MessageLog;
  /** The profile row, cached: this object is its only writer. undefined = not read yet. */
  private profileRow: ProfileRow | null | undefined;
  /** When the last start failed (Unix ms), null once started. */
  private startFailedAt: number | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.scheduler = new Scheduler(ctx.storage);
    const memberPages = new AnswerCache();
    this.mutes = new MuteStore(this.sql, () => this.scheduler.flushWrites(), [memberPages]);
    this.members = new MemberStore(this.sql, () => this.scheduler.flushWrites(), memberPages);
    this.messages = new MessageLog(this.sql);
    this.scheduler.register(muteExpiry(this.mutes, () => this.profile()?.group_id ?? ""));
    void ctx.blockConcurrencyWhile(async () => {
      try {
        await this.scheduler.readAlarm();
      } catch (error) {
        // Unknown, the alarm counts as unset: the schedule then sets it again at start.
        log.fault("group_alarm_unreadable", error);
      }
      this.start();
    });
  }

  /**
   * Brings an existing group's tables to the current schema (the first start
   * after a deploy) and loads its schedule. If that fails, every call answers
   * 10002 and, at most every START_RETRY_MS, tries again: a deploy that fixes
   * the migration heals the group without losing a row.
   */
  private start(): boolean {
    try {
      if (hasTables(this.sql)) migrate(this.ctx.storage);
      this.scheduler.loadSchedule();
      this.startFailedAt = null;
      return true;
    } catch (error) {
      this.startFailedAt = clock.nowMs();
      log.fault("group_start_failed", error);
      return false;
    }
  }

  /** One RPC: its Outcome once the object has started, 10002 when it cannot, or for any fault. */
  private rpc<R extends object>(method: string, work: () => R): R {
    if (this.startFailedAt !== null && (clock.nowMs() - this.startFailedAt < START_RETRY_MS || !this.start())) {
      return refuse(ErrorCode.INTERNAL, "the group's storage could not be opened; safe to retry") as R;
    }
    return answerOf(method, work);
  }

  /** The group's profile, or null when it does not exist (no tables: never created, or destroyed). */
  private profile(): ProfileRow | null {
    if (this.profileRow === undefined) {
      this.profileRow = hasTables(this.sql)
        ? (this.sql.exec<ProfileRow>(`SELECT * FROM profile WHERE id = 1`).toArray()[0] ?? null)
        : null;
    }
    return this.profileRow;
  }

  /** An RPC on an existing group: 10010 when there is none, 10002 for a fault. */
  private onGroup<T>(method: string, work: (p: ProfileRow) => Outcome<T>): Outcome<T> {
    return this.rpc(method, () => {
      const p = this.profile();
      return p === null ? refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND) : work(p);
    });
  }

  /**
   * One SQLite transaction: all of `work` or, if it throws, none of it. Every
   * multi-statement write also touches the profile row, so the cached row is
   * read again afterwards.
   */
  private transaction<T>(work: () => T): T {
    try {
      return this.ctx.storage.transactionSync(work);
    } finally {
      this.profileRow = undefined;
    }
  }

  private countMembers(delta: number): void {
    if (delta !== 0) this.sql.exec(`UPDATE profile SET member_num = member_num + ? WHERE id = 1`, delta);
  }

  create(spec: GroupSpec): Outcome<{ groupId: string }> {
    return this.rpc("create", () => {
      if (this.profile() !== null) return refuse(ErrorCode.GROUP_ID_TAKEN, `GroupId ${spec.groupId} is already taken`);
      const now = clock.nowSeconds();
      this.transaction(() => {
        migrate(this.ctx.storage);
        this.sql.exec(
          `INSERT INTO profile (id, group_id, type, name, owner, created) VALUES (1, ?, ?, ?, ?, ?)`,
          spec.groupId,
          spec.type,
          spec.name,
          spec.owner,
          now,
        );
        const initial: { account: string; role: Role }[] = [];
        if (spec.owner !== "") initial.push({ account: spec.owner, role: "Owner" });
        for (const m of spec.members) if (m.account !== spec.owner) initial.push(m);
        this.countMembers(this.members.add(initial, now).size);
      });
      return { groupId: spec.groupId };
    });
  }

  /** Wipes the group: tables, rows and alarm. Its GroupId can be created again. */
  async destroy(): Promise<Done> {
    return this.rpc("destroy", async () => {
      if (this.profile() === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
      // Mutes accepted before the destroy happen before it and get their answer; then the schedule and the
      // alarm go (deleteAll() keeps an alarm that is still set).
      this.scheduler.clear();
      this.mutes.forgetLists();
      try {
        // On SQLite storage deleteAll() completes synchronously, so no other call runs in between.
        await this.ctx.storage.deleteAll();
      } catch (error) {
        // The group is still there: its schedule and alarm come back from its tables.
        this.scheduler.loadSchedule();
        throw error;
      }
      this.profileRow = null;
      return DONE;
    });
  }

  info(): Outcome<{ profile: GroupProfile }> {
    return this.onGroup("info", (p) => ({
      profile: {
        groupId: p.group_id,
        type: p.type,
        name: p.name,
        owner: p.owner,
        created: p.created,
        muteAll: p.mute_all === 1,
        memberNum: p.member_num,
      },
    }));
  }

  /**
   * Mutes `accounts` (a JSON array) for `seconds` from now (0 unmutes,
   * 4294967295 is permanent). The hottest call: one statement, written with the
   * mutes of the calls that arrive meanwhile under one commit (group commit),
   * and no query for the next expiry (the schedule only ever moves earlier).
   */
  async forbid(accounts: AccountsJson, seconds: number): Promise<Done> {
    return this.rpc("forbid", async () => {
      const p = this.profile();
      if (p === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
      const why = whyNoMutes(p.type);
      if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
      // The mute counts from the call's arrival, not from its batch's write.
      const until = seconds === 0 ? 0 : untilAfter(clock.nowSeconds(), seconds);
      await this.scheduler.queueWrite(() => this.writeMute(accounts, until), accounts.length);
      return DONE;
    });
  }

  /**
   * One call's mute (`until` 0 unmutes) and, when it moves the sweep earlier,
   * its schedule row: in one transaction (a savepoint of the batch's commit), so
   * that a call that fails leaves neither.
   */
  private writeMute(accounts: AccountsJson, until: number): void {
    this.ctx.storage.transactionSync(() => {
      if (until === 0) {
        this.mutes.unmute(accounts);
        return;
      }
      this.mutes.muteUntil(accounts, until);
      const sweepAt = expiryOf(until);
      if (sweepAt !== null) this.scheduler.dueBy(MUTE_EXPIRY, sweepAt);
    });
  }

  /** The accounts muted now, as the JSON text of the wire's list (legacy: ShuttedUinList's entry names). */
  listMuted(legacy: boolean): Outcome<{ groupId: string; mutedJson: Uint8Array }> {
    return this.onGroup("listMuted", (p) => ({
      groupId: p.group_id,
      mutedJson: this.mutes.mutedJson(clock.nowSeconds(), "Member_Account", legacy ? "ShuttedUntil" : "MutedUntil"),
    }));
  }

  /** Adds members; per account: 1 added, 2 already a member. */
  addMembers(accounts: string[]): Outcome<{ results: { account: string; result: 1 | 2 }[] }> {
    return this.onGroup("addMembers", (p) => {
      const why = whyNoMemberList(p.type);
      if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
      const added = this.transaction(() => {
        const fresh = this.members.add(
          accounts.map((account) => ({ account, role: "Member" as const })),
          clock.nowSeconds(),
        );
        this.countMembers(fresh.size);
        return fresh;
      });
      return { results: accounts.map((account) => ({ account, result: added.has(account) ? 1 : 2 })) };
    });
  }

  /** Removes members. Their mutes stay: a mute belongs to the (group, account) pair. */
  deleteMembers(accounts: string[]): Done {
    return this.onGroup("deleteMembers", (p) => {
      const why = whyNoMemberList(p.type);
      if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
      if (p.owner !== "" && accounts.includes(p.owner)) {
        return refuse(
          ErrorCode.NOT_ALLOWED,
          `MemberToDel_Account: ${p.owner} is the group owner and cannot be removed`,
        );
      }
      this.transaction(() => this.countMembers(-this.members.remove(accounts)));
      return DONE;
    });
  }

  /**
   * One page of the member listing, as the JSON text of MemberList. A
   * Community pages by `next` (the position a page answered, "" first), any
   * other group by `offset`; `next` is answered for a Community only ("" at the end).
   */
  memberPage(
    q: MemberQuery,
    at: { offset: number; next: string | null },
    limit: number,
  ): Outcome<{ memberNum: number; membersJson: Uint8Array; count: number; next: string | null }> {
    return this.onGroup("memberPage", (p) => {
      const why = whyNoMemberList(p.type);
      if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
      const community = p.type === "Community";
      if (community && at.next !== null && at.next !== "" && !/^\d{1,10}$/.test(at.next)) {
        return refuse(ErrorCode.INVALID_PARAMETER, 'Next: must be "" or the Next of the previous page');
      }
      // A Community pages by Next; a caller that sends none (the Go SDK) pages by Offset there too.
      const offset = community && at.next !== null ? Number(at.next) : at.offset;
      const page = this.members.pageJson(q, clock.nowSeconds(), offset, limit);
      let next: string | null = null;
      if (community) {
        const more = offset + page.count < this.members.countWithRoles(q.roles, p.member_num);
        next = more ? String(offset + page.count) : "";
      }
      return { memberNum: p.member_num, membersJson: page.json, count: page.count, next };
    });
  }

  /** Those of `accounts` that are members, as the JSON text of MemberList. */
  someMembers(q: MemberQuery, accounts: string[]): Outcome<{ membersJson: string }> {
    return this.onGroup("someMembers", (p) => {
      const why = whyNoMemberList(p.type);
      if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
      return { membersJson: this.members.someJson(q, clock.nowSeconds(), accounts) };
    });
  }

  /** The role of each of `accounts` ("NotMember" for outsiders), as the JSON text of UserIdList. */
  roles(accounts: string[]): Outcome<{ rolesJson: string }> {
    return this.onGroup("roles", (p) => {
      const why = whyNoMemberList(p.type);
      if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
      return { rolesJson: this.members.rolesJson(accounts) };
    });
  }

  /**
   * modify_group_member_info: one member's role, message flag, name card and
   * custom fields, and (`seconds` not null) its mute exactly as forbid_send_msg
   * mutes. All of it is one write of the group commit, in one transaction.
   */
  async modifyMember(account: string, change: MemberChange, seconds: number | null): Promise<Done> {
    return this.rpc("modifyMember", async () => {
      const p = this.profile();
      if (p === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
      const why = whyNoMemberList(p.type) ?? (seconds === null ? null : whyNoMutes(p.type));
      if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
      const role = this.members.roleOf(account);
      if (role === null) {
        return refuse(ErrorCode.NOT_ALLOWED, `Member_Account: ${account} is not a member of the group`);
      }
      if (role === "Owner" && change.role !== undefined) {
        return refuse(ErrorCode.NOT_ALLOWED, `Role: ${account} is the group owner, whose role cannot be changed`);
      }
      if (change.appData !== undefined) {
        const keys = new Set([...this.members.appKeysOf(account), ...Object.keys(change.appData)]);
        if (keys.size > MAX_APP_KEYS) {
          return refuse(
            ErrorCode.INVALID_PARAMETER,
            `AppMemberDefinedData: a member holds at most ${MAX_APP_KEYS} custom fields; ` +
              `${account} would hold ${keys.size}`,
          );
        }
      }
      const until = seconds === null ? null : seconds === 0 ? 0 : untilAfter(clock.nowSeconds(), seconds);
      await this.scheduler.queueWrite(() => {
        this.ctx.storage.transactionSync(() => {
          this.members.change(account, change);
          if (until !== null) this.writeMute(JSON.stringify([account]), until);
        });
      }, account.length);
      return DONE;
    });
  }

  /** Changes the name and/or the mute-all switch. */
  modify(change: { name?: string; muteAll?: boolean }): Done {
    return this.onGroup("modify", (p) => {
      const why = change.muteAll === true ? whyNoMutes(p.type) : null;
      if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
      this.transaction(() => {
        if (change.name !== undefined) this.sql.exec(`UPDATE profile SET name = ? WHERE id = 1`, change.name);
        if (change.muteAll !== undefined)
          this.sql.exec(`UPDATE profile SET mute_all = ? WHERE id = 1`, change.muteAll ? 1 : 0);
      });
      return DONE;
    });
  }

  /**
   * The send gate. `from` is null for the app admin, who may always send.
   * Anyone else must be allowed by the group's type (see whyNotSender), must
   * not be muted, and must be owner or admin while mute-all is on.
   */
  send(from: string | null, random: number, bodyJson: string): Outcome<{ seq: number; time: number }> {
    return this.onGroup("send", (p) => {
      const now = clock.nowSeconds();
      let role: Role | null = null;
      if (from !== null) {
        role = this.members.roleOf(from);
        const why = whyNotSender(p.type, from, role);
        if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
        const until = this.mutes.untilOf(from, now);
        if (until > 0) {
          const when = until === PERMANENT ? "permanently" : `until ${until} (Unix seconds)`;
          return refuse(ErrorCode.SENDER_MUTED, `From_Account ${from} is muted in this group ${when}`);
        }
        if (p.mute_all === 1 && role !== "Owner" && role !== "Admin") {
          return refuse(
            ErrorCode.SENDER_MUTED,
            "the group is muted (MuteAllMember is On); only its owner and admins can send",
          );
        }
      }
      const seq = p.last_seq + 1;
      this.transaction(() => {
        this.sql.exec(`UPDATE profile SET last_seq = ? WHERE id = 1`, seq);
        this.messages.append({ seq, sender: from ?? "", random, time: now, body: bodyJson });
        if (from !== null && role !== null) this.members.sent(from, seq, now);
      });
      // Committed: keep the cached row instead of reading the profile again on the next message.
      this.profileRow = { ...p, last_seq: seq };
      return { seq, time: now };
    });
  }

  /** Up to `count` messages at or before `upTo` (default: the newest), newest first. */
  history(upTo: number | null, count: number): Outcome<{ groupId: string; messages: StoredMessage[]; more: boolean }> {
    return this.onGroup("history", (p) => ({
      groupId: p.group_id,
      ...this.messages.before(upTo ?? p.last_seq, count),
    }));
  }

  /** The one alarm: the scheduler runs whatever is due (mute expiry) and re-arms for the next. */
  override async alarm(): Promise<void> {
    // A group that cannot start has nothing safe to run: the alarm is spent, and the schedule it keeps
    // re-arms it once the group starts.
    if (this.startFailedAt !== null && !this.start()) {
      this.scheduler.alarmSpent();
      return;
    }
    this.scheduler.runDue();
  }
}

/** The until-time of a mute of `seconds` starting at `now`; anything reaching the permanent value is permanent. */
function untilAfter(now: number, seconds: number): number {
  return seconds === PERMANENT ? PERMANENT : Math.min(now + seconds, PERMANENT);
}
