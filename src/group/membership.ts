import { clock } from "../clock";
import type { MemberChange, MemberQuery } from "../contract/group-rpc";
import { MAX_ANSWER_BYTES, tooLarge } from "../wire/answer-budget";
import type { CallbackCommand } from "../wire/callbacks";
import { type Done, ErrorCode, type Outcome, refuse } from "../wire/errors";
import type { GroupCore } from "./core";
import { whyNoMemberList, whyNoMutes } from "./group-types";
import { memberTips, ownerTips } from "./live-frames";
import { nextOfPlace, placeOfNext } from "./member-store";
import type { Operator } from "./mute-events";

import type { Muting } from "./muting";
import { type ProfileRow, whyFull } from "./profile";

/** Custom member fields one member may hold (Tencent allows five per app). */
const MAX_APP_KEYS = 5;
const AFTER_OWNER_CHANGE: CallbackCommand = "Group.CallbackAfterChangeGroupOwner";

/**
 * Members and roles: who is in the group (add, delete), the listings
 * (get_group_member_info, get_specified_group_member_info, get_role_in_group),
 * and one member's own fields (modify_group_member_info, whose mute is Muting's).
 */
export class Membership {
  constructor(
    private readonly g: GroupCore,
    private readonly muting: Muting,
  ) {}

  /** The live channel's Tips of a membership change, inside the change's transaction, when it records. */
  private tips(tips: "Join" | "Kicked" | "SetAdmin" | "CancelAdmin", accounts: string[], operator: string): void {
    const now = clock.nowSeconds();
    if (accounts.length === 0 || !this.g.liveLog.recording(now)) return;
    this.g.liveLog.append(memberTips(this.g.groupId(), tips, accounts, operator, now), now);
  }

  /** Adds members; per account: 1 added, 2 already a member, 0 (Tencent's failure) banned from the group. */
  add(p: ProfileRow, accounts: string[]): Outcome<{ results: { account: string; result: 0 | 1 | 2 }[] }> {
    const g = this.g;
    const why = whyNoMemberList(p.type);
    if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
    const banned = g.bans.bannedAmong(JSON.stringify(accounts), clock.nowSeconds());
    const admitted = accounts.filter((a) => !banned.has(a));
    // The whole call or nothing, as Tencent answers 10014 ("add fewer"): accounts already in do not count.
    const full = whyFull(p.member_num + g.members.countNew(admitted), p.max_member_num);
    if (full !== null) return refuse(ErrorCode.GROUP_FULL, `MemberList: ${full}`);
    let added = new Set<string>();
    g.writeWithSchedule(() => {
      added = g.members.add(
        admitted.map((account) => ({ account, role: "Member" as const })),
        clock.nowSeconds(),
      );
      g.countMembers(added.size);
      this.tips("Join", [...added], "");
    });
    return {
      results: accounts.map((account) => ({ account, result: banned.has(account) ? 0 : added.has(account) ? 1 : 2 })),
    };
  }

  /** Removes members. Their mutes stay: a mute belongs to the (group, account) pair. */
  remove(p: ProfileRow, accounts: string[]): Done {
    const g = this.g;
    const why = whyNoMemberList(p.type);
    if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
    if (p.owner !== "" && accounts.includes(p.owner)) {
      return refuse(ErrorCode.NOT_ALLOWED, `MemberToDel_Account: ${p.owner} is the group owner and cannot be removed`);
    }
    g.writeWithSchedule(() => {
      const present = g.liveLog.recording(clock.nowSeconds())
        ? accounts.filter((a) => g.members.roleOf(a) !== null)
        : [];
      g.countMembers(-g.members.remove(accounts));
      this.tips("Kicked", present, "");
    });
    return {};
  }

  /**
   * change_group_owner: `owner`, a member, owns the group and the owner before is an ordinary
   * member; its Tips (the sockets' rights follow) and Group.CallbackAfterChangeGroupOwner are
   * written in the same transaction. Naming the owner it has changes nothing.
   */
  changeOwner(p: ProfileRow, owner: string, operator: string): Done {
    const g = this.g;
    // An AVChatRoom has no owner to hand over (Tencent: 10007); a BChatRoom no member to hand it to.
    const why = p.type === "AVChatRoom" ? "AVChatRoom groups cannot change their owner" : whyNoMemberList(p.type);
    if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
    if (g.members.roleOf(owner) === null) {
      return refuse(
        ErrorCode.NOT_ALLOWED,
        `NewOwner_Account: ${owner} is not a member of the group; the new owner must be`,
      );
    }
    if (owner === p.owner) return {};
    const before = p.owner;
    g.transaction(() => {
      g.members.setOwner(owner, before);
      g.sql.exec(`UPDATE profile SET owner = ? WHERE id = 1`, owner);
      const now = clock.nowSeconds();
      if (g.liveLog.recording(now)) g.liveLog.append(ownerTips(p.group_id, owner, before, operator, now), now);
      if (g.wants(AFTER_OWNER_CHANGE)) {
        g.outbox.add(AFTER_OWNER_CHANGE, {
          GroupId: p.group_id,
          Type: p.type,
          Operator_Account: operator,
          OldOwner_Account: before,
          NewOwner_Account: owner,
        });
      }
    });
    return {};
  }

