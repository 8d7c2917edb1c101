import { z } from "zod";
import { ApiError, ErrorCode } from "../wire/errors";
import { account, groupId, uint32 } from "../wire/fields";
import { defineCommand } from "./command";

const schema = z.object({
  GroupId: groupId(),
  Member_Account: account(),
  UnreadMsgNum: uint32(),
});

/**
 * Tencent's command sets a member's unread count, which is counted from the member's read position.
 * This service keeps no read positions (a member's MsgSeq is its last message sent), so there is no
 * count to set: a valid body answers 10003, saying so, and changes nothing.
 */
export const setUnreadMsgNum = defineCommand({
  name: "set_unread_msg_num",
  summary: "Not supported: the service keeps no read positions, so it answers 10003.",
  example: { GroupId: "demo-group", Member_Account: "bob", UnreadMsgNum: 5 },
  schema,
  async run() {
    throw new ApiError(
      ErrorCode.UNKNOWN_COMMAND,
      "set_unread_msg_num is not supported: this service keeps no read positions, " +
        "so members have no unread count to set",
    );
  },
});
