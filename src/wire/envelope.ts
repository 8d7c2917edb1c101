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
 * JSON made elsewhere (by SQLite, for long lists), spliced into an answer as
 * it is: a list of 10,000 entries then costs no objects, no structured clone
 * over RPC and no JSON.stringify of them. Long answers come as UTF-8 bytes:
 * workerd moves bytes over RPC and into a body far cheaper than a string
 * (a 1.2 MB answer: 0.9 against 6.5 ms of CPU, docs/benchmarks.md).
 */
export class RawJson {
  constructor(readonly json: string | Uint8Array) {}
}

const utf8 = new TextEncoder();

export function okResponse(fields: Record<string, unknown> = {}): Response {
  const keys = Object.keys(fields);
  if (keys.length === 0) return new Response(OK_ALONE, { status: 200, headers });
  // The answer as text runs with UTF-8 runs between them, where a field is bytes.
  const parts: (string | Uint8Array)[] = [];
  let text = OK_ALONE.slice(0, -1);
  for (const key of keys) {
    const value = fields[key];
    const json = value instanceof RawJson ? value.json : (JSON.stringify(value) as string | undefined);
    if (json === undefined) continue;
    text += `,${JSON.stringify(key)}:`;
    if (typeof json === "string") {
      text += json;
    } else {
      parts.push(text, json);
      text = "";
    }
  }
  text += "}";
  if (parts.length === 0) return new Response(text, { status: 200, headers });
  parts.push(text);
  return new Response(concatUtf8(parts), { status: 200, headers });
}

/** One body of text and byte runs, each copied once. */
function concatUtf8(parts: readonly (string | Uint8Array)[]): Uint8Array {
  const chunks = parts.map((p) => (typeof p === "string" ? utf8.encode(p) : p));
  const body = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    body.set(c, at);
    at += c.byteLength;
  }
  return body;
}

export function failResponse(code: Exclude<ErrorCodeValue, 0>, info: string): Response {
  const body: Envelope = { ActionStatus: "FAIL", ErrorCode: code, ErrorInfo: info };
  return new Response(JSON.stringify(body), { status: 200, headers });
}
