/**
 * The ErrorCodes the properties expect, and the classes of codes (a body's, a URL's) they fall in.
 */

// ---------------------------------------------------------------------------------------------
// Codes

export const OK = 0;
export const INVALID = 10004;
export const TOO_MANY = 10005;
export const MALFORMED_ID = 10015;
export const NO_GROUP = 10010;
export const NOT_ALLOWED = 10007;
/** add_group_member (or create_group's MemberList) past the group's MaxMemberNum. */
export const GROUP_FULL = 10014;
export const MUTED = 10017;
export const TAKEN = 10021;
/** A topic command, or a TopicId, on a group without topics (not a Community created with SupportTopic 1). */
export const NO_TOPICS = 11000;
/** A TopicId the community does not have (never created, or destroyed). */
export const NO_TOPIC = 110003;
export const MSG_TOO_LONG = 80002;
/** group_msg_recall's RetCode of a MsgSeq with no message to recall. */
export const RECALL_NOT_FOUND = 10030;
/** The group attributes' own codes: key over 32 bytes, value over 4000, over 16 keys, over 16 KB, over 5 writes/s. */
export const ATTR_CODES = [10045, 10046, 10047, 10048, 10049] as const;
export const [ATTR_KEY_TOO_LONG, ATTR_VALUE_TOO_LONG, , , ATTR_WRITES_TOO_FREQUENT] = ATTR_CODES;
export const BODY_NOT_JSON = 60003;
export const URL_INVALID = 60002;
export const UNKNOWN_COMMAND = 10003;
export const SDKAPPID_INVALID = 60006;
export const NOT_ADMIN = 60010;
export const SDKAPPID_MISSING = 60012;
export const SIG_EXPIRED = 70001;
export const SIG_MISSING = 70002;
export const SIG_UNDECODABLE = 70003;
export const SIG_BAD = 70009;
export const SIG_WRONG_ID = 70013;
export const SIG_WRONG_APP = 70014;

/**
 * Every code a call that passed the URL and authentication can answer, by the brief. (10018, a
 * whole group of over 6000 members to list, is left out: no group the fuzzing makes grows so big.)
 */
export const BODY_CLASS: readonly number[] = [
  OK,
  INVALID,
  TOO_MANY,
  MALFORMED_ID,
  NO_GROUP,
  NOT_ALLOWED,
  GROUP_FULL,
  MUTED,
  TAKEN,
  NO_TOPICS,
  NO_TOPIC,
  MSG_TOO_LONG,
  BODY_NOT_JSON,
  ...ATTR_CODES,
];
/** Every code the URL and authentication checks can answer. */
export const URL_CLASS: readonly number[] = [
  URL_INVALID,
  SDKAPPID_INVALID,
  NOT_ADMIN,
  SDKAPPID_MISSING,
  SIG_EXPIRED,
  SIG_MISSING,
  SIG_UNDECODABLE,
  SIG_BAD,
  SIG_WRONG_ID,
  SIG_WRONG_APP,
  UNKNOWN_COMMAND,
];

export const UINT32_MAX = 4294967295;
/**
 * A mute that never ends (MutedUntil 4294967295).
 * @alias (of UINT32_MAX, for knip: the same value under the name that says what it is for)
 */
export const PERMANENT = UINT32_MAX;
/** The envelope of every OK answer. */
export const OK_ENVELOPE = { ActionStatus: "OK", ErrorCode: OK, ErrorInfo: "" } as const;
/** Tencent's cap on one message: MsgBody as JSON and CloudCustomData, together (80002 past it). */
export const MAX_MSG_BYTES = 12 * 1024;
/** The largest body the service reads (10004 past it). */
export const MAX_BODY_BYTES = 1024 * 1024;
