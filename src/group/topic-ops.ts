import { clock } from "../clock";
import type { TopicChange, TopicResult, TopicSpec } from "../contract/group-rpc";
import { type Done, ErrorCode, type Outcome, refuse } from "../wire/errors";
import type { TopicInfoField } from "../wire/vocabulary";
import { type GroupCore, topicNotFound } from "./core";
import { type Operator, SERVICE } from "./mute-events";
import { appDataOf, MAX_GROUP_APP_KEYS, mergeAppData, type ProfileRow } from "./profile";
import { GENERATED_TOPIC_PART, MAX_TOPICS, TOPIC_MARK, topicInfo } from "./topic-store";

const ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/**
 * A Community's topics (create/get/modify/destroy_topic). They live in the
 * community's own object: a topic scopes mutes, lists, sends and history, and
 * its end takes its mutes and messages with it.
 */
export class TopicOps {
  constructor(private readonly g: GroupCore) {}

  /**
   * create_topic: a topic with a custom TopicId (the GroupId, TOPIC_MARK and
   * a custom part) or a generated one; MAX_TOPICS per community.
   */
  create(p: ProfileRow, spec: TopicSpec): Outcome<{ topicId: string }> {
    const g = this.g;
    if (spec.topicId !== null && !spec.topicId.startsWith(p.group_id + TOPIC_MARK)) {
      return refuse(
        ErrorCode.INVALID_PARAMETER,
        `TopicId: must be the GroupId followed by ${TOPIC_MARK} and a custom part`,
      );
    }
    if (spec.from !== null && g.members.roleOf(spec.from) === null) {
      return refuse(ErrorCode.NOT_ALLOWED, `From_Account: ${spec.from} is not a member of the group`);
    }
    if (g.topics.count() >= MAX_TOPICS) {
      return refuse(ErrorCode.INVALID_PARAMETER, `the group has ${MAX_TOPICS} topics, the most a community may have`);
    }
    const why = whyNotTopicData(new Map(), spec.change.appData);
    if (why !== null) return refuse(ErrorCode.INVALID_PARAMETER, why);
    let topicId = spec.topicId;
    if (topicId !== null && g.topics.get(topicId) !== null) {
      return refuse(ErrorCode.GROUP_ID_TAKEN, `TopicId: ${topicId} is already taken`);
    }
    while (topicId === null || g.topics.get(topicId) !== null) topicId = generatedTopicId(p.group_id);
    const id = topicId;
    const appData = JSON.stringify([...mergeAppData(new Map(), spec.change.appData)]);
    g.transaction(() => g.topics.create(id, spec.change, appData, clock.nowSeconds()));
    return { topicId: id };
  }

  /**
   * get_topic: `topicIds` (null: all, in creation order), each as the JSON
   * text of one TopicAndSelfInfo entry; with SelfInfo for `from` when given.
   */
  info(
    p: ProfileRow,
    topicIds: string[] | null,
    from: string | null,
    fields: readonly TopicInfoField[] | null,
  ): Outcome<{ entriesJson: string }> {
    const g = this.g;
    const now = clock.nowSeconds();
    const msgFlag = from === null ? null : g.members.msgFlagOf(from);
    if (from !== null && msgFlag === null) {
      return refuse(ErrorCode.NOT_ALLOWED, `From_Account: ${from} is not a member of the group`);
    }
    const ids = topicIds ?? g.topics.list().map((t) => t.topic_id);
    const entries = ids.map((id) => {
      const t = g.topics.get(id);
      if (t === null) {
        return { ErrorCode: ErrorCode.TOPIC_NOT_FOUND, ErrorInfo: topicNotFound(id), TopicInfo: { TopicId: id } };
      }
      const entry: Record<string, unknown> = {
        ErrorCode: 0,
        ErrorInfo: "",
        TopicInfo: topicInfo(t, p.group_id, fields),
      };
      if (from !== null) entry.SelfInfo = { ShutUpTime: g.mutes.untilOf(id, from, now), MsgSeq: 0, MsgFlag: msgFlag };
      return entry;
    });
    return { entriesJson: JSON.stringify(entries) };
  }

  /** modify_topic: the fields given, in one transaction. */
  modify(topicId: string, change: TopicChange, by: Operator): Done {
    const g = this.g;
    const t = g.topics.get(topicId);
    if (t === null) return refuse(ErrorCode.TOPIC_NOT_FOUND, `TopicId: ${topicNotFound(topicId)}`);
    const data = appDataOf(t);
    const why = whyNotTopicData(data, change.appData);
    if (why !== null) return refuse(ErrorCode.INVALID_PARAMETER, why);
    const appData = change.appData === undefined ? null : JSON.stringify([...mergeAppData(data, change.appData)]);
    g.transaction(() => {
      g.topics.modify(topicId, change, appData);
      if (change.muteAll !== undefined && change.muteAll !== (t.mute_all === 1)) {
        g.muteEvents.add(change.muteAll ? "MuteAll" : "UnmuteAll", topicId, by, []);
      }
    });
    return {};
  }

  /** destroy_topic: each topic with its mutes, messages and Random values, in one transaction. */
  destroy(topicIds: string[], by: Operator): Outcome<{ results: TopicResult[] }> {
    const g = this.g;
    const results: TopicResult[] = [];
    g.transaction(() => {
      for (const topicId of topicIds) {
        if (g.topics.get(topicId) === null) {
          results.push({ topicId, code: ErrorCode.TOPIC_NOT_FOUND, info: topicNotFound(topicId) });
          continue;
        }
        g.topics.remove(topicId);
        // Its mutes end with it: those that ran out unswept as an Expire, those in force as an Unmute.
        const now = clock.nowSeconds();
        const ended = g.mutes.endedIn(topicId, now);
        if (ended.length > 0) g.muteEvents.add("Expire", topicId, SERVICE, ended);
        const active = g.mutes.activeIn(topicId, now).map((m) => ({ ...m, until: 0 }));
        if (active.length > 0) g.muteEvents.add("Unmute", topicId, by, active);
        g.mutes.removeScope(topicId);
        g.messages.removeScope(topicId);
        results.push({ topicId, code: 0, info: "" });
      }
    });
    return { results };
  }
}

/** GroupId + `@TOPIC#_@TOPIC#c` + 11 random characters, like Tencent's `...@TOPIC#_@TOPIC#cRTE3HIM62C5`. */
function generatedTopicId(groupId: string): string {
  let id = `${groupId}${TOPIC_MARK}${GENERATED_TOPIC_PART}c`;
  for (const b of crypto.getRandomValues(new Uint8Array(11))) id += ID_ALPHABET[b % ID_ALPHABET.length];
  return id;
}

/** Why TopicDefinedData `changes` cannot apply to a topic holding `data`, or null when they can. */
function whyNotTopicData(data: ReadonlyMap<string, string>, changes: [string, string][] | undefined): string | null {
  const keys = mergeAppData(data, changes).size;
  return keys > MAX_GROUP_APP_KEYS
    ? `TopicDefinedData: a topic holds at most ${MAX_GROUP_APP_KEYS} custom fields; this one would hold ${keys}`
    : null;
}
