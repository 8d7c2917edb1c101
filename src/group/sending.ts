import { postCallback } from "../callbacks/request";
import { clock } from "../clock";
import type { HistoryEntry, OutgoingMessage } from "../contract/group-rpc";
import { log } from "../log";
import type { CallbackCommand } from "../wire/callbacks";
import { ErrorCode, type Outcome, refuse } from "../wire/errors";
import { PERMANENT } from "../wire/mute-time";
import type { Role } from "../wire/vocabulary";
import type { GroupCore } from "./core";
import { whyNoHistory, whyNotSender } from "./group-types";
import { activatedByMessage, JOINED_SYNC } from "./joined-sync";

import { priorityNumber } from "./message-log";
import { GROUP_SCOPE } from "./mute-store";
import { muteAllOn, type ProfileRow } from "./profile";
import { readSender, type SenderState } from "./sender-read";
import type { TopicRow } from "./topic-store";

type Sent = { seq: number; time: number; dropReason: string | null };

/** Messages a group accepts in one second before it drops Low and Lowest ones (Tencent's frequency control). */
const MESSAGES_PER_SECOND = 40;
/** group_msg_get_simple's largest page. */
const MAX_HISTORY_PAGE = 20;
const BEFORE_SEND: CallbackCommand = "Group.CallbackBeforeSendMsg";
const AFTER_SEND: CallbackCommand = "Group.CallbackAfterSendMsg";
const SEND_EXCEPTION: CallbackCommand = "Group.CallbackSendMsgException";

/**
 * Messages: the send gate (send_group_msg, where mutes are enforced), MsgSeq,
 * the repeat check, the frequency control, the send callbacks, and the kept
 * history (group_msg_get_simple).
 */
export class Sending {
  /** Sends accepted but not written yet, by sender and Random: a repeat in the same batch is the same message. */
  private readonly unwrittenSends = new Map<string, { seq: number; time: number }>();
  /** Messages accepted in the current second, for the frequency control of send. */
  private rate = { second: 0, sent: 0 };

  constructor(private readonly g: GroupCore) {}

  /**
   * The send gate. `m.from` is null for the app admin, who may always send.
   * Anyone else must be allowed by the group's type (see whyNotSender), must
   * not be muted (in the group, in the topic sent to, or app-wide), and must be
   * owner or admin while mute-all is on (the group's, or the topic's). A topic
   * has its own MsgSeq and history. A repeat of the sender's Random within five
   * minutes answers the first send. Past MESSAGES_PER_SECOND in one second, Low
   * and Lowest messages are dropped (MsgFreqCtrl), as Tencent drops them; High
   * and Normal never are.
   */
  async send(m: OutgoingMessage): Promise<Outcome<Sent>> {
    let gate = this.gate(m);
    if (gate.refused !== undefined) return gate;
    const repeat = this.repeatOf(m, gate);
    if (repeat !== null) return { ...repeat, dropReason: null };
    if (!m.skipBeforeCallback && this.g.wants(BEFORE_SEND)) {
      const refusal = await this.beforeSend(m, gate);
      if (refusal !== null) return refusal;
      // The group went on meanwhile: the gate and the repeat check again, on what it is now.
      gate = this.gate(m);
      if (gate.refused !== undefined) return gate;
      const again = this.repeatOf(m, gate);
      if (again !== null) return { ...again, dropReason: null };
    }
    return this.accept(m, gate);
  }

  /**
   * The checks of a send that depend on the group: it exists, the TopicId, and
   * the sender (see whyNotSending). A refused sender's exception event is
   * written here, when the app wants it.
   */
  private gate(m: OutgoingMessage): Outcome<SendGate> {
    const g = this.g;
    const scoped = g.scopedGroup(m.topicId);
    if (scoped.refused !== undefined) return scoped;
    const { p } = scoped;
    const now = clock.nowSeconds();
    // The mutes accepted before this send are written first (the queued sends are found in memory).
    g.scheduler.flushWritesForGate();
    const state = readSender(g.sql, scoped.scope, m.from, m.sender, m.random, now);
    if (m.from !== null) {
      g.gateReading = true;
      try {
        const refusal = this.whyNotSending(p, scoped.topic, m, state, now);
        if (refusal !== null) {
          if (g.wants(SEND_EXCEPTION)) {
            g.transaction(() =>
              g.outbox.add(
                SEND_EXCEPTION,
                { ...messageFields(p, scoped.scope, m), ErrorCode: refusal.refused, ErrorInfo: refusal.info },
                m.clientIp,
              ),
            );
          }
          return refusal;
        }
      } finally {
        g.gateReading = false;
      }
    }
    return { p, scope: scoped.scope, topic: scoped.topic, role: state.role, repeat: state.repeat, now };
  }

  /** The first send of `m`'s sender and Random within the repeat window, or null. */
  private repeatOf(m: OutgoingMessage, gate: SendGate): { seq: number; time: number } | null {
    return this.unwrittenSends.get(sendKey(gate.scope, m)) ?? gate.repeat;
  }

