import { z } from "zod";
import { ApiError, ErrorCode, type ErrorCodeValue } from "./errors";
import { fitsBytes, requiredString, topicId, uint32 } from "./fields";
import { MsgBody } from "./msg-elements";
import { validate } from "./validate";

/**
 * The live channel's wire (SPEC.md, "Live channel"): what a client sends, the
 * Error frame, and how a refused connect ends. The frames the server pushes are
 * built where their changes happen (src/group/live-frames.ts).
 */

/** The largest frame a client may send. */
const MAX_CLIENT_FRAME_BYTES = 64 * 1024;

/** The close code of a refused connect: an application code (4000-4999), as SPEC.md asks. */
const REFUSED_CLOSE = 4000;

/** A client's Send: through exactly send_group_msg's gate, with the socket's account as From_Account. */
const SendFrame = z.object({
  Type: z.literal("Send", { error: 'must be "Send"' }),
  Random: uint32(),
  MsgBody,
  TopicId: topicId().optional(),
  // As send_group_msg's: well-formed text (a lone surrogate is 10004, not stored).
  CloudCustomData: requiredString().optional(),
});
export type SendFrame = z.output<typeof SendFrame>;

/** An Error frame: what the server could not take, or why it refused the connect. */
export const errorFrame = (code: Exclude<ErrorCodeValue, 0>, info: string): string =>
  JSON.stringify({ Type: "Error", ErrorCode: code, ErrorInfo: info });

/**
 * A client's text frame as a Send, or the Error frame to answer instead (the
 * socket stays open): binary, over 64 KB, not JSON, not a known Type, a bad field.
 */
export function readClientFrame(data: string | ArrayBuffer): SendFrame | string {
  if (typeof data !== "string")
    return errorFrame(ErrorCode.BODY_NOT_JSON, "binary frames are not taken; send JSON text");
  // In bytes of UTF-8, as the Error says: 22,000 CJK characters are 66,000 bytes.
  if (data.length > 0 && !fitsBytes(data, MAX_CLIENT_FRAME_BYTES)) {
    return errorFrame(ErrorCode.INVALID_PARAMETER, `a frame is at most ${MAX_CLIENT_FRAME_BYTES} bytes`);
  }
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return errorFrame(ErrorCode.BODY_NOT_JSON, "the frame is not valid JSON");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return errorFrame(ErrorCode.BODY_NOT_JSON, "the frame must be a JSON object");
  }
  const type = (value as { Type?: unknown }).Type;
  if (type !== "Send")
    return errorFrame(
      ErrorCode.INVALID_PARAMETER,
      `Type: ${JSON.stringify(type) ?? "absent"} is not a frame a client sends; use "Send"`,
    );
  try {
    return validate(SendFrame, value);
  } catch (error) {
    if (error instanceof ApiError) return errorFrame(error.code, error.info);
    throw error;
  }
}

/**
 * The answer to a connect that is refused: the socket is accepted, gets one
 * Error frame and is closed with REFUSED_CLOSE, so that a browser client sees
 * why (a plain HTTP refusal of an upgrade reaches it as a bare failure).
 */
export function refusedSocket(code: Exclude<ErrorCodeValue, 0>, info: string): Response {
  const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
  server.accept();
  server.send(errorFrame(code, info));
  server.close(REFUSED_CLOSE, `refused: ${code}`);
  return new Response(null, { status: 101, webSocket: client });
}
