import { z } from "zod";
import { ApiError, accept, ErrorCode } from "../wire/errors";
import { accountList, extension, groupId, muteReason, topicId, uint32 } from "../wire/fields";
import { defineCommand } from "./command";

const MAX_ACCOUNTS_PER_CALL = 500;

/** How long to mute: MuteTime now, ShutUpTime before, or (an extension) Escalate with the app's ladder. */
const DURATION_NAMES = ["MuteTime", "ShutUpTime", "Escalate"] as const;

const schema = z
  .object({
    GroupId: groupId(),
    Members_Account: accountList(MAX_ACCOUNTS_PER_CALL),
    MuteTime: uint32().optional(),
    ShutUpTime: uint32().optional(),
    /** A mute in this topic only (a Community with topics); without it, in the whole group. */
    TopicId: topicId().optional(),
    Reason: muteReason().optional(),
    Escalate: extension(
      z.literal(1, { error: "must be 1 (the next step of the app's muteLadder)" }),
      "Extension: 1 mutes each account for the next step of the app's muteLadder, in place of MuteTime",
    ).optional(),
  })
  .superRefine((body, ctx) => {
    const given = DURATION_NAMES.filter((n) => body[n] !== undefined);
    if (given.length === 1) return;
    const [path, message] =
      given.length === 0
        ? ["MuteTime", "is required (or legacy ShutUpTime): seconds to mute, 0 to unmute"]
        : given.includes("Escalate")
          ? ["Escalate", `give Escalate or ${given[0]}, not both`]
          : ["MuteTime", "give either MuteTime or legacy ShutUpTime, not both"];
    ctx.addIssue({ code: "custom", path: [path], message });
  })
  .transform((body) => ({
    groupId: body.GroupId,
    accounts: body.Members_Account,
    seconds: body.MuteTime ?? body.ShutUpTime ?? null,
    topicId: body.TopicId ?? null,
    reason: body.Reason ?? "",
  }));

/**
 * Mutes (seconds > 0), unmutes (0) or permanently mutes (4294967295) up to 500
 * accounts, in the group or one topic; or escalates each along the app's ladder.
 */
export const forbidSendMsg = defineCommand({
  name: "forbid_send_msg",
  summary: "Mutes (MuteTime seconds) or unmutes (0) up to 500 accounts of a group or topic.",
  example: { GroupId: "demo-group", Members_Account: ["bob"], MuteTime: 60, Reason: "spam links" },
  schema,
  async run(input, ctx) {
    let duration: number | { steps: number[]; decayDays: number };
    if (input.seconds !== null) {
      duration = input.seconds;
    } else if (ctx.muteLadder === null) {
      throw new ApiError(ErrorCode.INVALID_PARAMETER, "Escalate: this app has no muteLadder in its configuration");
    } else {
      duration = ctx.muteLadder;
    }
    accept(
      await ctx
        .group(input.groupId)
        .forbid(JSON.stringify(input.accounts), duration, input.topicId, ctx.identifier, input.reason, ctx.clientIp),
    );
    return {};
  },
});
