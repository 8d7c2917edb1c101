import { z } from "zod";
import type { MemberChange } from "../contract/group-rpc";
import { accept } from "../wire/errors";
import { account, fitsBytes, groupId, muteReason, requiredString, topicId, uint32 } from "../wire/fields";
import { MSG_FLAGS } from "../wire/vocabulary";
import { defineCommand } from "./command";
import { appKey } from "./member-query";

/** Seconds to mute under each of the names SDKs send: MuteTime now, ShutUpTime before, ShutUpUntil (Go SDK). */
const MUTE_NAMES = ["MuteTime", "ShutUpTime", "ShutUpUntil"] as const;

const schema = z
  .object({
    GroupId: groupId(),
    Member_Account: account(),
    Role: z.enum(["Admin", "Member"], { error: 'must be "Admin" or "Member"' }).optional(),
    MsgFlag: z.enum(MSG_FLAGS, { error: `must be one of ${MSG_FLAGS.join(", ")}` }).optional(),
    /** "" clears it. */
    NameCard: requiredString()
      .refine((s) => s === "" || fitsBytes(s, 50), { error: "must be at most 50 bytes" })
      .optional(),
    AppMemberDefinedData: z
      .array(
        z.object({
          Key: appKey(),
          Value: requiredString().refine((s) => s === "" || fitsBytes(s, 64), { error: "must be at most 64 bytes" }),
        }),
        { error: "must be an array of {Key, Value}" },
      )
      .max(5, { error: "must set at most 5 custom fields" })
      .optional(),
    MuteTime: uint32().optional(),
    ShutUpTime: uint32().optional(),
    ShutUpUntil: uint32().optional(),
    /** The mute is in this topic only; the other fields are the member's in the whole group. */
    TopicId: topicId().optional(),
    Reason: muteReason().optional(),
  })
  .superRefine((body, ctx) => {
    const given = MUTE_NAMES.filter((n) => body[n] !== undefined);
    if (given.length > 1) {
      ctx.addIssue({ code: "custom", path: [given[1]!], message: `give one of ${MUTE_NAMES.join(", ")}, not several` });
    }
  });

/**
 * One member's role, message flag, name card and custom fields; and its mute,
 * exactly as forbid_send_msg mutes (same store, schedule and group commit).
 */
export const modifyGroupMemberInfo = defineCommand({
  name: "modify_group_member_info",
  summary: "One member's own fields, and its mute.",
  example: { GroupId: "demo-group", Member_Account: "bob", MuteTime: 60, Reason: "flooding" },
  schema,
  async run(input, ctx) {
    const change: MemberChange = {};
    if (input.Role !== undefined) change.role = input.Role;
    if (input.MsgFlag !== undefined) change.msgFlag = input.MsgFlag;
    if (input.NameCard !== undefined) change.nameCard = input.NameCard;
    if (input.AppMemberDefinedData !== undefined) {
      change.appData = Object.fromEntries(input.AppMemberDefinedData.map((d) => [d.Key, d.Value]));
    }
    const seconds = input.MuteTime ?? input.ShutUpTime ?? input.ShutUpUntil ?? null;
    const topicId = input.TopicId ?? null;
    const reason = input.Reason ?? "";
    const group = ctx.group(input.GroupId);
    accept(
      await group.modifyMember(input.Member_Account, change, seconds, topicId, ctx.identifier, reason, ctx.clientIp),
    );
    return {};
  },
});
