import { DurableObject } from "cloudflare:workers";
import { clock } from "../clock";
import type { Env } from "../env";
import { ErrorCode, refuse, type Outcome, type Refusal } from "../wire/errors";
import { ExpiryAlarm } from "./expiry-alarm";
import { typeRules, whyNotMutable, type GroupType } from "./group-types";
import { MemberStore, type MemberRow, type Role } from "./member-store";
import { MessageLog, type StoredMessage } from "./message-log";
import { MuteStore, PERMANENT, type AccountsJson, type MuteEntry } from "./mute-store";
import { hasTables, migrate } from "./schema";

/**
 * Rows one alarm run may delete; a run that deletes a full batch runs again
 * after a pause. Both small on purpose: the sweep only cleans up (reads compare
 * with the clock), so what matters is how long, and how often, its runs keep
 * other calls waiting, not how soon the last expired row is gone.
 */
export const SWEEP_BATCH = 100;
export const SWEEP_PAUSE_MS = 10;
/** Longest wait before retrying a failed sweep. */
const MAX_SWEEP_BACKOFF_MS = 5 * 60 * 1000;

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

/**
 * One group of one app: its profile, members and mutes in SQLite, and one alarm
 * no later than the earliest mute expiry. Every method is an RPC called by the Worker; it
 * answers plain data (an Outcome), and each write happens in one transaction,
 * so a refused or failed call leaves nothing behind.
 */
