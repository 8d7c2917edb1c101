/**
 * Topics (create_topic, get_topic, modify_topic, destroy_topic): their fields' good and bad values.
 */

import fc from "fast-check";
import { COMMUNITY_PREFIX, TOPIC_MARK } from "../world";
import { nonArrayValue } from "./app-data";
import { anyString, nonString } from "./junk";

// ---------------------------------------------------------------------------------------------
// Topics (create_topic, get_topic, modify_topic, destroy_topic; TopicId in the other commands)

/** The fuzz's own copy of a topic's limits (docs/api.md, "Topics"): TopicName is 1..30 bytes, as a group's Name. */
export const TOPIC_TEXT_BYTES = { FaceUrl: 100, Notification: 300, Introduction: 240, CustomString: 3000 } as const;
/** Topics a community may hold; also the most a TopicIdList may name. */
export const MAX_TOPICS = 100;
/** get_topic's TopicInfo fields after TopicId, in the order answered. */
export const TOPIC_INFO_FIELDS = [
  "TopicName",
  "GroupID",
  "FaceUrl",
  "Notification",
  "Introduction",
  "CustomString",
  "CreateTime",
  "LastMsgTime",
  "NextMsgSeq",
  "ShutUpAllFlag",
  "TopicDefinedData",
] as const;
export const goodTopicFilter = fc.array(fc.constantFrom(...TOPIC_INFO_FIELDS), { maxLength: 6 });
export const badTopicFilter: fc.Arbitrary<unknown> = fc.oneof(
  nonArrayValue,
  fc
    .tuple(
      fc.array(fc.constantFrom(...TOPIC_INFO_FIELDS), { maxLength: 2 }),
      fc.oneof(
        nonString,
        // TopicId is always answered, and no name of the filter.
        fc.constantFrom("TopicId", "topicname", "GroupId", "ShutUpAllMember", "MuteAllMember", "", "TopicName "),
        anyString.filter((v) => !(TOPIC_INFO_FIELDS as readonly string[]).includes(v)),
      ),
    )
    .map(([a, x]) => [...a, x]),
);

/**
 * True when create_topic refuses `topicId` as a custom TopicId in group `groupId` (10004): it must
 * be the GroupId, "@TOPIC#_" and a part that is not empty, does not start with "@TOPIC#" (generated
 * TopicIds only) and does not hold "@TGS#_".
 */
export function customTopicIdRefused(groupId: unknown, topicId: unknown): boolean {
  if (typeof topicId !== "string") return false;
  const head = `${String(groupId)}${TOPIC_MARK}`;
  if (!topicId.startsWith(head)) return true;
  const part = topicId.slice(head.length);
  return part === "" || part.startsWith("@TOPIC#") || part.includes(COMMUNITY_PREFIX);
}
