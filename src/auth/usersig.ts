import { z } from "zod";
import { BoundedMap } from "../memory/bounded-map";
import { ApiError, ErrorCode } from "../wire/errors";
import { accountIdFault, controlCharacterFault } from "../wire/fields";
import { readCapped } from "../wire/read-capped";
import { strictUtf8 } from "../wire/utf8";

/**
 * UserSig v2 verification (docs/api.md, "UserSig v2"), in the order that does the
 * least work for a forgery: length, base64, bounded inflate, JSON shape,
 * sdkappid, identifier, expiry, and only then HMAC-SHA256.
 */

/** A real UserSig is a few hundred characters; anything this long is not inflated at all. */
const MAX_USERSIG_CHARS = 4096;
/** The inflated document is refused past this, so a zlib bomb costs nothing. */
const MAX_INFLATED_BYTES = 16 * 1024;

const undecodable = (why: string) => new ApiError(ErrorCode.USERSIG_UNDECODABLE, `usersig cannot be decoded: ${why}`);

/**
 * The signed fields are joined as lines, so the signed text must have one reading only: an
 * identifier or userbuf with a newline could move signed text from one field into another
 * (docs/design.md, "Check order"), hence no control characters in either.
 */
const refusing = (fault: (s: string) => string | null) =>
  z.string().refine((s) => fault(s) === null, { error: (issue) => fault(issue.input as string) ?? "" });

/** The numbers as every official generator writes them: JSON numbers of plain digits, exact as doubles. */
const integer = z
  .number()
  .int({ error: `must be an integer of at most ${Number.MAX_SAFE_INTEGER}` })
  .min(0);
const NUMERIC_FIELDS: ReadonlySet<string> = new Set(["TLS.sdkappid", "TLS.time", "TLS.expire"]);
const CANONICAL_DIGITS = /^(?:0|[1-9]\d*)$/;

/** What the reviver leaves in place of a number of NUMERIC_FIELDS not written as plain digits (1e9, 1.0, -0). */
const NOT_PLAIN = Symbol("not plain digits");

/** Keeps a numeric field only as its source text reads: JSON.parse hands the reviver each primitive's source. */
function plainNumbers(key: string, value: unknown, context?: { source?: string }): unknown {
  if (typeof value !== "number" || !NUMERIC_FIELDS.has(key)) return value;
  return context?.source !== undefined && CANONICAL_DIGITS.test(context.source) ? value : NOT_PLAIN;
}

const SigDocument = z.object({
  "TLS.ver": z.literal("2.0"),
  "TLS.identifier": refusing(accountIdFault),
  "TLS.sdkappid": integer,
  "TLS.time": integer,
  "TLS.expire": integer,
  "TLS.userbuf": refusing(controlCharacterFault).optional(),
  "TLS.sig": z.string(),
});

/** Verifies `usersig` for the expected app and identifier; answers until when (Unix s) it is valid. */
export async function verifyUserSig(
  usersig: string,
  expected: { sdkappid: number; identifier: string; key: string; nowSeconds: number },
): Promise<number> {
  if (usersig.length > MAX_USERSIG_CHARS) throw undecodable(`it is longer than ${MAX_USERSIG_CHARS} characters`);
  const compressed = decodeTencentBase64(usersig);
  if (compressed === null) throw undecodable("it is not base64 in the UserSig alphabet");
  const text = await inflate(compressed);
  let json: unknown;
  try {
    json = JSON.parse(text, plainNumbers);
  } catch {
    throw undecodable("the inflated content is not JSON");
  }
  const doc = SigDocument.safeParse(json);
  if (!doc.success) throw undecodable(documentFault(json, doc.error.issues[0]));
  const d = doc.data;

  if (d["TLS.sdkappid"] !== expected.sdkappid) {
    throw new ApiError(
      ErrorCode.USERSIG_WRONG_SDKAPPID,
      `usersig was made for sdkappid ${d["TLS.sdkappid"]}, not ${expected.sdkappid}`,
    );
  }
  if (d["TLS.identifier"] !== expected.identifier) {
    throw new ApiError(
      ErrorCode.USERSIG_WRONG_IDENTIFIER,
      "usersig was made for another identifier than the identifier query parameter",
    );
  }
  const validUntil = d["TLS.time"] + d["TLS.expire"];
  if (expected.nowSeconds > validUntil) {
    throw new ApiError(
      ErrorCode.USERSIG_EXPIRED,
      `usersig expired at ${validUntil} (Unix seconds); generate a new one`,
    );
  }

  let content =
    `TLS.identifier:${d["TLS.identifier"]}\n` +
    `TLS.sdkappid:${d["TLS.sdkappid"]}\n` +
    `TLS.time:${d["TLS.time"]}\n` +
    `TLS.expire:${d["TLS.expire"]}\n`;
  if (d["TLS.userbuf"] !== undefined) content += `TLS.userbuf:${d["TLS.userbuf"]}\n`;

  const signature = decodeStandardBase64(d["TLS.sig"]);
  // subtle.verify compares in constant time.
  const valid =
    signature !== null &&
    (await crypto.subtle.verify("HMAC", await hmacKey(expected.key), signature, new TextEncoder().encode(content)));
  if (!valid)
    throw new ApiError(ErrorCode.USERSIG_BAD_SIGNATURE, "usersig signature does not match the app's secret key");

  return validUntil;
}

/** The first fault of the document, by field: what is wrong, never the value. */
function documentFault(json: unknown, issue: z.core.$ZodIssue | undefined): string {
  const field = issue?.path[0];
  if (field === undefined) return "the inflated content is not a JSON object";
  const value = (json as Record<PropertyKey, unknown>)[field];
  if (NUMERIC_FIELDS.has(String(field)) && value !== undefined && issue?.code !== "too_big") {
    return `field ${String(field)} must be a JSON number in plain digits (no sign, fraction, exponent or leading zero)`;
  }
  const why = issue?.code === "custom" || issue?.code === "too_big" ? issue.message : "is missing or malformed";
  return `field ${String(field)} ${why}`;
}

/** `+ / =` travel as `* - _` so that a UserSig fits a query string unescaped. */
function decodeTencentBase64(s: string): Uint8Array<ArrayBuffer> | null {
  if (!/^[A-Za-z0-9*\-_]+$/.test(s)) return null;
  return decodeStandardBase64(s.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "="));
}

function decodeStandardBase64(s: string): Uint8Array<ArrayBuffer> | null {
  try {
    const binary = atob(s);
    const out = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** zlib inflate of any compression level (stored blocks included), stopped at the size cap. */
async function inflate(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
  let joined: Uint8Array | null;
  try {
    joined = await readCapped(stream, MAX_INFLATED_BYTES);
  } catch {
    throw undecodable("it is not a zlib stream");
  }
  if (joined === null) throw undecodable(`the inflated content is over ${MAX_INFLATED_BYTES} bytes`);
  try {
    return strictUtf8.decode(joined);
  } catch {
    throw undecodable("the inflated content is not UTF-8");
  }
}

/**
 * Imported HMAC keys by secret: importKey once per app per isolate. Secrets come
 * from the configuration, not from callers, but the memory is bounded all the same.
 */
const keys = new BoundedMap<string, Promise<CryptoKey>>(1024);

function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keys.get(secret);
  if (key === undefined) {
    key = crypto.subtle.importKey("raw", new TextEncoder().encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "verify",
    ]);
    keys.set(secret, key);
  }
  return key;
}
