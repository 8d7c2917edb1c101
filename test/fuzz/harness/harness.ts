/**
 * Counting and checking: reading an answer within its cost bounds, the envelope, the code's class, and
 * running a property.
 */

import fc from "fast-check";
import { sqlRows } from "../../../src/sql";
import type { Answer } from "../../helpers";

// ---------------------------------------------------------------------------------------------
// Counting and checking

let generatedCases = 0;
/** Generated requests sent so far in this isolate (each property case is one request). */
export const caseCount = (): number => generatedCases;

/** ErrorCodes answered to generated requests, by code, since the last `takeCodeCounts`. */
export let codeCounts = new Map<number, number>();
export function takeCodeCounts(): string {
  const out = [...codeCounts]
    .sort((a, b) => a[0] - b[0])
    .map(([code, n]) => `${code}×${n}`)
    .join(" ");
  codeCounts = new Map();
  return out;
}

export const encoder = new TextEncoder();
export const byteLength = (s: string): number => encoder.encode(s).byteLength;

/** A short, printable description of a body for failure messages. */
export function show(value: unknown, max = 400): string {
  let text: string;
  try {
    text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

export class PropertyFailure extends Error {
  override name = "PropertyFailure";
}

/**
 * What one generated call may cost, whatever its body (under 1 MiB): an answer of at most 10 MB,
 * and at most this many rows read by the group objects: a whole member page (6,000 members, each
 * read with its mute), or ten rows for each of the 500 accounts a call may name, with room to
 * spare. The fuzz world's groups grow to a few thousand members; a call that reads more than this
 * scans something it should not (a whole history, every member per account).
 */
const MAX_ANSWER_BYTES = 10_000_000;
const MAX_ROWS_READ = 20_000;
/** The group objects' rows read when the last answer arrived (calls here run one at a time). */
let rowsReadBefore = sqlRows.read;
export const mostRowsRead = { rows: 0, what: "" };

/** Reads one answer and checks the transport, the envelope and the cost; answers it parsed. */
export async function readAnswer(response: Response, what: string): Promise<Answer> {
  const text = await response.text();
  const rowsRead = sqlRows.read - rowsReadBefore;
  rowsReadBefore = sqlRows.read;
  if (rowsRead > mostRowsRead.rows && !what.startsWith("setup ")) Object.assign(mostRowsRead, { rows: rowsRead, what });
  if (text.length > MAX_ANSWER_BYTES) throw new PropertyFailure(`${what}: an answer of ${text.length} characters`);
  if (rowsRead > MAX_ROWS_READ && !what.startsWith("setup ")) {
    throw new PropertyFailure(`${what}: read ${rowsRead} rows (at most ${MAX_ROWS_READ})`);
  }
  if (response.status !== 200) throw new PropertyFailure(`${what}: HTTP ${response.status} (want 200): ${show(text)}`);
  const type = response.headers.get("content-type") ?? "";
  if (!type.startsWith("application/json"))
    throw new PropertyFailure(`${what}: content-type ${JSON.stringify(type)}: ${show(text)}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PropertyFailure(`${what}: the answer is not JSON: ${show(text)}`);
  }
  checkEnvelope(parsed, what);
  if (!what.startsWith("setup ")) codeCounts.set(parsed.ErrorCode, (codeCounts.get(parsed.ErrorCode) ?? 0) + 1);
  return parsed;
}

function checkEnvelope(answer: unknown, what: string): asserts answer is Answer {
  const bad = (why: string) => new PropertyFailure(`${what}: ${why}: ${show(answer)}`);
  if (typeof answer !== "object" || answer === null || Array.isArray(answer))
    throw bad("the answer is not a JSON object");
  const keys = Object.keys(answer);
  if (keys[0] !== "ActionStatus" || keys[1] !== "ErrorCode" || keys[2] !== "ErrorInfo") {
    throw bad("the answer does not start with the envelope keys ActionStatus, ErrorCode, ErrorInfo");
  }
  const { ActionStatus, ErrorCode, ErrorInfo } = answer as Record<string, unknown>;
  if (typeof ErrorCode !== "number" || !Number.isInteger(ErrorCode) || ErrorCode < 0)
    throw bad("ErrorCode is not a non-negative integer");
  if (typeof ErrorInfo !== "string") throw bad("ErrorInfo is not a string");
  if (ErrorCode === 0) {
    if (ActionStatus !== "OK") throw bad('ActionStatus must be "OK" with ErrorCode 0');
    if (ErrorInfo !== "") throw bad("ErrorInfo must be empty with ErrorCode 0");
  } else {
    if (ActionStatus !== "FAIL") throw bad('ActionStatus must be "FAIL" with a non-zero ErrorCode');
    if (ErrorInfo.trim() === "") throw bad("a failure must say why in ErrorInfo");
    if (keys.length !== 3) throw bad("a failure must carry only the envelope");
  }
}

export function expectCode(answer: Answer, allowed: readonly number[], what: string): void {
  if (!allowed.includes(answer.ErrorCode)) {
    throw new PropertyFailure(
      `${what}: ErrorCode ${answer.ErrorCode} is not one of [${allowed.join(", ")}]: ${show(answer)}`,
    );
  }
}

export async function runProperty<T>(
  arb: fc.Arbitrary<T>,
  numRuns: number,
  check: (value: T) => Promise<void>,
  pinned: T[] = [],
): Promise<number> {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(arb, async (value) => {
      runs += 1;
      generatedCases += 1;
      await check(value);
    }),
    // Pinned cases run first, within numRuns.
    { numRuns, examples: pinned.slice(0, numRuns).map((value): [T] => [value]) },
  );
  return runs;
}
