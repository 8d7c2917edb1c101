/**
 * The one log path: one JSON line per call, per alarm run and per fault. A line
 * never carries a key, a UserSig or a request body. Informational lines go to
 * stdout, faults to stderr, so that a log tail can split them.
 */
type Fields = Record<string, string | number | boolean | null>;

/** One line per REST call, written by the Worker's entry point. */
export interface CallLine {
  rid: string;
  sdkappid: number | null;
  command: string;
  code: number;
  /** Durable Object RPCs the Worker made for the call. */
  rpcs: number;
  ms: number;
}

export const log = {
  call(line: CallLine): void {
    console.log(JSON.stringify(line));
  },
  /** Something worth knowing that went as planned (a sweep run, a migration). */
  event(event: string, fields: Fields = {}): void {
    console.log(JSON.stringify({ event, ...fields }));
  },
  /** Something that should not have happened; `error` is whatever was thrown. */
  fault(event: string, error: unknown, fields: Fields = {}): void {
    const text = error instanceof Error ? (error.stack ?? error.message) : String(error);
    console.error(JSON.stringify({ event, ...fields, error: text }));
  },
};
