import type { ErrorCodeValue } from "./errors";

/** Every answer is HTTP 200 with this envelope first, then the command's own fields. */
interface Envelope {
  ActionStatus: "OK" | "FAIL";
  ErrorCode: ErrorCodeValue;
  ErrorInfo: string;
}

const headers = { "content-type": "application/json; charset=utf-8" };

/** The answer of a command with no fields of its own (forbid_send_msg, the hottest call), serialized once. */
const OK_ALONE = JSON.stringify({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" });

/**
 * JSON text made elsewhere (by SQLite, for long lists), spliced into an answer
 * as it is: a list of 10,000 entries then costs no objects, no structured clone
 * over RPC and no JSON.stringify of them.
 */
export class RawJson {
  constructor(readonly text: string) {}
}

export function okResponse(fields: Record<string, unknown> = {}): Response {
  const keys = Object.keys(fields);
  if (keys.length === 0) return new Response(OK_ALONE, { status: 200, headers });
  let text = OK_ALONE.slice(0, -1);
  for (const key of keys) {
    const value = fields[key];
    const json = value instanceof RawJson ? value.text : (JSON.stringify(value) as string | undefined);
    if (json !== undefined) text += `,${JSON.stringify(key)}:${json}`;
  }
  return new Response(`${text}}`, { status: 200, headers });
}

export function failResponse(code: Exclude<ErrorCodeValue, 0>, info: string): Response {
  const body: Envelope = { ActionStatus: "FAIL", ErrorCode: code, ErrorInfo: info };
  return new Response(JSON.stringify(body), { status: 200, headers });
}
