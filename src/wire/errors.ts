/**
 * The one table of error codes this service answers with. Codes and their
 * meaning follow Tencent Cloud IM's REST API (SPEC.md, "Errors").
 */
export const ErrorCode = {
  OK: 0,
  INTERNAL: 10002,
  UNKNOWN_COMMAND: 10003,
  INVALID_PARAMETER: 10004,
  NOT_ALLOWED: 10007,
  GROUP_NOT_FOUND: 10010,
  GROUP_ID_MALFORMED: 10015,
  SENDER_MUTED: 10017,
  GROUP_ID_TAKEN: 10021,
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
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/** What each code means: the ErrorInfo where nothing more specific can be said. */
export const errorMeaning: Record<Exclude<ErrorCodeValue, 0>, string> = {
  10002: "internal error; safe to retry",
  10003: "unknown service or command",
  10004: "a field is missing, has the wrong type, or is out of range",
  10007: "not allowed for this group type or role",
  10010: "the group does not exist or was dismissed",
  10015: "the group ID is malformed",
  10017: "the sender is muted",
  10021: "the custom GroupId is already taken",
  60002: "the URL cannot be parsed",
  60003: "the body is not valid JSON, or not a JSON object",
  60006: "sdkappid is not a number, or no such app",
  60007: "the app's call rate for this command is over its limit",
  60010: "identifier is not an app admin of this app",
  60012: "sdkappid is missing",
  70001: "UserSig expired",
  70002: "UserSig missing or empty",
  70003: "UserSig cannot be decoded",
  70009: "UserSig signature does not match the app's key",
  70013: "UserSig was made for another identifier",
  70014: "UserSig was made for another sdkappid",
};

/**
 * A refusal that the caller should see as a Tencent envelope. Thrown anywhere
 * in the request path; the error boundary turns it into the envelope. Anything
 * else thrown is a bug and becomes 10002.
 */
export class ApiError extends Error {
  constructor(
    readonly code: Exclude<ErrorCodeValue, 0>,
    readonly info: string,
  ) {
    super(info);
    this.name = "ApiError";
  }
}

/** What crosses the RPC boundary from a Durable Object: plain data, never a thrown error. */
export type Refusal = { readonly refused: Exclude<ErrorCodeValue, 0>; readonly info: string };
export type Outcome<T> = ({ readonly refused?: undefined } & T) | Refusal;

export function refuse(code: Exclude<ErrorCodeValue, 0>, info: string): Refusal {
  return { refused: code, info };
}

/** Unwraps an Outcome in the Worker (as the RPC stub types it): a refusal becomes an ApiError. */
export function accept<O extends { readonly refused?: number | undefined }>(outcome: O): Exclude<O, { readonly refused: number }> {
  if (outcome.refused !== undefined) {
    const refusal = outcome as unknown as Refusal;
    throw new ApiError(refusal.refused, refusal.info);
  }
  return outcome as Exclude<O, { readonly refused: number }>;
}

/** For calls that answer null when done: a refusal becomes an ApiError. */
export function throwIfRefused(refusal: Refusal | null): void {
  if (refusal !== null) throw new ApiError(refusal.refused, refusal.info);
}
