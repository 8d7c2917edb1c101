/**
 * The one log path: one JSON line per call, per alarm run and per fault. A line
 * never carries a key, a UserSig or a request body, nor a string field over
 * 1 KB (cut here, whoever the caller). Informational lines go to
 * stdout, faults to stderr, so that a log tail can split them.
 */
type Fields = Record<string, string | number | boolean | null>;

/** The most a string field takes of a line, in UTF-8 bytes once JSON-escaped: 1 KB. */
const MAX_FIELD_BYTES = 1024;

/**
 * `text` cut to MAX_FIELD_BYTES, marked with its full length. A field may
 * quote what a caller or a receiver sent (an error's text, a fault): the cut
 * is here, so that no caller can forget it. A character is counted as JSON
 * and UTF-8 write it (a control character as \u0000, CJK as 3 bytes).
 */
function cut(text: string): string {
  let bytes = 0;
  let end = 0;
  for (; end < text.length; end++) {
    const c = text.charCodeAt(end);
    bytes += c < 0x20 ? 6 : c === 0x22 || c === 0x5c ? 2 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    if (bytes > MAX_FIELD_BYTES) break;
  }
  if (end === text.length) return text;
  // Not half a surrogate pair.
  if (end > 0 && (text.charCodeAt(end - 1) & 0xfc00) === 0xd800) end -= 1;
  return `${text.slice(0, end)}… (${text.length} chars)`;
}

/** `event` and `fields`, each string cut. */
function render(event: string, fields: Fields): string {
  const out: Fields = { event };
  for (const [k, v] of Object.entries(fields)) out[k] = typeof v === "string" ? cut(v) : v;
  return JSON.stringify(out);
}

/** One line per REST call, written by the Worker's entry point. */
export interface CallLine {
  rid: string;
  sdkappid: number | null;
  command: string;
  code: number;
  /** Durable Object RPCs on the call's path (the round trips its caller waits for). */
  rpcs: number;
  /** SQLite rows read and written by the call's RPCs, over every object. */
  rowsRead: number;
  rowsWritten: number;
  /** Lease renewals the call sent off its path. */
  leaseRpcs: number;
  ms: number;
}

export const log = {
  call(line: CallLine): void {
    // The command is the URL's last segment, as long as the caller made it.
    console.log(JSON.stringify({ ...line, command: cut(line.command) }));
  },
  /** Something worth knowing that went as planned (a sweep run, a migration). */
  event(event: string, fields: Fields = {}): void {
    console.log(render(event, fields));
  },
  /** Something that should not have happened; `error` is whatever was thrown. */
  fault(event: string, error: unknown, fields: Fields = {}): void {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(render(event, { ...fields, error: text }));
  },
};
