import type { TopicChange } from "../contract/group-rpc";
import { TOPIC_TEXT_BYTES } from "../group/topic-store";
import { fitsBytes, requiredString, textUpTo } from "../wire/fields";
import { appDefinedData } from "./profile-fields";

/** The service of the topic commands (Tencent's "million group" service). */
export const TOPIC_SERVICE = "million_group_open_http_svc";

/** A topic's name: 1..30 bytes. */
export const topicName = () =>
  requiredString().refine((s) => fitsBytes(s, TOPIC_TEXT_BYTES.TopicName), {
    error: `must be 1 to ${TOPIC_TEXT_BYTES.TopicName} bytes`,
  });

/** The fields create_topic and modify_topic share, with Tencent's limits. */
export const topicFields = {
  FaceUrl: textUpTo(TOPIC_TEXT_BYTES.FaceUrl).optional(),
  Notification: textUpTo(TOPIC_TEXT_BYTES.Notification).optional(),
  Introduction: textUpTo(TOPIC_TEXT_BYTES.Introduction).optional(),
  CustomString: textUpTo(TOPIC_TEXT_BYTES.CustomString).optional(),
  TopicDefinedData: appDefinedData().optional(),
};

interface TopicInput {
  TopicName?: string | undefined;
  FaceUrl?: string | undefined;
  Notification?: string | undefined;
  Introduction?: string | undefined;
  CustomString?: string | undefined;
  TopicDefinedData?: [string, string][] | undefined;
  MuteAllMember?: "On" | "Off" | undefined;
}

/** The change the group object applies, from a validated body; absent fields stay absent. */
export function topicChange(body: TopicInput): TopicChange {
  const change: TopicChange = {
    name: body.TopicName,
    faceUrl: body.FaceUrl,
    notification: body.Notification,
    introduction: body.Introduction,
    customString: body.CustomString,
    appData: body.TopicDefinedData,
    muteAll: body.MuteAllMember === undefined ? undefined : body.MuteAllMember === "On",
  };
  // An RPC argument carries no undefined-valued keys.
  return Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined)) as TopicChange;
}
