import { z } from "zod";
import { GENERATED_TOPIC_PART, TOPIC_MARK } from "../group/topic-store";
import { accept } from "../wire/errors";
import { account, COMMUNITY_PREFIX, groupId, topicId } from "../wire/fields";
import { defineCommand } from "./command";
import { TOPIC_SERVICE, topicChange, topicFields, topicName } from "./topic-fields";

const schema = z
  .object({
    GroupId: groupId(),
    /** A custom TopicId: the GroupId, "@TOPIC#_" and a custom part; absent, one is generated. */
    TopicId: topicId().optional(),
    TopicName: topicName(),
    From_Account: account().optional(),
    ...topicFields,
  })
  .superRefine((body, ctx) => {
    const why = body.TopicId === undefined ? null : whyNotCustomTopicId(body.GroupId, body.TopicId);
    if (why !== null) ctx.addIssue({ code: "custom", path: ["TopicId"], message: why });
  });

/** Why `id` cannot be a custom TopicId in group `groupId` (Tencent's rules of the custom part), or null. */
function whyNotCustomTopicId(groupId: string, id: string): string | null {
  const head = groupId + TOPIC_MARK;
  if (!id.startsWith(head)) return `must be the GroupId followed by ${TOPIC_MARK} and a custom part`;
  const part = id.slice(head.length);
  if (part === "") return `must have a custom part after ${TOPIC_MARK}`;
  if (part.startsWith(GENERATED_TOPIC_PART)) {
    return `its custom part must not start with ${GENERATED_TOPIC_PART}, which is reserved for generated TopicIds`;
  }
  if (part.includes(COMMUNITY_PREFIX)) return `its custom part must not contain ${COMMUNITY_PREFIX}`;
  return null;
}

/** Creates a topic in a Community with topics; answers its TopicId. */
export const createTopic = defineCommand({
  service: TOPIC_SERVICE,
  name: "create_topic",
  summary: "Creates a topic in a Community with topics.",
  example: { GroupId: "@TGS#_demo-community", TopicName: "General" },
  schema,
  async run(input, ctx) {
    const { name, ...rest } = topicChange(input);
    const created = accept(
      await ctx.group(input.GroupId).createTopic({
        topicId: input.TopicId ?? null,
        from: input.From_Account ?? null,
        change: { ...rest, name: name ?? input.TopicName },
      }),
    );
    return { TopicId: created.topicId };
  },
});
