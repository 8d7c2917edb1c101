import { z } from "zod";
import { MAX_TOPICS } from "../group/topic-store";
import { RawJson } from "../wire/envelope";
import { accept } from "../wire/errors";
import { account, groupId, topicId } from "../wire/fields";
import { TOPIC_INFO_FIELDS } from "../wire/vocabulary";
import { defineCommand } from "./command";
import { MAX_FILTER_NAMES } from "./member-query";
import { TOPIC_SERVICE } from "./topic-fields";

const schema = z.object({
  GroupId: groupId(),
  /** Whose SelfInfo (their mute in each topic, their MsgFlag) to answer; absent: none. */
  From_Account: account().optional(),
  /** The topics to answer, in this order; absent or empty: all, in creation order. */
  TopicIdList: z
    .array(topicId(), { error: "must be an array of TopicId strings" })
    .max(MAX_TOPICS, { error: `must list at most ${MAX_TOPICS} topics` })
    .optional(),
  /** TopicInfo fields to answer (TopicId always is); absent: all. */
  ResponseFilter: z
    .array(z.enum(TOPIC_INFO_FIELDS, { error: `must hold only ${TOPIC_INFO_FIELDS.join(", ")}` }), {
      error: "must be an array of TopicInfo field names",
    })
    .max(MAX_FILTER_NAMES, { error: `must name at most ${MAX_FILTER_NAMES} fields` })
    .optional(),
});

/** The topics of a Community, each with its own ErrorCode (110003 for a TopicId it does not have). */
export const getTopic = defineCommand({
  service: TOPIC_SERVICE,
  name: "get_topic",
  summary: "The topics of a Community.",
  example: { GroupId: "@TGS#_demo-community" },
  schema,
  async run(input, ctx) {
    const ids = input.TopicIdList === undefined || input.TopicIdList.length === 0 ? null : input.TopicIdList;
    const { entriesJson } = accept(
      await ctx.group(input.GroupId).topicsInfo(ids, input.From_Account ?? null, input.ResponseFilter ?? null),
    );
    return { TopicAndSelfInfo: new RawJson(entriesJson) };
  },
});
