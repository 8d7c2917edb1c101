/**
 * One case of the topic model: its model of the community and its topics, and the send gate.
 */

import { DEMO_APP } from "../../../helpers";
import { mutedInfo } from "../app/mute-model";
import { MUTED, NO_TOPIC, NOT_ALLOWED } from "../codes";
import {
  byText,
  GROUP_MUTED_ALL,
  type MuteHistoryEntry,
  type ScopeModel,
  TOPIC_MUTED_ALL,
  type TopicScope,
} from "./types";

/** What one case's model is made of: the community's accounts and TopicIds, its scopes' models, helpers. */
export interface TopicCaseSetup {
  GroupId: string;
  accounts: string[];
  topicIds: string[];
  community: ScopeModel;
  topics: (ScopeModel | null)[];
  fail: (code: number, info: string) => { ActionStatus: string; ErrorCode: number; ErrorInfo: string };
  notFound: (t: string) => string;
  OWNER: number;
  ADMIN: number;
  OUT: number;
}

/** One case's model of the community and its topics: the scopes, the mute history the case wrote, the send gate. */
export function topicCaseModel(c: TopicCaseSetup) {
  const { GroupId, accounts, topicIds, community, topics, fail, notFound, OWNER, ADMIN, OUT } = c;
  const modelOf = (t: TopicScope): ScopeModel | null => (t === null ? community : (topics[t] ?? null));
  /** The Random of each sender's last message in each scope ("scope\nsender"), kept through destroys. */
  const lastRandom = new Map<string, number>();
  const log: string[] = [];
  const what = () => `in ${GroupId} after ${log.join("; ")}`;
  /** The refusal 110003 of a TopicId the community does not have (null when it has it). */
  const unknownTopic = (t: TopicScope) =>
    t !== null && modelOf(t) === null ? fail(NO_TOPIC, `TopicId: ${notFound(topicIds[t]!)}`) : null;
  /** The mute history this case wrote, oldest first (every call below is the demo app admin's). */
  const history: MuteHistoryEntry[] = [];
  const entry = (
    Time: number,
    Action: string,
    Member_Account: string,
    Operator_Account: string,
    MutedUntil: number,
    Reason: string,
    t: TopicScope,
  ): MuteHistoryEntry => ({
    Time,
    Action,
    Member_Account,
    Operator_Account,
    MutedUntil,
    Reason,
    ...(t === null ? {} : { TopicId: topicIds[t]! }),
  });
  /**
   * One call's mute of `named` (duplicates count once) in `t` until `until` (0 unmutes), with its
   * history: first an Expire of each of them whose mute ran out unswept (by account), then a Mute
   * of each, in the call's order, or an Unmute of each that was muted (by account: the rows the
   * service deletes come back in key order).
   */
  const mute = (m: ScopeModel, t: TopicScope, named: string[], until: number, reason: string, now: number) => {
    const list = [...new Set(named)];
    const admin = DEMO_APP.admin;
    for (const a of [...list].sort(byText)) {
      const old = m.mutes.get(a);
      if (old !== undefined && old.until <= now) {
        history.push(entry(now, "Expire", a, "", old.until, old.reason, t));
        m.mutes.delete(a);
      }
    }
    if (until === 0) {
      for (const a of [...list].sort(byText)) {
        const old = m.mutes.get(a);
        if (old !== undefined) history.push(entry(now, "Unmute", a, admin, 0, old.reason, t));
        m.mutes.delete(a);
      }
      return;
    }
    for (const a of list) {
      history.push(entry(now, "Mute", a, admin, until, reason, t));
      m.mutes.set(a, { until, reason });
    }
  };
  /** The mute of `account` in force in `m` at `now`, or null. */
  const muteIn = (m: ScopeModel, account: string, now: number) => {
    const found = m.mutes.get(account);
    return found !== undefined && found.until > now ? found : null;
  };
  const mutedNow = (m: ScopeModel, account: string, now: number) => muteIn(m, account, now)?.until ?? 0;
  /** What the send gate answers `sender` in `scope` at `now`, by the model: a refusal, or null (it sends). */
  const gate = (sender: number, scope: TopicScope, now: number) => {
    const unknown = unknownTopic(scope);
    const account = accounts[sender];
    // The app admin (no From_Account) always sends.
    if (unknown !== null || account === undefined) return unknown;
    if (sender === OUT) return fail(NOT_ALLOWED, `From_Account ${account} is not a member of the group`);
    const inGroup = muteIn(community, account, now);
    if (inGroup !== null) {
      const info = mutedInfo(`From_Account ${account} is muted in this group`, inGroup.until, inGroup.reason, now);
      return fail(MUTED, info);
    }
    const m = modelOf(scope);
    const inTopic = scope === null || m === null ? null : muteIn(m, account, now);
    if (inTopic !== null) {
      const info = mutedInfo(`From_Account ${account} is muted in this topic`, inTopic.until, inTopic.reason, now);
      return fail(MUTED, info);
    }
    // Mute-all spares the owner and admins (but none of them their own mutes, above).
    if (sender === OWNER || sender === ADMIN) return null;
    if (community.muteAll) return fail(MUTED, GROUP_MUTED_ALL);
    if (scope !== null && m?.muteAll === true) return fail(MUTED, TOPIC_MUTED_ALL);
    return null;
  };
  return { modelOf, lastRandom, log, what, unknownTopic, history, entry, mute, muteIn, mutedNow, gate };
}
