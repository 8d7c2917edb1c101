import { clock } from "../clock";
import type { CallbackCommand, CallbackTarget } from "../wire/callbacks";
import { readCapped } from "../wire/read-capped";

/**
 * How long a receiver has to answer (Tencent's: 2 s), its body included; past
 * it, the attempt failed. The one signal covers both: in workerd, a fetch's
 * signal aborts the reading of its body too (a body that drips past it errors).
 */
const CALLBACK_TIMEOUT_MS = 2000;
/** The most of an answer that is read; a longer one is cancelled there, and the attempt failed. */
const MAX_ANSWER_BYTES = 64 * 1024;
/** How much of what a receiver sent (a Location, an ErrorCode, an ErrorInfo) a fault quotes. */
const QUOTE_CHARS = 100;
/** The most of an error's text a fault carries (a log line cuts any field there too). */
const MAX_FAULT_CHARS = 1024;
/** The header of the body signature (an extension): hex HMAC-SHA256 under the token of RequestTime "\n" body. */
const BODY_SIGN_HEADER = "X-Callback-Body-Sign";

const encoder = new TextEncoder();

const hex = (bytes: ArrayBuffer): string =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, "0")).join("");

/** Hex SHA-256 of `text` (Web Crypto). */
async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

/** Hex HMAC-SHA256 of `text` under `key` (Web Crypto). */
async function hmacHex(key: string, text: string): Promise<string> {
  const k = await crypto.subtle.importKey("raw", encoder.encode(key), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return hex(await crypto.subtle.sign("HMAC", k, encoder.encode(text)));
}

const cut = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max)}…`);

/** `value` as JSON (a receiver's field may be any JSON value), cut to QUOTE_CHARS. */
const quote = (value: unknown): string => cut(JSON.stringify(value) ?? String(value), QUOTE_CHARS);

/**
 * One callback request, as Tencent's third-party callbacks have it: the
 * receiver's URL with SdkAppid, CallbackCommand, contenttype, ClientIP (the IP
 * of the call that made the change; "" for the service's own, an expiry) and
 * OptPlatform, and with a token, RequestTime (Unix s) and Sign (hex SHA-256 of
 * token + RequestTime). With a token it also carries BODY_SIGN_HEADER, ours:
 * Tencent's Sign covers no body, and a leaked URL would sign any.
 */
async function callbackRequest(
  target: CallbackTarget,
  sdkappid: number,
  command: CallbackCommand,
  body: string,
  clientIp: string,
): Promise<{ url: string; headers: Record<string, string> }> {
  const query = new URLSearchParams({
    SdkAppid: String(sdkappid),
    CallbackCommand: command,
    contenttype: "json",
    ClientIP: clientIp,
    OptPlatform: "RESTAPI",
  });
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (target.token !== null) {
    const time = String(clock.nowSeconds());
    query.set("RequestTime", time);
    query.set("Sign", await sha256Hex(target.token + time));
    headers[BODY_SIGN_HEADER] = await hmacHex(target.token, `${time}\n${body}`);
  }
  return { url: `${target.url}?${query}`, headers };
}

/** What one attempt came to: the receiver's answer when it gave one (an object), and why not when it did not. */
export interface Attempt {
  /** HTTP status, or 0 when there was no response (refused, timed out). */
  status: number;
  /** The answer's JSON object, when it was one (and its status 200). */
  answer: Record<string, unknown> | null;
  ms: number;
  /** Why the attempt did not succeed (short: it quotes the receiver cut), or null when it answered ErrorCode 0. */
  fault: string | null;
}

/**
 * One POST of `body` to the receiver of `target`, within CALLBACK_TIMEOUT_MS,
 * never throws. A redirect is a failed attempt, never followed: it would send
 * the event, and its signatures, where the app did not say.
 */
export async function postCallback(
  target: CallbackTarget,
  sdkappid: number,
  command: CallbackCommand,
  body: string,
  clientIp = "",
): Promise<Attempt> {
  const started = Date.now();
  const { url, headers } = await callbackRequest(target, sdkappid, command, body, clientIp);
  const failed = (status: number, fault: string): Attempt => ({
    status,
    answer: null,
    ms: Date.now() - started,
    fault,
  });
  try {
    const response = await fetch(url, {
      method: "POST",
      headers,
      body,
      redirect: "manual",
      signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
    });
    const { status } = response;
    if (status !== 200) {
      await response.body?.cancel().catch(() => {});
      if (status < 300 || status >= 400) return failed(status, `HTTP ${status}`);
      const location = response.headers.get("location");
      return failed(
        status,
        `HTTP ${status}: a redirect to ${location === null ? "nowhere" : quote(location)}, not followed`,
      );
    }
    const bytes = await readCapped(response.body, MAX_ANSWER_BYTES);
    if (bytes === null) return failed(status, `the answer is over ${MAX_ANSWER_BYTES / 1024} KB`);
    let answer: Record<string, unknown> | null = null;
    try {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(bytes));
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) {
        answer = parsed as Record<string, unknown>;
      }
    } catch {
      // Not JSON: a fault below.
    }
    const ms = Date.now() - started;
    if (answer === null) return { status, answer, ms, fault: "the answer is not a JSON object" };
    if (answer.ErrorCode !== 0) {
      const info = answer.ErrorInfo === undefined || answer.ErrorInfo === "" ? "" : `: ${quote(answer.ErrorInfo)}`;
      return { status, answer, ms, fault: `the receiver answered ErrorCode ${quote(answer.ErrorCode)}${info}` };
    }
    return { status, answer, ms, fault: null };
  } catch (error) {
    const timedOut = error instanceof Error && error.name === "TimeoutError";
    return failed(0, timedOut ? "no answer within 2 s" : cut(String(error), MAX_FAULT_CHARS));
  }
}
