import { log } from "../log";

/**
 * The one table of error codes this service answers with. Codes and their
 * meaning follow Tencent Cloud IM's REST API (docs/api.md, "Errors").
 */
export const ErrorCode = {
  OK: 0,
  INTERNAL: 10002,
  UNKNOWN_COMMAND: 10003,
  INVALID_PARAMETER: 10004,
  TOO_MANY_ACCOUNTS: 10005,
  NOT_ALLOWED: 10007,
  GROUP_NOT_FOUND: 10010,
  /** The group is full: the members would be over its MaxMemberNum (Tencent's code). */
  GROUP_FULL: 10014,
  GROUP_ID_MALFORMED: 10015,
  ANSWER_TOO_LARGE: 10018,
  SENDER_MUTED: 10017,
  /** The app's Group.CallbackBeforeSendMsg receiver refused the message (Tencent's code). */
  CALLBACK_REFUSED: 10016,
  GROUP_ID_TAKEN: 10021,
  /** The group has no topics (not a Community with SupportTopic 1): Tencent's code of the topic commands. */
  TOPICS_NOT_SUPPORTED: 11000,
  /** No such topic in the group (Tencent documents it for a topic already destroyed). */
  TOPIC_NOT_FOUND: 110003,
  MSG_TOO_LONG: 80002,
  // The group attributes' own codes (modify_group_attr, set_group_attr), as Tencent documents them.
  ATTR_KEY_TOO_LONG: 10045,
  ATTR_VALUE_TOO_LONG: 10046,
  ATTR_TOO_MANY_KEYS: 10047,
  ATTR_TOO_LARGE: 10048,
  ATTR_WRITES_TOO_FREQUENT: 10049,
  URL_INVALID: 60002,
  BODY_NOT_JSON: 60003,
  SDKAPPID_INVALID: 60006,
  RATE_LIMITED: 60007,
  NOT_APP_ADMIN: 60010,
  SDKAPPID_MISSING: 60012,
  USERSIG_EXPIRED: 70001,
  USERSIG_MISSING: 70002,
  USERSIG_UNDECODABLE: 70003,
  USERSIG_BAD_SIGNATURE: 70009,
  USERSIG_WRONG_IDENTIFIER: 70013,
  USERSIG_WRONG_SDKAPPID: 70014,
  // openconfigsvr's own codes (setnospeaking, getnospeaking), as Tencent documents them.
  SETTING_BODY_NOT_JSON: 130001,
  GET_ACCOUNT_MISSING: 130002,
  GET_ACCOUNT_INVALID: 130003,
  SET_ACCOUNT_MISSING: 130004,
  SET_ACCOUNT_INVALID: 130005,
  C2C_TIME_INVALID: 130006,
  GROUP_TIME_INVALID: 130007,
  NO_TIME_GIVEN: 130008,
  SETTING_INTERNAL: 130014,
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * group_msg_recall's RetCode for one MsgSeq whose message is not there to recall (never sent, not
 * kept, or recalled already): Tencent's 10030. A per-message result, never an envelope's ErrorCode.
 */
export const RECALL_NOT_FOUND = 10030;

/**
 * A refusal that the caller should see as a Tencent envelope. Thrown anywhere
 * in the request path; the error boundary turns it into the envelope. Anything
 * else thrown is a bug and becomes 10002.
 */
export class ApiError extends Error {
  constructor(
    readonly code: Exclude<ErrorCodeValue, 0>,
    readonly info: string,
    /** The top-level body field a validation refusal is about, when there is one; `missing`: absent or null. */
    readonly field?: { readonly name: string; readonly missing: boolean },
  ) {
    super(info);
    this.name = "ApiError";
  }
}

/**
 * What every Durable Object RPC answers: its result, or a refusal as plain data.
 * Nothing is thrown across the RPC boundary: an unexpected fault inside an
 * object becomes the refusal 10002 there (see `answerOf`), logged where it happened.
 */
export type Refusal = { readonly refused: Exclude<ErrorCodeValue, 0>; readonly info: string };
export type Outcome<T> = ({ readonly refused?: undefined } & T) | Refusal;

/** The Outcome of a change with nothing to tell but that it happened. */
export type Done = Outcome<Record<string, never>>;

export function refuse(code: Exclude<ErrorCodeValue, 0>, info: string): Refusal {
  return { refused: code, info };
}

const INTERNAL_INFO = "internal error; safe to retry";

/** The refusal of a call that failed for a reason the caller cannot fix. */
export function internalFault(event: string, error: unknown): Refusal {
  log.fault(event, error);
  return refuse(ErrorCode.INTERNAL, INTERNAL_INFO);
}

/**
 * Runs one RPC method's work and answers its Outcome, turning anything it
 * throws (a storage fault, a bug) into 10002. `R` is an Outcome or a promise
 * of one; sync work stays sync, so the common call costs no promise.
 */
export function answerOf<R extends object>(method: string, work: () => R): R {
  const fault = (error: unknown) => internalFault(`${method}_failed`, error);
  try {
    const answer = work();
    return (answer instanceof Promise ? answer.catch(fault) : answer) as R;
  } catch (error) {
    return fault(error) as R;
  }
}

/** Unwraps an Outcome in the Worker (as the RPC stub types it): a refusal becomes an ApiError. */
export function accept<O extends { readonly refused?: number | undefined }>(
  outcome: O,
): Exclude<O, { readonly refused: number }> {
  if (outcome.refused !== undefined) {
    const refusal = outcome as unknown as Refusal;
    throw new ApiError(refusal.refused, refusal.info);
  }
  return outcome as Exclude<O, { readonly refused: number }>;
}
