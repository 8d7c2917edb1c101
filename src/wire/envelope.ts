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

export function okResponse(fields: Record<string, unknown> = {}): Response {
  const text =
    Object.keys(fields).length === 0
      ? OK_ALONE
      : JSON.stringify({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "", ...fields });
  return new Response(text, { status: 200, headers });
}

export function failResponse(code: Exclude<ErrorCodeValue, 0>, info: string): Response {
  const body: Envelope = { ActionStatus: "FAIL", ErrorCode: code, ErrorInfo: info };
  return new Response(JSON.stringify(body), { status: 200, headers });
}
