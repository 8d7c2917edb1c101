/** Calls to the service: POST /v4/{service}/{command} with the session's query string and a JSON body. */

export interface Session {
  sdkappid: number;
  identifier: string;
  usersig: string;
  /** Unix seconds, when the UserSig says. */
  expiresAt: number | null;
}

/** An answer: the envelope, then the command's fields. */
export type Answer = { ActionStatus?: string; ErrorCode?: number; ErrorInfo?: string } & Record<string, unknown>;

export interface Exchange {
  /** The request line, with the UserSig shortened: safe to show. */
  line: string;
  status: number;
  ms: number;
  /** The answer's text, and its JSON when it is JSON. */
  text: string;
  json: Answer | null;
}

const GROUP_SERVICE = "group_open_http_svc";

/** A refused or failed call, with the service's ErrorCode and ErrorInfo when it answered. */
export class CallError extends Error {
  constructor(
    readonly command: string,
    readonly code: number | null,
    readonly info: string,
  ) {
    super(code === null ? `${command}: ${info}` : `${command}: ErrorCode ${code}: ${info}`);
  }
}

/** How far the service's clock is ahead of this one, in ms: countdowns count on the service's clock. */
let skewMs = 0;
export const serverNow = (): number => (Date.now() + skewMs) / 1000;

const shorten = (usersig: string): string =>
  usersig.length > 16 ? `${usersig.slice(0, 8)}…${usersig.slice(-4)}` : "…";

export class Client {
  constructor(readonly session: Session) {}

  /** One call with a body as typed (the explorer's); never throws. */
  async exchange(path: string, body: string): Promise<Exchange> {
    const { sdkappid, identifier, usersig } = this.session;
    const random = String(crypto.getRandomValues(new Uint32Array(1))[0]);
    const query = (sig: string) =>
      new URLSearchParams({ sdkappid: String(sdkappid), identifier, usersig: sig, random, contenttype: "json" });
    // Shortened after encoding, so that the "…" shows as itself.
    const line = `POST ${path}?${query("SIG")}`.replace("usersig=SIG", `usersig=${shorten(usersig)}`);
    const started = performance.now();
    try {
      const response = await fetch(`${path}?${query(usersig)}`, {
        method: "POST",
        body,
        headers: { "content-type": "application/json" },
        cache: "no-store",
      });
      const text = await response.text();
      const ms = Math.round(performance.now() - started);
      learnSkew(response.headers.get("date"), ms);
      let json: Answer | null = null;
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) json = parsed as Answer;
      } catch {
        // not JSON: shown as text
      }
      return { line, status: response.status, ms, text, json };
    } catch (error) {
      const ms = Math.round(performance.now() - started);
      return { line, status: 0, ms, text: `network error: ${(error as Error).message}`, json: null };
    }
  }

  /** One call; answers the fields of a success, throws CallError for anything else. */
  async call(command: string, body: Record<string, unknown>, service = GROUP_SERVICE): Promise<Answer> {
    const x = await this.exchange(`/v4/${service}/${command}`, JSON.stringify(body));
    if (x.json === null) throw new CallError(command, null, x.status === 0 ? x.text : `HTTP ${x.status}: not JSON`);
    if (x.json.ErrorCode !== 0)
      throw new CallError(command, x.json.ErrorCode ?? null, x.json.ErrorInfo ?? "no ErrorInfo");
    return x.json;
  }
}

/** The Date header has 1 s resolution: a skew under 2 s is noise, and a quick answer is needed to trust it. */
function learnSkew(date: string | null, ms: number): void {
  const at = date === null ? Number.NaN : Date.parse(date);
  if (Number.isNaN(at) || ms > 1000) return;
  const skew = at + 500 - Date.now();
  skewMs = Math.abs(skew) < 2000 ? 0 : skew;
}

/** The service's clock as the live channel's State says it (Unix seconds), taken as the Date header is. */
export function learnServerTime(serverTime: number): void {
  learnSkew(new Date(serverTime * 1000).toUTCString(), 0);
}

/** The objects of an answer's array field; anything else in it is skipped. */
export function records(answer: Answer, key: string): Record<string, unknown>[] {
  const value = answer[key];
  return Array.isArray(value)
    ? value.filter((v): v is Record<string, unknown> => v !== null && typeof v === "object")
    : [];
}

export const str = (v: unknown): string => (typeof v === "string" ? v : v === undefined || v === null ? "" : String(v));
export const num = (v: unknown): number => (typeof v === "number" ? v : 0);