export class GroupObject extends DurableObject<Env> {
  private readonly sql: SqlStorage;
  private readonly mutes: MuteStore;
  private readonly members: MemberStore;
  private readonly messages: MessageLog;
  private readonly expiry: ExpiryAlarm;
  /** The profile row, cached: this object is its only writer. undefined = not read yet. */
  private profileRow: ProfileRow | null | undefined;
  /** Sweeps failed in a row, for the retry backoff. */
  private failedSweeps = 0;
  /** Where the sweep resumes, in account order ("" = from the start); in memory only, a restart starts over. */
  private sweepAfter = "";

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.sql = ctx.storage.sql;
    this.mutes = new MuteStore(this.sql);
    this.members = new MemberStore(this.sql);
    this.messages = new MessageLog(this.sql);
    this.expiry = new ExpiryAlarm(ctx.storage);
    void ctx.blockConcurrencyWhile(() => this.expiry.load());
  }

  /** The group's profile, or null when it does not exist (no tables: never created, or destroyed). */
  private profile(): ProfileRow | null {
    if (this.profileRow === undefined) {
      this.profileRow = hasTables(this.sql) ? (this.sql.exec<ProfileRow>(`SELECT * FROM profile WHERE id = 1`).toArray()[0] ?? null) : null;
    }
    return this.profileRow;
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
    if (this.profile() !== null) return refuse(ErrorCode.GROUP_ID_TAKEN, `GroupId ${spec.groupId} is already taken`);
    const now = clock.nowSeconds();
    this.transaction(() => {
      migrate(this.sql);
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
  }

  /** Wipes the group: tables, rows and alarm. Its GroupId can be created again. */
  async destroy(): Promise<Outcome<{}>> {
    if (this.profile() === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
    // Mutes accepted before the destroy happen before it, and their callers get their answer.
    this.mutes.writeQueued();
    // The alarm first: deleteAll() keeps an alarm that is still set.
    this.expiry.arm(null);
    this.profileRow = null;
    this.failedSweeps = 0;
    this.sweepAfter = "";
    // On SQLite storage deleteAll() completes synchronously, so no other call runs in between.
    await this.ctx.storage.deleteAll();
    return {};
  }

  info(): Outcome<{ profile: GroupProfile }> {
    const p = this.profile();
    if (p === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
    return {
      profile: {
        groupId: p.group_id,
        type: p.type,
        name: p.name,
        owner: p.owner,
        created: p.created,
        muteAll: p.mute_all === 1,
        memberNum: p.member_num,
      },
    };
  }

  /**
   * Mutes `accounts` (a JSON array) for `seconds` from now (0 unmutes,
   * 4294967295 is permanent). The hottest call: one statement, written with
   * the mutes of the calls that arrive meanwhile under one commit (see
   * GroupCommit), no query for the next expiry (see ExpiryAlarm), and null
   * when done, not an object to serialize.
   */
  async forbid(accounts: AccountsJson, seconds: number): Promise<Refusal | null> {
    const p = this.profile();
    if (p === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
    if (!typeRules(p.type).mutable) return refuse(ErrorCode.NOT_ALLOWED, whyNotMutable(p.type));
    // The mute counts from the call's arrival, not from its batch's write.
    const until = seconds === 0 ? 0 : untilAfter(clock.nowSeconds(), seconds);
    await this.mutes.queue(() => this.writeMute(accounts, until), accounts.length);
    return null;
  }

  /** One statement, atomic by itself: no explicit transaction needed. `until` 0 unmutes. */
  private writeMute(accounts: AccountsJson, until: number): void {
    if (until === 0) {
      this.mutes.unmute(accounts);
      return;
    }
    this.mutes.muteUntil(accounts, until);
    if (until !== PERMANENT) this.expiry.noLaterThan(until);
  }

  listMuted(): Outcome<{ groupId: string; muted: MuteEntry[] }> {
    const p = this.profile();
    if (p === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
    return { groupId: p.group_id, muted: this.mutes.mutedAt(clock.nowSeconds()) };
  }

  /** Adds members; per account: 1 added, 2 already a member. */
  addMembers(accounts: string[]): Outcome<{ results: { account: string; result: 1 | 2 }[] }> {
    const p = this.profile();
    if (p === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
    if (!typeRules(p.type).hasMemberList) return refuse(ErrorCode.NOT_ALLOWED, noMemberList(p.type));
    const added = this.transaction(() => {
      const fresh = this.members.add(accounts.map((account) => ({ account, role: "Member" as const })), clock.nowSeconds());
      this.countMembers(fresh.size);
      return fresh;
    });
    return { results: accounts.map((account) => ({ account, result: added.has(account) ? 1 : 2 })) };
  }

  /** Removes members. Their mutes stay: a mute belongs to the (group, account) pair. */
  deleteMembers(accounts: string[]): Outcome<{}> {
    const p = this.profile();
    if (p === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
    if (!typeRules(p.type).hasMemberList) return refuse(ErrorCode.NOT_ALLOWED, noMemberList(p.type));
    if (p.owner !== "" && accounts.includes(p.owner)) {
      return refuse(ErrorCode.NOT_ALLOWED, `MemberToDel_Account: ${p.owner} is the group owner and cannot be removed`);
    }
    this.transaction(() => this.countMembers(-this.members.remove(accounts)));
    return {};
  }

  /** One page of members with their role, join time and mute-until (0 when not muted). */
  memberPage(offset: number, limit: number): Outcome<{ memberNum: number; members: (MemberRow & { muteUntil: number })[] }> {
    const p = this.profile();
    if (p === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
    const page = this.members.page(offset, limit);
    const until = this.mutes.untilOfMany(page.map((m) => m.account), clock.nowSeconds());
    return {
      memberNum: p.member_num,
      members: page.map((m) => ({ ...m, muteUntil: until.get(m.account) ?? 0 })),
    };
  }

  /** Changes the name and/or the mute-all switch. */
  modify(change: { name?: string; muteAll?: boolean }): Outcome<{}> {
    const p = this.profile();
    if (p === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
    if (change.muteAll === true && !typeRules(p.type).mutable) return refuse(ErrorCode.NOT_ALLOWED, whyNotMutable(p.type));
    this.transaction(() => {
      if (change.name !== undefined) this.sql.exec(`UPDATE profile SET name = ? WHERE id = 1`, change.name);
      if (change.muteAll !== undefined) this.sql.exec(`UPDATE profile SET mute_all = ? WHERE id = 1`, change.muteAll ? 1 : 0);
    });
    return {};
  }

  /**
   * The send gate. `from` is null for the app admin, who may always send.
   * Anyone else must be a member (but in an AVChatRoom), must not be muted,
   * and must be owner or admin while mute-all is on; nobody else sends in a BChatRoom.
   */
  send(from: string | null, random: number, bodyJson: string): Outcome<{ seq: number; time: number }> {
    const p = this.profile();
    if (p === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
    const now = clock.nowSeconds();
    if (from !== null) {
      if (p.type === "BChatRoom") return refuse(ErrorCode.NOT_ALLOWED, "only the app admin can send in a BChatRoom group; omit From_Account");
      const role = this.members.roleOf(from);
      if (role === null && p.type !== "AVChatRoom") {
        return refuse(ErrorCode.NOT_ALLOWED, `From_Account ${from} is not a member of the group`);
      }
      const until = this.mutes.untilOf(from, now);
      if (until > 0) {
        const when = until === PERMANENT ? "permanently" : `until ${until} (Unix seconds)`;
        return refuse(ErrorCode.SENDER_MUTED, `From_Account ${from} is muted in this group ${when}`);
      }
      if (p.mute_all === 1 && role !== "Owner" && role !== "Admin") {
        return refuse(ErrorCode.SENDER_MUTED, "the group is muted (MuteAllMember is On); only its owner and admins can send");
      }
    }
    const seq = p.last_seq + 1;
    this.transaction(() => {
      this.sql.exec(`UPDATE profile SET last_seq = ? WHERE id = 1`, seq);
      this.messages.append({ seq, sender: from ?? "", random, time: now, body: bodyJson });
    });
    // Committed: keep the cached row instead of reading the profile again on the next message.
    this.profileRow = { ...p, last_seq: seq };
    return { seq, time: now };
  }

  /** Up to `count` messages at or before `upTo` (default: the newest), newest first. */
  history(upTo: number | null, count: number): Outcome<{ groupId: string; messages: StoredMessage[]; more: boolean }> {
    const p = this.profile();
    if (p === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
    return { groupId: p.group_id, ...this.messages.before(upTo ?? p.last_seq, count) };
  }

  /**
   * Removes due mutes in bounded batches; re-arms at once while more are due,
   * else at the next expiry. A failed run is retried by this object itself,
   * with backoff and without end; meanwhile every read stays exact, since
   * reads compare with the clock and never trust the sweep.
   */
  override async alarm(): Promise<void> {
    // Queued mutes first (the sweep would write them anyway), while the firing alarm still counts as
    // armed: they then set no alarm that the run replaces.
    this.mutes.writeQueued();
    this.expiry.fired();
    try {
      // A stray alarm of a group that no longer exists has nothing to sweep.
      const p = this.profile();
      if (p === null) return;
      const now = clock.nowSeconds();
      const { removed, resumeAfter } = this.mutes.sweepDue(now, SWEEP_BATCH, this.sweepAfter);
      this.failedSweeps = 0;
      const more = resumeAfter !== null;
      // One line per run: operators (and the benchmark) see the sweep progress and that it ends.
      console.log(JSON.stringify({ event: "mute_sweep", group: p.group_id, removed, more }));
      if (more) {
        this.sweepAfter = resumeAfter;
        this.expiry.again(SWEEP_PAUSE_MS);
      } else {
        // The pass is over. Rows before where it started that fell due meanwhile make the next expiry already past: the next pass starts at once.
        this.sweepAfter = "";
        this.expiry.arm(this.mutes.earliestExpiry());
      }
    } catch (error) {
      this.failedSweeps += 1;
      const retryInMs = Math.min(1000 * 2 ** this.failedSweeps, MAX_SWEEP_BACKOFF_MS);
      console.error(JSON.stringify({ event: "mute_sweep_failed", attempt: this.failedSweeps, retryInMs, error: String(error) }));
      this.expiry.retryAt(clock.nowMs() + retryInMs);
    }
  }
}

const noMemberList = (type: GroupType) => `${type} groups keep no member list; members join and leave by themselves`;

/** The until-time of a mute of `seconds` starting at `now`; anything reaching the permanent value is permanent. */
export function untilAfter(now: number, seconds: number): number {
  return seconds === PERMANENT ? PERMANENT : Math.min(now + seconds, PERMANENT);
}
