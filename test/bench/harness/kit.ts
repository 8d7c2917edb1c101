/** What every scenario builds on: request bodies, setup calls, the checks of a load's answers, the report. */
import type { Body, LoadResult } from "./load";
import { CONNECTIONS } from "./options";

/** The scenarios' figures by name, as the `--json` file holds them. */
export type Scenarios = Record<string, Record<string, unknown>>;

export const round = (x: number) => Math.round(x * 100) / 100;

export const accounts = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/**
 * A mute body whose MuteTime grows by one second with every request, so that
 * every call changes every row it names. SQLite skips a write that stores
 * what is already there (no dirty page, no WAL frame, no fsync), so repeating
 * one body within a second would measure mostly writes that never happen,
 * against a baseline whose write always happens.
 */
let muteSerial = 0;
export function muteBody(groupId: string, members: string[], topicId?: string): Body {
  const head = JSON.stringify({ GroupId: groupId, Members_Account: members, TopicId: topicId }).slice(0, -1);
  return () => `${head},"MuteTime":${600 + ++muteSerial}}`;
}

/** A text message from `from`, with a new Random on every request (a repeated one is not a new message). */
let sendSerial = 0;
export function sendBody(groupId: string, from: string): Body {
  const head = JSON.stringify({
    GroupId: groupId,
    From_Account: from,
    MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hello" } }],
  }).slice(0, -1);
  return () => `${head},"Random":${++sendSerial}}`;
}

export async function post(url: string, body: unknown): Promise<{ ErrorCode: number } & Record<string, unknown>> {
  const response = await fetch(url, { method: "POST", body: JSON.stringify(body) });
  const answer = (await response.json()) as { ErrorCode: number };
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  return answer;
}

/** The length of one answer, in bytes. */
export async function answerBytes(url: string, body: string): Promise<number> {
  const response = await fetch(url, { method: "POST", body });
  return (await response.arrayBuffer()).byteLength;
}

export async function mustOk(url: string, body: unknown): Promise<void> {
  const answer = await post(url, body);
  if (answer.ErrorCode !== 0) throw new Error(`setup call failed: ${JSON.stringify(answer).slice(0, 300)}`);
}

/** Fills a group with `count` mutes, 500 accounts a call, a few calls at a time. */
export async function fill(
  url: string,
  groupId: string,
  count: number,
  muteTime: (i: number) => number,
): Promise<void> {
  const calls = Array.from({ length: count / 500 }, (_, i) => i);
  for (let i = 0; i < calls.length; i += 4) {
    await Promise.all(
      calls
        .slice(i, i + 4)
        .map((c) => mustOk(url, { GroupId: groupId, Members_Account: accounts(500, `m${c}-`), MuteTime: muteTime(c) })),
    );
  }
}

/** Runs `call(i)` for i in 0..count-1, `width` at a time. */
export async function inParallel(count: number, width: number, call: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await call(next++);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/**
 * Any answer but OK (or 60007 where a limit is the point) fails the run. A
 * connection error or two as autocannon stops at the deadline is the client's
 * doing and only reported.
 */
export function checkClean(name: string, r: LoadResult): void {
  const wrong = Object.entries(r.codes).filter(([code]) => code !== "0" && code !== "60007");
  if (r.failureKinds.errors > 0)
    console.error(`  (${name}: ${r.failureKinds.errors} connection errors at the deadline)`);
  if (
    r.failureKinds.errors > CONNECTIONS ||
    r.failureKinds.timeouts > 0 ||
    r.failureKinds.non2xx > 0 ||
    wrong.length > 0
  )
    throw new Error(`${name}: ${r.failures} failed requests, codes ${JSON.stringify(r.codes)}`);
}

/** Records a load's figures (and `extra`) as scenario `name`, and prints its line. */
export function report(scenarios: Scenarios, name: string, r: LoadResult, extra: Record<string, unknown> = {}): void {
  scenarios[name] = {
    rps: Math.round(r.rps),
    p50_ms: r.p50,
    p99_ms: r.p99,
    max_ms: r.max,
    requests: r.requests,
    ...extra,
  };
  const cpuNote =
    extra.cpu_ms_per_request === undefined ? "" : `  workerd CPU ${String(extra.cpu_ms_per_request)} ms/request`;
  const rps = Math.round(r.rps).toString().padStart(7);
  console.error(`  ${name.padEnd(14)} ${rps} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms${cpuNote}`);
}