  /**
   * One page of the member listing, as the JSON text of MemberList. A
   * Community pages by `next` (the position a page answered, "" first), any
   * other group by `offset`; `next` is answered for a Community only ("" at the end).
   */
  page(
    p: ProfileRow,
    q: MemberQuery,
    at: { offset: number; next: string | null },
    limit: number,
  ): Outcome<{ memberNum: number; membersJson: Uint8Array; count: number; next: string | null }> {
    const g = this.g;
    const why = whyNoMemberList(p.type);
    if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
    const community = p.type === "Community";
    // A Community pages by Next; a caller that sends none (the Go SDK) pages by Offset there too.
    const place = community && at.next !== null ? placeOfNext(at.next) : at.offset;
    if (place === undefined) {
      return refuse(ErrorCode.INVALID_PARAMETER, 'Next: must be "" or the Next of the previous page');
    }
    const from = typeof place === "number" ? { offset: place } : { after: place };
    const page = g.members.pageJson(q, clock.nowSeconds(), from, limit);
    if (page.json.byteLength > MAX_ANSWER_BYTES) return refuse(ErrorCode.ANSWER_TOO_LARGE, tooLarge("this page"));
    const next = !community ? null : page.more && page.last !== null ? nextOfPlace(page.last) : "";
    return { memberNum: p.member_num, membersJson: page.json, count: page.count, next };
  }

  /** Those of `accounts` that are members, as the JSON text of MemberList. */
  some(p: ProfileRow, q: MemberQuery, accounts: string[]): Outcome<{ membersJson: string }> {
    const why = whyNoMemberList(p.type);
    if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
    return { membersJson: this.g.members.someJson(q, clock.nowSeconds(), accounts) };
  }

  /** The role of each of `accounts` ("NotMember" for outsiders), as the JSON text of UserIdList. */
  roles(p: ProfileRow, accounts: string[]): Outcome<{ rolesJson: string }> {
    const why = whyNoMemberList(p.type);
    if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
    return { rolesJson: this.g.members.rolesJson(accounts) };
  }

  /**
   * modify_group_member_info: one member's role, message flag, name card and
   * custom fields, and (`seconds` not null) its mute exactly as forbid_send_msg
   * mutes. All of it is one write of the group commit, in one transaction.
   */
  async modify(
    account: string,
    change: MemberChange,
    seconds: number | null,
    topicId: string | null,
    by: Operator,
    reason: string,
  ): Promise<Done> {
    const g = this.g;
    const scoped = g.scopedGroup(topicId);
    if (scoped.refused !== undefined) return scoped;
    const { p } = scoped;
    const why = whyNoMemberList(p.type) ?? (seconds === null ? null : whyNoMutes(p.type));
    if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
    const role = g.members.roleOf(account);
    if (role === null) {
      return refuse(ErrorCode.NOT_ALLOWED, `Member_Account: ${account} is not a member of the group`);
    }
    if (role === "Owner" && change.role !== undefined) {
      return refuse(ErrorCode.NOT_ALLOWED, `Role: ${account} is the group owner, whose role cannot be changed`);
    }
    if (change.appData !== undefined) {
      const keys = new Set([...g.members.appKeysOf(account), ...Object.keys(change.appData)]);
      if (keys.size > MAX_APP_KEYS) {
        return refuse(
          ErrorCode.INVALID_PARAMETER,
          `AppMemberDefinedData: a member holds at most ${MAX_APP_KEYS} custom fields; ` +
            `${account} would hold ${keys.size}`,
        );
      }
    }
    const arrived = clock.nowSeconds();
    await g.scheduler.queueWrite(() => {
      g.ctx.storage.transactionSync(() => {
        if (change.role === "Admin" && role !== "Admin") this.tips("SetAdmin", [account], by.account);
        if (change.role === "Member" && role === "Admin") this.tips("CancelAdmin", [account], by.account);
        g.members.change(account, change);
        if (seconds !== null) {
          this.muting.writeMute(scoped.scope, JSON.stringify([account]), seconds, arrived, by, reason);
        }
      });
    }, account.length);
    return {};
  }
}
