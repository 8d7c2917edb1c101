/**
 * The answer fields of our extensions, by command path name: what /openapi.json
 * adds, marked `x-extension`, to the envelope a command answers. Each appears
 * only where used (docs/api.md, "Extensions").
 */

type JsonSchema = Record<string, unknown>;

const extension = (schema: JsonSchema, description: string): JsonSchema => ({
  ...schema,
  description,
  "x-extension": true,
});
const listOf = (field: string, item: Record<string, JsonSchema>): JsonSchema => ({
  type: "object",
  properties: { [field]: { type: "array", items: { type: "object", properties: item } } },
});

const reason = extension({ type: "string" }, "Why the account is muted; only when a Reason was given");
const memberReason = listOf("MemberList", { Reason: reason });
const quietWindow = {
  type: "object",
  properties: {
    Days: { type: "array", items: { type: "integer", minimum: 1, maximum: 7 } },
    Start: { type: "string" },
    End: { type: "string" },
    TimeZone: { type: "string" },
  },
};

export const ANSWER_EXTENSIONS: Readonly<Record<string, JsonSchema>> = {
  get_group_muted_account: listOf("MutedAccountList", { Reason: reason }),
  get_group_shutted_uin: listOf("ShuttedUinList", { Reason: reason }),
  get_group_member_info: memberReason,
  get_specified_group_member_info: memberReason,
  getnospeaking: { type: "object", properties: { Reason: reason } },
  get_group_info: listOf("GroupInfo", {
    MuteAllSchedule: extension({ type: "array", items: quietWindow }, "The group's quiet hours, when it has any"),
    UndeliveredCallbacks: extension(
      { type: "integer", minimum: 0 },
      "Events of the group not yet taken by the app's callback receiver; only for apps with a receiver",
    ),
  }),
};
