import { clock } from "../clock";
import type { ImportedMember, ImportedMessage, ImportResult } from "../contract/group-rpc";
import { ErrorCode, type Outcome, refuse } from "../wire/errors";
import { messageTooLong } from "../wire/msg-elements";
import type { GroupCore } from "./core";
import { whyNoHistory, whyNoMemberList } from "./group-types";
import { priorityNumber } from "./message-log";
import { type ProfileRow, whyFull } from "./profile";

/**
 * Moving a group in from another system (import_group_member, import_group_msg):
 * members with their own join times and messages with their own send times, as
 * Tencent's import commands take them. Nothing here notifies: no live frame, no
 * callback, no mute history (Tencent's imports "do not trigger callbacks or
 * deliver notifications"). import_group itself is Lifecycle.create with a CreateTime.
 */
export class Importing {
  constructor(private readonly g: GroupCore) {}

  /**
   * Adds members, each joined at its JoinTime (absent: now). Per account: 1
   * imported, 2 already a member, 0 a JoinTime before the group's creation or
   * after now (Tencent: "the member fails to import").
   */
  members(p: ProfileRow, members: ImportedMember[]): Outcome<{ results: { account: string; result: 0 | 1 | 2 }[] }> {
    const g = this.g;
    const why = whyNoMemberList(p.type);
    if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
    const now = clock.nowSeconds();
    const dated = members.map((m) => ({ account: m.account, role: m.role, joined: m.joinTime ?? now }));
    // Not before the creation: Tencent's own examples import a member at the very second of its group's CreateTime.
    const inRange = (joined: number) => joined >= p.created && joined <= now;
    // A banned account stays out (Result 0, as add_group_member answers it), and the ceiling holds.
    const banned = g.bans.bannedAmong(JSON.stringify(dated.map((m) => m.account)), now);
    const admitted = dated.filter((m) => inRange(m.joined) && !banned.has(m.account));
    const full = whyFull(p.member_num + g.members.countNew(admitted.map((m) => m.account)), p.max_member_num);
    if (full !== null) return refuse(ErrorCode.GROUP_FULL, `MemberList: ${full}`);
    const added = g.transaction(() => {
      const fresh = g.members.addJoined(admitted);
      g.countMembers(fresh.size);
      return fresh;
    });
    return {
      results: dated.map((m) => ({
        account: m.account,
        result: !inRange(m.joined) || banned.has(m.account) ? 0 : added.has(m.account) ? 1 : 2,
      })),
    };
  }

  /**
   * Appends messages to the group's history (or a topic's), each with the next
   * MsgSeq and its SendTime as its time, in the order given. Tencent's rule on
   * times: later than the group's creation and than its latest message, earlier
   * than now. Read here as "not earlier than" the creation and the latest
   * message, and not after now, so that messages of one second (common in any
   * history) keep their order instead of failing. A message that breaks it gets
   * Result 10004 (80002 when over 12 KB) and no MsgSeq; the others are imported.
   */
  messages(p: ProfileRow, messages: ImportedMessage[], topicId: string | null): Outcome<{ results: ImportResult[] }> {
    const g = this.g;
    const scoped = g.scopeOf(p, topicId);
    if (scoped.refused !== undefined) return scoped;
    const why = whyNoHistory(p.type);
    if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
    const now = clock.nowSeconds();
    const results = g.transaction(() => {
      // Read after the queued sends were written (transaction flushes them): their MsgSeq and time count.
      const group = g.profile()!;
      const topic = scoped.topic === null ? null : g.topics.get(scoped.scope);
      let seq = topic?.last_seq ?? group.last_seq;
      let latest = topic?.last_msg_time ?? group.last_msg_time;
      const out: ImportResult[] = [];
      for (const m of messages) {
        if (messageTooLong(m.body, m.cloudCustomData) !== null) {
          out.push({ seq: 0, time: m.sendTime, result: ErrorCode.MSG_TOO_LONG });
          continue;
        }
        if (m.sendTime < group.created || m.sendTime < latest || m.sendTime > now) {
          out.push({ seq: 0, time: m.sendTime, result: ErrorCode.INVALID_PARAMETER });
          continue;
        }
        seq = topic === null ? seq + 1 : g.topics.takeSeq(topic, m.sendTime);
        latest = m.sendTime;
        g.messages.append(scoped.scope, {
          seq,
          sender: m.sender,
          random: m.random,
          time: m.sendTime,
          body: m.body,
          priority: priorityNumber("Normal"),
          cloudCustomData: m.cloudCustomData,
        });
        out.push({ seq, time: m.sendTime, result: 0 });
      }
      if (out.some((r) => r.result === 0)) {
        if (topic === null) g.sql.exec(`UPDATE profile SET last_seq = ?, last_msg_time = ? WHERE id = 1`, seq, latest);
        else g.topics.writeSeq(scoped.scope, seq, latest);
      }
      return out;
    });
    return { results };
  }
}