  /**
   * Group.CallbackBeforeSendMsg: asks the app's receiver, within 2 s. An answer
   * with ErrorCode 1 refuses the message (10016); any other answer, or none, lets it through.
   */
  private async beforeSend(m: OutgoingMessage, gate: SendGate): Promise<Outcome<never> | null> {
    const target = this.g.callbackTarget();
    if (target === null) return null;
    const body = JSON.stringify({
      CallbackCommand: BEFORE_SEND,
      EventTime: clock.nowMs(),
      ...messageFields(gate.p, gate.scope, m),
    });
    const attempt = await postCallback(target, this.g.knownSdkappid(), BEFORE_SEND, body, m.clientIp);
    log.event("callback_before_send", {
      group: gate.p.group_id,
      status: attempt.status,
      ms: attempt.ms,
      errorCode: typeof attempt.answer?.ErrorCode === "number" ? attempt.answer.ErrorCode : null,
      ...(attempt.fault === null ? {} : { fault: attempt.fault }),
    });
    if (attempt.status === 200 && attempt.answer?.ErrorCode === 1) {
      return refuse(ErrorCode.CALLBACK_REFUSED, "the app's callback (Group.CallbackBeforeSendMsg) refused the message");
    }
    return null;
  }

  /** The accepted send: its MsgSeq now, in arrival order; its rows (and AfterSendMsg event) with the batch. */
  private async accept(m: OutgoingMessage, gate: SendGate): Promise<Sent> {
    const g = this.g;
    const { p, scope, topic, role, now } = gate;
    if (this.rate.second !== now) this.rate = { second: now, sent: 0 };
    if (this.rate.sent >= MESSAGES_PER_SECOND && (m.priority === "Low" || m.priority === "Lowest")) {
      return { seq: 0, time: now, dropReason: "MsgFreqCtrl" };
    }
    this.rate.sent += 1;
    let seq: number;
    if (topic === null) {
      seq = p.last_seq + 1;
      g.profileRow = { ...p, last_seq: seq, last_msg_time: now };
    } else {
      seq = g.topics.takeSeq(topic, now);
    }
    const key = sendKey(scope, m);
    this.unwrittenSends.set(key, { seq, time: now });
    // An AVChatRoom keeps no history (Tencent's), like any online-only message; both still take a MsgSeq.
    const kept = !m.onlineOnly && whyNoHistory(p.type) === null;
    const after = !m.skipAfterCallback && g.wants(AFTER_SEND) ? messageFields(p, scope, m) : null;
    // If the write fails, its seq stays unused (a gap): the cached rows stay ahead of the disk, since
    // a send after it may have taken the next seq already (its write still queued); reading the rows
    // again here would hand that seq out twice.
    await g.scheduler.queueWrite(
      () => {
        this.unwrittenSends.delete(key);
        g.ctx.storage.transactionSync(() => {
          // The batch's sends store their scope's MsgSeq once, at the newest (the commit is one either way).
          const latest = topic ?? g.profileRow ?? { last_seq: seq, last_msg_time: now };
          g.scheduler.storeCounter(`seq:${scope}`, seq, latest.last_seq, (stored) => {
            const time = stored === seq ? now : latest.last_msg_time;
            if (topic !== null) g.topics.writeSeq(scope, stored, time);
            else g.sql.exec(`UPDATE profile SET last_seq = ?, last_msg_time = ? WHERE id = 1`, stored, time);
          });
          // A Work group's first message activates it: the joined-group index lists it from then on.
          if (topic === null && activatedByMessage(p.type) && g.joined.activate()) {
            g.scheduler.dueBy(JOINED_SYNC, clock.nowMs());
          }
          if (kept) {
            g.messages.append(scope, {
              seq,
              sender: m.sender,
              random: m.random,
              time: now,
              body: m.body,
              priority: priorityNumber(m.priority),
              cloudCustomData: m.cloudCustomData,
            });
          }
          g.messages.remember(scope, m.sender, m.random, seq, now);
          if (m.from !== null && role !== null) g.members.sent(m.from, topic === null ? seq : null, now);
          if (after !== null) g.outbox.add(AFTER_SEND, { ...after, MsgSeq: seq, MsgTime: now }, m.clientIp);
          if (g.liveLog.recording(now)) g.liveLog.append(messageFrame(p.group_id, scope, m, seq, now), now);
        });
      },
      m.body.length,
      false,
    );
    return { seq, time: now, dropReason: null };
  }

