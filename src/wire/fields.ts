import { z } from "zod";
import { ErrorCode } from "./errors";

/** Field shapes shared by several commands (docs/api.md, "Limits"). */

export const UINT32_MAX = 4294967295;
const encoder = new TextEncoder();
export const byteLength = (s: string): number => encoder.encode(s).byteLength;

/**
 * True when `s` is 1..max bytes of UTF-8, encoding only when the length alone
 * cannot tell (a UTF-16 unit is 1 to 3 bytes): 500 accounts a call add up.
 */
export const fitsBytes = (s: string, max: number): boolean =>
  s.length > 0 && (s.length * 3 <= max || (s.length <= max && byteLength(s) <= max));

const describe = (input: unknown): string =>
  input === null ? "null" : Array.isArray(input) ? "an array" : typeof input;

/** What a missing field's ErrorInfo says (validate tells a missing field from a wrong one by it). */
export const REQUIRED = "is required";

/** Zod's own texts say "expected string, received undefined"; callers read "is required". */
const typed = (expected: string) => ({
  error: (issue: { input?: unknown }) =>
    issue.input === undefined ? REQUIRED : `must be ${expected}, not ${describe(issue.input)}`,
});

/** A UTF-16 surrogate without its pair: not text, and SQLite would store it as U+FFFD bytes. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Every string field. Strings must be well-formed Unicode: a lone surrogate
 * would be stored as something else than what was sent, so that the account
 * read back is not the account written.
 */
export const requiredString = () =>
  z.string(typed("a string")).refine((s) => !LONE_SURROGATE.test(s), {
    error: "must be well-formed Unicode (it has a lone surrogate)",
    abort: true,
  });

export const uint32 = () =>
  z
    .number(typed("a number"))
    .int({ error: "must be an integer" })
    .min(0, { error: "must not be negative" })
    .max(UINT32_MAX, { error: `must be at most ${UINT32_MAX}` });

/** Tencent's limit on an account ID (an identifier), in bytes of UTF-8. */
const MAX_ACCOUNT_BYTES = 32;

/**
 * Unicode's Cc: the C0 controls U+0000-U+001F, DEL and the C1 controls U+0080-U+009F. A UserSig
 * signs its fields as lines, so a newline in an identifier let one genuine UserSig be re-cut
 * into another (docs/design.md, "Check order").
 */
const CONTROL_CHARACTER = /\p{Cc}/u;

/** Why `s` has a control character, or null when it has none. */
export function controlCharacterFault(s: string): string | null {
  const control = CONTROL_CHARACTER.exec(s);
  if (control === null) return null;
  const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0");
  return `must not contain control characters (it has U+${code} at index ${control.index})`;
}

/** Why `s` is no account ID (an identifier, anywhere in the API), or null when it is one. */
export const accountIdFault = (s: string): string | null =>
  fitsBytes(s, MAX_ACCOUNT_BYTES) ? controlCharacterFault(s) : `must be 1 to ${MAX_ACCOUNT_BYTES} bytes`;

/** Account IDs are 1..32 bytes of UTF-8 without a control character. */
export const account = () =>
  requiredString()
    .refine((s) => accountIdFault(s) === null, { error: (issue) => accountIdFault(issue.input as string) ?? "" })
    .meta({ description: `An account ID: 1 to ${MAX_ACCOUNT_BYTES} bytes of UTF-8, no control characters` });

/** Text of at most `max` bytes of UTF-8, empty allowed. */
export const textUpTo = (max: number) =>
  requiredString().refine((s) => s.length === 0 || fitsBytes(s, max), { error: `must be at most ${max} bytes` });

const PRINTABLE = /^[\x21-\x7e]+$/;
export const GENERATED_PREFIX = "@TGS#";
/** Every Community's GroupId starts so (Tencent requires it of custom ones too). */
export const COMMUNITY_PREFIX = "@TGS#_";
/** What a generated Community ID has after COMMUNITY_PREFIX: a custom one may not. */
export const GENERATED_COMMUNITY_PREFIX = "@TGS#_@TGS#";

/** True when `id` can name a group at all: 1..48 bytes of printable ASCII. */
export function isGroupIdShape(id: string): boolean {
  return id.length >= 1 && id.length <= 48 && PRINTABLE.test(id);
}

/** A GroupId naming an existing group; a malformed one is 10015, not 10004. */
export const groupId = () =>
  requiredString()
    .refine(isGroupIdShape, {
      error: "must be 1 to 48 bytes of printable ASCII without spaces",
      params: { code: ErrorCode.GROUP_ID_MALFORMED },
    })
    .meta({ description: "1 to 48 bytes of printable ASCII without spaces", pattern: "^[\\x21-\\x7e]{1,48}$" });

/** The longest TopicId: the GroupId, "@TOPIC#_" and the custom part together (Tencent's limit). */
const MAX_TOPIC_ID_BYTES = 96;
const TOPIC_ID_SHAPE =
  `the GroupId, "@TOPIC#_" and a custom part: at most ${MAX_TOPIC_ID_BYTES} bytes of printable ASCII` as const;

/**
 * A TopicId: GroupId + "@TOPIC#_" + a custom or generated part, 1..96 bytes of
 * printable ASCII. Whether it is of the call's group the group object checks.
 */
export const topicId = () =>
  requiredString()
    .refine((id) => id.length <= MAX_TOPIC_ID_BYTES && PRINTABLE.test(id) && id.includes("@TOPIC#_"), {
      error: `must be ${TOPIC_ID_SHAPE}`,
    })
    .meta({ description: TOPIC_ID_SHAPE });

/** A list of accounts, duplicates allowed on the wire and counted once. */
export const accountList = (max: number) =>
  z
    .array(account(), typed("an array of account strings"))
    .min(1, { error: "must name at least one account" })
    .max(max, { error: `must name at most ${max} accounts` })
    .transform((list) => [...new Set(list)]);

/**
 * A field of our own, beyond Tencent's: marked `x-extension` in /openapi.json. Its
 * metadata lives in zod's registry, so parsing costs the same.
 */
export const extension = <T extends z.ZodType>(schema: T, description: string): T =>
  schema.meta({ "x-extension": true, description });

/** The Reason extension's longest reason, in bytes of UTF-8. */
const MAX_REASON_BYTES = 256;

/** The Reason extension: why an account is muted; kept with the mute, answered in the lists and the 10017. */
export const muteReason = () =>
  extension(textUpTo(MAX_REASON_BYTES), `Extension: why (at most ${MAX_REASON_BYTES} bytes), kept with the mute`);

export const onOff = () =>
  z.enum(["On", "Off"], { error: (i) => (i.input === undefined ? "is required" : 'must be "On" or "Off"') });
