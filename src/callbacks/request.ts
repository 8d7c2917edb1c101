import type { CallbackCommand, CallbackTarget } from "../auth/apps";
import { clock } from "../clock";

/** How long a receiver has to answer (Tencent's: 2 s); past it, the attempt failed. */
const CALLBACK_TIMEOUT_MS = 2000;

const encoder = new TextEncoder();

/** Hex SHA-256 of `text` (Web Crypto). */
async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
  let hex = "";
  for (const b of digest) hex += b.toString(16).padStart(2, "0");
  return hex;
}

/**
 * The URL of one callback request, as Tencent's third-party callbacks have it:
 * the receiver's URL with SdkAppid, CallbackCommand, contenttype, ClientIP and
 * OptPlatform, and with a token, RequestTime (Unix s) and Sign (hex SHA-256 of
 * token + RequestTime).
 */
export async function callbackUrl(
  target: CallbackTarget,
  sdkappid: number,
  command: CallbackCommand,
  clientIp = "",
): Promise<string> {
  const query = new URLSearchParams({
    SdkAppid: String(sdkappid),
    CallbackCommand: command,
    contenttype: "json",
    ClientIP: clientIp,
    OptPlatform: "RESTAPI",
  });
  if (target.token !== null) {
    const time = String(clock.nowSeconds());
    query.set("RequestTime", time);
    query.set("Sign", await sha256Hex(target.token + time));
  }
  return `${target.url}?${query}`;
}

/** What one attempt came to: the receiver's answer when it gave one (an object), and why not when it did not. */
export interface Attempt {
  /** HTTP status, or 0 when there was no response (refused, timed out). */
  status: number;
  /** The answer's JSON object, when it was one. */
  answer: Record<string, unknown> | null;
  ms: number;
  /** Why the attempt did not succeed, or null when the receiver answered OK (ErrorCode 0). */
  fault: string | null;
}

/** One POST of `body` to `url`, within CALLBACK_TIMEOUT_MS; never throws. */
export async function postCallback(url: string, body: string): Promise<Attempt> {
  const started = Date.now();
  try {
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
    });
    const text = await response.text();
    const ms = Date.now() - started;
    let answer: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
        answer = parsed as Record<string, unknown>;
      }
    } catch {
      // Not JSON: a fault below.
    }
    if (response.status !== 200) return { status: response.status, answer, ms, fault: `HTTP ${response.status}` };
    if (answer === null) return { status: 200, answer, ms, fault: "the answer is not a JSON object" };
    if (answer.ErrorCode !== 0) {
      return { status: 200, answer, ms, fault: `the receiver answered ErrorCode ${String(answer.ErrorCode)}` };
    }
    return { status: 200, answer, ms, fault: null };
  } catch (error) {
    const ms = Date.now() - started;
    const why = error instanceof Error && error.name === "TimeoutError" ? "no answer within 2 s" : String(error);
    return { status: 0, answer: null, ms, fault: why };
  }
}