  /**
   * Why `m.from` (a `role` or no member, and its mute in the group) may not send now, as the refusal;
   * null when it may. A Community's mutes and mute-all apply in all its
   * topics; a topic's apply in that topic only.
   */
  private whyNotSending(
    p: ProfileRow,
    topic: TopicRow | null,
    m: OutgoingMessage,
    { role, mute }: SenderState,
    now: number,
  ): Outcome<never> | null {
    const from = m.from!;
    const why = whyNotSender(p.type, from, role);
    if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
    // Only a non-member gets here who may send without being one (an AVChatRoom): unless it is banned.
    const banned = role === null ? this.g.bans.untilOf(from, now) : 0;
    if (banned > 0)
      return refuse(ErrorCode.NOT_ALLOWED, `From_Account ${from} is banned from the group until ${banned}`);
    if (mute !== null) return mutedRefusal(`From_Account ${from} is muted in this group`, mute, now);
    if (topic !== null) {
      const inTopic = this.g.mutes.muteOf(topic.topic_id, from, now);
      if (inTopic !== null) return mutedRefusal(`From_Account ${from} is muted in this topic`, inTopic, now);
    }
    if (m.appMutedUntil > now) {
      const appMute = { until: m.appMutedUntil, reason: m.appMuteReason ?? "" };
      return mutedRefusal(`From_Account ${from} is muted in every group of the app`, appMute, now);
    }
    if (role !== "Owner" && role !== "Admin") {
      if (muteAllOn(p, now)) {
        return refuse(
          ErrorCode.SENDER_MUTED,
          "the group is muted (MuteAllMember is On); only its owner and admins can send",
        );
      }
      if (topic !== null && topic.mute_all === 1) {
        return refuse(
          ErrorCode.SENDER_MUTED,
          "the topic is muted (its MuteAllMember is On); only the group's owner and admins can send",
        );
      }
    }
    return null;
  }

  /**
   * group_msg_get_simple: the `wanted` seqs up to `upTo` (null: the newest),
   * at most MAX_HISTORY_PAGE of them, newest first; a seq whose message is not
   * kept (or is recalled, unless `withRecalled`) answers as a placeholder.
   * `finished` as Tencent's IsFinished: 1 when the whole asked range is
   * answered, 0 when it was cut at the page size, 2 when none of it is kept.
   */
  history(
    p: ProfileRow,
    upTo: number | null,
    wanted: number,
    topicId: string | null,
    withRecalled = false,
  ): Outcome<{ groupId: string; entries: HistoryEntry[]; finished: 0 | 1 | 2 }> {
    const g = this.g;
    const scoped = g.scopeOf(p, topicId);
    if (scoped.refused !== undefined) return scoped;
    const why = whyNoHistory(p.type);
    if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
    g.scheduler.flushWrites();
    const last = scoped.topic?.last_seq ?? p.last_seq;
    const top = upTo === null ? last : Math.min(upTo, last);
    const count = Math.min(wanted, MAX_HISTORY_PAGE);
    const from = Math.max(1, top - count + 1);
    const entries = top < 1 ? [] : g.messages.range(scoped.scope, from, top, last, withRecalled);
    const cut = wanted > count && from > 1;
    const gone = entries.length > 0 && entries.every((e) => e.message === null);
    return { groupId: p.group_id, entries, finished: cut ? 0 : gone ? 2 : 1 };
  }
}

/** What a send's checks found: the group, its scope, the sender's role, an earlier send of its Random, the time. */
interface SendGate {
  p: ProfileRow;
  scope: string;
  topic: TopicRow | null;
  role: Role | null;
  repeat: { seq: number; time: number } | null;
  now: number;
}

/** A send's key for the repeat check: its scope, sender and Random. */
const sendKey = (scope: string, m: OutgoingMessage): string => `${scope}\n${m.sender}\n${m.random}`;

/** The live channel's Message frame of an accepted message. */
function messageFrame(groupId: string, scope: string, m: OutgoingMessage, seq: number, time: number) {
  return {
    Type: "Message",
    GroupId: groupId,
    ...(scope === GROUP_SCOPE ? {} : { TopicId: scope }),
    MsgSeq: seq,
    MsgTime: time,
    From_Account: m.sender,
    Random: m.random,
    MsgBody: JSON.parse(m.body) as unknown,
    ...(m.cloudCustomData === "" ? {} : { CloudCustomData: m.cloudCustomData }),
  };
}

/** The fields of a message as the send callbacks carry them. */
function messageFields(p: ProfileRow, scope: string, m: OutgoingMessage): Record<string, unknown> {
  return {
    GroupId: p.group_id,
    Type: p.type,
    ...(scope === GROUP_SCOPE ? {} : { TopicId: scope }),
    From_Account: m.sender,
    Operator_Account: m.operator ?? m.sender,
    Random: m.random,
    OnlineOnlyFlag: m.onlineOnly ? 1 : 0,
    MsgBody: JSON.parse(m.body) as unknown,
    ...(m.cloudCustomData === "" ? {} : { CloudCustomData: m.cloudCustomData }),
  };
}

/**
 * A muted sender's 10017: where, until when, and with a reason (the Reason
 * extension) the seconds left and the reason, as SPEC.md words it.
 */
function mutedRefusal(where: string, mute: { until: number; reason: string }, now: number): Outcome<never> {
  const why =
    mute.reason === ""
      ? ""
      : mute.until === PERMANENT
        ? `; muted permanently: ${mute.reason}`
        : `; muted for ${mute.until - now} more seconds: ${mute.reason}`;
  return refuse(ErrorCode.SENDER_MUTED, `${where} ${untilText(mute.until)}${why}`);
}

/** When a mute ends, as an ErrorInfo says it. */
const untilText = (until: number): string => (until === PERMANENT ? "permanently" : `until ${until} (Unix seconds)`);
