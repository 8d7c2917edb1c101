import { z } from "zod";
import { accept } from "../wire/errors";
import { accountList, groupId, topicId, uint32 } from "../wire/fields";
import { defineCommand } from "./command";

const MAX_ACCOUNTS_PER_CALL = 500;

const schema = z
  .object({
    GroupId: groupId(),
    Members_Account: accountList(MAX_ACCOUNTS_PER_CALL),
    MuteTime: uint32().optional(),
    ShutUpTime: uint32().optional(),
    /** A mute in this topic only (a Community with topics); without it, in the whole group. */
    TopicId: topicId().optional(),
  })
  .superRefine((body, ctx) => {
    if ((body.MuteTime === undefined) === (body.ShutUpTime === undefined)) {
      ctx.addIssue({
        code: "custom",
        path: ["MuteTime"],
        message:
          body.MuteTime === undefined
            ? "is required (or legacy ShutUpTime): seconds to mute, 0 to unmute"
            : "give either MuteTime or legacy ShutUpTime, not both",
      });
    }
  })
  .transform((body) => ({
    groupId: body.GroupId,
    accounts: body.Members_Account,
    seconds: (body.MuteTime ?? body.ShutUpTime)!,
    topicId: body.TopicId ?? null,
  }));

/** Mutes (seconds > 0), unmutes (0) or permanently mutes (4294967295) up to 500 accounts, in the group or one topic. */
export const forbidSendMsg = defineCommand({
  name: "forbid_send_msg",
  schema,
  async run(input, ctx) {
    accept(
      await ctx
        .group(input.groupId)
        .forbid(JSON.stringify(input.accounts), input.seconds, input.topicId, ctx.identifier),
    );
    return {};
  },
});
