import type { TopicChange } from "../contract/group-rpc";
import { TOPIC_INFO_FIELDS, type TopicInfoField } from "../wire/vocabulary";
import { appDataOf } from "./profile";

/**
 * The topics of a Community that supports them (create_group's SupportTopic):
 * each a row here, in the community's own object, so that the community stays
 * one place of truth. A topic's mutes, messages and Random values live in the
 * group's tables under the topic's scope (its TopicId).
 */

/** What separates a community's GroupId from the rest of a TopicId. */
export const TOPIC_MARK = "@TOPIC#_";
/** What follows TOPIC_MARK in generated TopicIds only: a custom part may not start with it. */
export const GENERATED_TOPIC_PART = "@TOPIC#";
/** Topics one community may hold (Tencent's default). */
export const MAX_TOPICS = 100;
/** Tencent's byte limits of a topic's texts (create_topic, modify_topic). */
export const TOPIC_TEXT_BYTES = {
  TopicName: 30,
  FaceUrl: 100,
  Notification: 300,
  Introduction: 240,
  CustomString: 3000,
} as const;

/** A row of the topics table. */
export interface TopicRow {
  topic_id: string;
  name: string;
  created: number;
  face_url: string;
  notification: string;
  introduction: string;
  custom_string: string;
  /** TopicDefinedData as a JSON array of [Key, Value] pairs, in the order set. */
  app_data: string;
  mute_all: number;
  last_seq: number;
  last_msg_time: number;
}

/**
 * The topics table, with its rows cached in creation order (at most
 * MAX_TOPICS): the send gate and every scoped call read them. A send takes
 * its topic's next MsgSeq in the cached row ahead of its write (group commit),
 * as the group's own seq is taken in the cached profile.
 */
export class TopicStore {
  private rows: Map<string, TopicRow> | null = null;

  constructor(private readonly sql: SqlStorage) {}

  /** Drops the cache: after a write that failed, or one that replaced rows behind it. */
  forget(): void {
    this.rows = null;
  }

  private all(): Map<string, TopicRow> {
    if (this.rows === null) {
      this.rows = new Map();
      for (const row of this.sql.exec<TopicRow & Record<string, SqlStorageValue>>(
        `SELECT * FROM topics ORDER BY rowid`,
      )) {
        this.rows.set(row.topic_id, { ...row });
      }
    }
    return this.rows;
  }

  get(topicId: string): TopicRow | null {
    return this.all().get(topicId) ?? null;
  }

  count(): number {
    return this.all().size;
  }

  /** Every topic, in creation order. */
  list(): TopicRow[] {
    return [...this.all().values()];
  }

  create(topicId: string, change: TopicChange, appData: string, now: number): void {
    this.sql.exec(
      `INSERT INTO topics (topic_id, name, created, face_url, notification, introduction, custom_string,
         app_data, mute_all)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      topicId,
      change.name ?? "",
      now,
      change.faceUrl ?? "",
      change.notification ?? "",
      change.introduction ?? "",
      change.customString ?? "",
      appData,
      change.muteAll === true ? 1 : 0,
    );
    this.forget();
  }

  /** Applies `change` (`appData`: the merged TopicDefinedData as JSON, or null to keep it). */
  modify(topicId: string, change: TopicChange, appData: string | null): void {
    this.sql.exec(
      `UPDATE topics SET name = coalesce(?, name), face_url = coalesce(?, face_url),
         notification = coalesce(?, notification), introduction = coalesce(?, introduction),
         custom_string = coalesce(?, custom_string), mute_all = coalesce(?, mute_all),
         app_data = coalesce(?, app_data)
       WHERE topic_id = ?`,
      change.name ?? null,
      change.faceUrl ?? null,
      change.notification ?? null,
      change.introduction ?? null,
      change.customString ?? null,
      change.muteAll === undefined ? null : change.muteAll ? 1 : 0,
      appData,
      topicId,
    );
    this.forget();
  }

  remove(topicId: string): void {
    this.sql.exec(`DELETE FROM topics WHERE topic_id = ?`, topicId);
    this.forget();
  }

  /** Takes the topic's next MsgSeq at `now`, in the cache only: writeSeq stores it with the message. */
  takeSeq(row: TopicRow, now: number): number {
    row.last_seq += 1;
    row.last_msg_time = now;
    return row.last_seq;
  }

  writeSeq(topicId: string, seq: number, now: number): void {
    this.sql.exec(`UPDATE topics SET last_seq = ?, last_msg_time = ? WHERE topic_id = ?`, seq, now, topicId);
  }
}

/**
 * One TopicInfo as get_topic answers it: TopicId, then the `fields` asked
 * (null: all). GroupID is spelled as Tencent's Java SDK reads it.
 */
export function topicInfo(
  t: TopicRow,
  groupId: string,
  fields: readonly TopicInfoField[] | null,
): Record<string, unknown> {
  const values: Record<TopicInfoField, unknown> = {
    TopicName: t.name,
    GroupID: groupId,
    FaceUrl: t.face_url,
    Notification: t.notification,
    Introduction: t.introduction,
    CustomString: t.custom_string,
    CreateTime: t.created,
    LastMsgTime: t.last_msg_time,
    NextMsgSeq: t.last_seq + 1,
    ShutUpAllFlag: t.mute_all,
    TopicDefinedData: [...appDataOf(t)].map(([Key, Value]) => ({ Key, Value })),
  };
  const info: Record<string, unknown> = { TopicId: t.topic_id };
  for (const f of TOPIC_INFO_FIELDS) if (fields === null || fields.includes(f)) info[f] = values[f];
  return info;
}
