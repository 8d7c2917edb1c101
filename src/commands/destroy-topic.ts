import { z } from "zod";
import { MAX_TOPICS } from "../group/topic-store";
import { accept } from "../wire/errors";
import { groupId, topicId } from "../wire/fields";
import { defineCommand } from "./command";
import { TOPIC_SERVICE } from "./topic-fields";

const schema = z.object({
  GroupId: groupId(),
  TopicIdList: z
    .array(topicId(), { error: "must be an array of TopicId strings" })
    .min(1, { error: "must name at least one topic" })
    .max(MAX_TOPICS, { error: `must name at most ${MAX_TOPICS} topics` })
    .transform((list) => [...new Set(list)]),
});

/** Destroys topics with their mutes and messages; each answers its own ErrorCode (110003: no such topic). */
export const destroyTopic = defineCommand({
  service: TOPIC_SERVICE,
  name: "destroy_topic",
  summary: "Destroys topics.",
  example: { GroupId: "@TGS#_demo-community", TopicIdList: ["@TGS#_demo-community@TOPIC#_general"] },
  schema,
  async run(input, ctx) {
    const group = ctx.group(input.GroupId);
    const { results } = accept(await group.destroyTopics(input.TopicIdList, ctx.identifier, ctx.clientIp));
    return {
      DestroyResultItem: results.map((r) => ({ ErrorCode: r.code, ErrorInfo: r.info, TopicId: r.topicId })),
    };
  },
});
