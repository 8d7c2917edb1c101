import { ApiError, ErrorCode } from "./errors";
import { readCapped } from "./read-capped";
import { strictUtf8 } from "./utf8";

/** Bodies over this are refused before any parsing (SPEC.md, "Limits"). */
export const MAX_BODY_BYTES = 1024 * 1024;

const tooLarge = () => new ApiError(ErrorCode.INVALID_PARAMETER, `request body is over ${MAX_BODY_BYTES} bytes`);

/**
 * Reads the body's bytes. The size cap holds whether or not the caller sent
 * Content-Length: a chunked body is counted as it streams and dropped at the cap.
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
    await request.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  const bytes = await readCapped(request.body, MAX_BODY_BYTES);
  if (bytes === null) throw tooLarge();
  return bytes;
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
    value = JSON.parse(text);
  } catch {
    throw new ApiError(ErrorCode.BODY_NOT_JSON, text.trim() === "" ? "request body is empty; a JSON object is required" : "request body is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ApiError(ErrorCode.BODY_NOT_JSON, "request body must be a JSON object");
  }
  return value as Record<string, unknown>;
}
