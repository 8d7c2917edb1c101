import { ApiError, ErrorCode } from "./errors";
import { readCapped } from "./read-capped";
import { strictUtf8 } from "./utf8";

/** Bodies over this are refused before any parsing (docs/api.md, "Limits"). */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A refused body is still read to its end and thrown away, up to about this
 * much in all, so that its keep-alive connection can carry the caller's next
 * call. workerd's HTTP server keeps a connection only if at most 64 KiB of a
 * request body was left unread (KJ's canceled-upload grace); past that it
 * drops the connection, and under `wrangler dev` the next call on it then
 * fails with 503 "Your worker restarted mid-request". Cancelling the body
 * leaves it unread all the same. 100 MiB covers Cloudflare's request body
 * limit on the Free and Pro plans (100 MB), so there every refused body is
 * drained; a longer one is cancelled, and that connection is lost.
 */
const MAX_DRAIN_BYTES = 100 * 1024 * 1024;

/**
 * Read size when draining: a BYOB read of at least this much is one JS turn per
 * 256 KiB, where the default reader takes one per 4 KiB chunk. Measured under
 * `wrangler dev`, draining 100 MiB cost the worker's workerd process about
 * 120 ms of CPU this way, and about 650 ms with the default reader.
 */
const DRAIN_READ_BYTES = 256 * 1024;

/** The longest a refused body is drained for: a caller that sends slower than that loses its connection. */
const DRAIN_DEADLINE_MS = 10_000;

const tooLarge = () => new ApiError(ErrorCode.INVALID_PARAMETER, `request body is over ${MAX_BODY_BYTES} bytes`);

/**
 * Reads the body's bytes. The size cap holds whether or not the caller sent
 * Content-Length: a chunked body is counted as it streams and refused at the cap.
 * A refused body is drained (see MAX_DRAIN_BYTES), never merely cancelled.
 * Not an async function: the usual body (with a Content-Length within the cap)
 * is the runtime's own promise, with no wrapper promise around it.
 */
export function readBody(request: Request): Promise<ArrayBuffer | Uint8Array> {
  const declared = request.headers.get("content-length");
  // With a Content-Length within the cap, the runtime's framing bounds the body: read it natively.
  if (declared !== null && /^\d+$/.test(declared) && Number(declared) <= MAX_BODY_BYTES) return request.arrayBuffer();
  return readUncertainBody(request, declared);
}

async function readUncertainBody(request: Request, declared: string | null): Promise<Uint8Array> {
  if (declared !== null && Number(declared) > MAX_BODY_BYTES) {
    // A declared length past the drain limit is not read at all: it would be cut off anyway.
    await discard(request.body, Number(declared) <= MAX_DRAIN_BYTES ? MAX_DRAIN_BYTES : 0);
    throw tooLarge();
  }
  const bytes = await readCapped(request.body, MAX_BODY_BYTES, "release");
  if (bytes === null) {
    await discard(request.body, MAX_DRAIN_BYTES - MAX_BODY_BYTES);
    throw tooLarge();
  }
  return bytes;
}

/**
 * Reads what is left of a refused body and throws it away; past `budget` more
 * bytes, cancels the rest instead. Never throws: a body that fails midway
 * leaves nothing to keep.
 */
async function discard(body: ReadableStream<Uint8Array> | null, budget: number): Promise<void> {
  if (body === null) return;
  try {
    if (budget <= 0) return await body.cancel();
    const reader = byobReader(body) ?? body.getReader();
    const byob = reader instanceof ReadableStreamBYOBReader;
    // A caller that trickles its bytes is not waited for: past the deadline the rest is cancelled.
    const deadline = setTimeout(() => void reader.cancel().catch(() => {}), DRAIN_DEADLINE_MS);
    try {
      let buffer = new ArrayBuffer(byob ? DRAIN_READ_BYTES : 0);
      for (let left = budget; ; ) {
        const { done, value } = byob
          ? await reader.readAtLeast(DRAIN_READ_BYTES, new Uint8Array(buffer))
          : await reader.read();
        if (done) return;
        left -= value.byteLength;
        if (left < 0) return await reader.cancel();
        if (byob) buffer = value.buffer as ArrayBuffer; // the read transferred it: read into it again
      }
    } finally {
      clearTimeout(deadline);
    }
  } catch {
    // The body failed or was cancelled: nothing is left to drain.
  }
}

/** A BYOB reader, or null for a body that is no byte stream (one an in-process caller made in JS). */
function byobReader(body: ReadableStream<Uint8Array>): ReadableStreamBYOBReader | null {
  try {
    return body.getReader({ mode: "byob" });
  } catch {
    return null;
  }
}

/**
 * A member whose value is JSON null is absent, in every object of every body:
 * Tencent's published SDKs send null for each optional field they do not set.
 * A required field sent as null is then missing (10004 "is required"). A null
 * inside an array is a value, and stays (it is refused where it is wrong).
 */
function dropNullMembers(this: unknown, _key: string, value: unknown): unknown {
  return value === null && !Array.isArray(this) ? undefined : value;
}

/** The body's bytes as a JSON object, or the error a caller should get for them. */
export function parseJsonObject(bytes: ArrayBuffer | Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    throw new ApiError(ErrorCode.BODY_NOT_JSON, "request body is not valid UTF-8");
  }
  let value: unknown;
  try {
    // Only a body that may hold a null pays for the reviver (mute_500 parses 500 strings per call).
    value = text.includes("null") ? JSON.parse(text, dropNullMembers) : JSON.parse(text);
  } catch {
    throw new ApiError(
      ErrorCode.BODY_NOT_JSON,
      text.trim() === "" ? "request body is empty; a JSON object is required" : "request body is not valid JSON",
    );
  }
  // PHP's zishang520/tim sends an empty PHP array, `[]`, for a call without fields: it is `{}`.
  if (Array.isArray(value) && value.length === 0) return {};
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ApiError(ErrorCode.BODY_NOT_JSON, "request body must be a JSON object");
  }
  return value as Record<string, unknown>;
}
