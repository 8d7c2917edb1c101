/**
 * The topic model's steps, probes and scopes, and its mute history's entries.
 */

import type { MuteSeconds } from "../app/mute-model";
import type { MUTE_NAMES } from "../sentinel/slots";

/** The 10017 ErrorInfo of the community's mute-all, and of a topic's. */
export const GROUP_MUTED_ALL = "the group is muted (MuteAllMember is On); only its owner and admins can send";
export const TOPIC_MUTED_ALL =
  "the topic is muted (its MuteAllMember is On); only the group's owner and admins can send";

/** Where a step of the topic model acts: one of the pool's topics (by index), or null for the community itself. */
export type TopicScope = number | null;
export type TopicStep =
  | { kind: "forbid"; who: number[]; scope: TopicScope; seconds: MuteSeconds; legacy: boolean; reason?: string }
  | {
      kind: "member";
      who: number;
      scope: TopicScope;
      seconds: MuteSeconds;
      name: (typeof MUTE_NAMES)[number];
      reason?: string;
    }
  | { kind: "muteAll"; scope: TopicScope; on: boolean }
  | { kind: "destroy"; topics: number[] }
  | { kind: "create"; topic: number; from: number | null }
  | { kind: "advance"; seconds: number }
  | { kind: "boundary"; offset: number }
  | { kind: "alarm" };
/**
 * What the topic model checks after a step: who sends in every scope (`repeat`: with the Random of
 * their last message there, even in a topic destroyed since), and which name lists the mutes.
 */
export type TopicProbe = { senders: number[]; repeat: boolean; legacy: boolean };

/** The model of one scope: the community itself, or one topic. */
export interface ScopeModel {
  /**
   * Until when each account is muted here, and why: a mute that ran out stays until the sweep (the
   * alarm) or a call naming the account removes it, as the service keeps it (every read compares
   * with the clock; the history records its expiry then).
   */
  mutes: Map<string, { until: number; reason: string }>;
  muteAll: boolean;
  /** The last MsgSeq taken here. */
  seq: number;
  /** When the topic was made, and its last message (a topic's only). */
  created: number;
  lastMsgTime: number;
  /** The messages this case sent here, oldest first. */
  sent: { seq: number; from: string; random: number; time: number }[];
  /** The first send of each sender's Random here ("sender\nRandom"): a repeat within 5 minutes answers it. */
  recent: Map<string, { seq: number; time: number }>;
}
/** Seconds within which a sender's Random again is the same message. */
export const REPEAT_SECONDS = 300;
/** One entry of get_group_mute_history, as answered. */
export type MuteHistoryEntry = {
  Time: number;
  Action: string;
  Member_Account: string;
  Operator_Account: string;
  MutedUntil: number;
  Reason: string;
  TopicId?: string;
};
/** Account order as SQLite sorts text (by UTF-16 code unit here: the model's accounts are ASCII). */
export const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
