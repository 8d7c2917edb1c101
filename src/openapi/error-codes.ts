import type { ErrorCodeValue } from "../wire/errors";

/**
 * What each code means, for /openapi.json. Typed over every code of the one
 * error table, so a new code does not compile until it is described here.
 */
export const ERROR_CODE_MEANINGS: Record<ErrorCodeValue, string> = {
  0: "OK",
  10002: "Internal error, or the app configuration is missing or invalid; safe to retry",
  10003: "Unknown service or command",
  10004: "A body field is missing, of the wrong type or out of range; or a body over 1 MiB",
  10005: "get_specified_group_member_info names more than 50 accounts",
  10007: "Not allowed for this group type or role (muting in Private/Work/BChatRoom, a non-member sending, ...)",
  10010: "The group does not exist in this app, or was dismissed",
  10015: "The GroupId is malformed, or a custom GroupId has a reserved prefix",
  10016: "send_group_msg: the app's Group.CallbackBeforeSendMsg receiver refused the message",
  10017: "The sender is muted (in the group, the topic or app-wide), or mute-all is on",
  10018: "The answer would be too large: page the member list",
  10021: "The custom GroupId or TopicId is taken",
  11000: "The group has no topics (not a Community created with SupportTopic 1)",
  110003: "The community has no such topic",
  60002: "The URL cannot be parsed: path, method, random, contenttype, or a repeated parameter",
  60003: "The body is not valid UTF-8, empty, not JSON, or not a JSON object",
  60006: "sdkappid is not a decimal uint32, or no app has it",
  60007: "The app's call rate for this command is over its limit",
  60010: "identifier is missing, not an account (1 to 32 bytes, no control characters), or not an admin of this app",
  60012: "sdkappid is missing",
  70001: "The UserSig has expired",
  70002: "usersig is missing or empty",
  70003: "The UserSig cannot be decoded",
  70009: "The UserSig's signature does not match the app's key",
  70013: "The UserSig was made for another identifier",
  70014: "The UserSig was made for another sdkappid",
  80002: "send_group_msg: the message is over 12 KB",
  130001: "openconfigsvr: the body is not a JSON object",
  130002: "getnospeaking: Get_Account is missing",
  130003: "getnospeaking: Get_Account is invalid",
  130004: "setnospeaking: Set_Account is missing",
  130005: "setnospeaking: Set_Account is invalid",
  130006: "setnospeaking: C2CmsgNospeakingTime is invalid",
  130007: "setnospeaking: GroupmsgNospeakingTime is invalid",
  130008: "setnospeaking: neither time is given",
  130014: "openconfigsvr: internal error; safe to retry",
};
