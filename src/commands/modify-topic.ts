import { z } from "zod";
import { accept } from "../wire/errors";
import { account, groupId, onOff, topicId } from "../wire/fields";
import { defineCommand } from "./command";
import { TOPIC_SERVICE, topicChange, topicFields, topicName } from "./topic-fields";

const schema = z.object({
  GroupId: groupId(),
  TopicId: topicId(),
  TopicName: topicName().optional(),
  /** Who changes it; accepted, as Tencent's SDKs send it. */
  From_Account: account().optional(),
  ...topicFields,
  /** On: only the group's owner and admins (and the app admin) may send in the topic. */
  MuteAllMember: onOff().optional(),
});

/** Changes a topic: the fields given, in one transaction; the others stay as they are. */
export const modifyTopic = defineCommand({
  service: TOPIC_SERVICE,
  name: "modify_topic",
  summary: "Changes a topic's profile.",
  example: {
    GroupId: "@TGS#_demo-community",
    TopicId: "@TGS#_demo-community@TOPIC#_general",
    TopicName: "General chat",
  },
  schema,
  async run(input, ctx) {
    const change = topicChange(input);
    accept(await ctx.group(input.GroupId).modifyTopic(input.TopicId, change, ctx.identifier, ctx.clientIp));
    return {};
  },
});
