import { z } from "zod";
import { ApiError, accept, ErrorCode } from "../wire/errors";
import { account, byteLength, groupId, requiredString, uint32 } from "../wire/fields";
import { defineCommand } from "./command";

/** Tencent's cap on one message's content. */
const MAX_MSG_BYTES = 12 * 1024;

const optionalString = () => requiredString().optional();

/** The message elements this service understands, each validated by its own shape. */
const MsgElement = z.discriminatedUnion(
  "MsgType",
  [
    z.object({ MsgType: z.literal("TIMTextElem"), MsgContent: z.object({ Text: requiredString() }) }),
    z.object({
      MsgType: z.literal("TIMCustomElem"),
      MsgContent: z.object({
        Data: requiredString(),
        Desc: optionalString(),
        Ext: optionalString(),
        Sound: optionalString(),
      }),
    }),
    z.object({ MsgType: z.literal("TIMFaceElem"), MsgContent: z.object({ Index: uint32(), Data: optionalString() }) }),
  ],
  { error: 'MsgType must be "TIMTextElem", "TIMCustomElem" or "TIMFaceElem"' },
);

const MsgBody = z
  .array(MsgElement, {
    error: (i) => (i.input === undefined ? "is required" : "must be an array of {MsgType, MsgContent}"),
  })
  .min(1, { error: "must hold at least one element" });

const schema = z.object({
  GroupId: groupId(),
  /** Absent: the app admin sends. */
  From_Account: account().optional(),
  Random: uint32(),
  MsgBody,
});

/** The enforcement point: a muted sender is refused with 10017, and accepted messages are kept in order. */
export const sendGroupMsg = defineCommand({
  name: "send_group_msg",
  schema,
  async run(input, ctx) {
    const bodyJson = JSON.stringify(input.MsgBody);
    if (byteLength(bodyJson) > MAX_MSG_BYTES) {
      throw new ApiError(ErrorCode.INVALID_PARAMETER, `MsgBody: is over ${MAX_MSG_BYTES} bytes`);
    }
    const sent = accept(await ctx.group(input.GroupId).send(input.From_Account ?? null, input.Random, bodyJson));
    return { MsgTime: sent.time, MsgSeq: sent.seq };
  },
});
