import { createExecutionContext, SELF, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { vi } from "vitest";
import { clock, setClock } from "../src/clock";
import type { Admission } from "../src/contract/app-rpc";
import type { OutgoingMessage } from "../src/contract/group-rpc";
import { appObjectName, groupObjectName } from "../src/contract/object-names";
import worker from "../src/index";
import { takeRows } from "../src/sql";
import type { Outcome } from "../src/wire/errors";
import { DEMO_APP, type TestApp } from "./fixtures/apps";
import { bytesToBase64, toUserSigBase64 } from "./fixtures/base64";
import { signedContent } from "./fixtures/usersig";

export {
  CALLBACK_APP,
  CALLBACK_TOKEN,
  DEMO_APP,
  LIMITED_APP,
  SECOND_APP,
  UNLIMITED_APP,
} from "./fixtures/apps";

/**
 * Tests run at a fixed instant far from real time (2065), so an alarm armed
 * by the code under test never fires on its own: only runDurableObjectAlarm runs it.
 */
export const T0 = 3_000_000_000;

export interface TestClock {
  /** Current Unix seconds. */
  readonly now: number;
  advance(seconds: number): void;
  set(seconds: number): void;
  /** Where the code under test slept to (clock.sleepUntil), in ms; each sleep passes at once unless held. */
  readonly sleeps: number[];
  /** Holds every sleep from now on until wake(), to see what happens meanwhile. */
  hold(): void;
  wake(): void;
  /** Resolves with the target of the next sleep, when the code under test starts it. */
  nextSleep(): Promise<number>;
}

export function useTestClock(start = T0): TestClock {
  let ms = start * 1000;
  const sleeps: number[] = [];
  let held: (() => void)[] | null = null;
  const watchers: ((target: number) => void)[] = [];
  setClock(
    () => ms,
    (target) => {
      sleeps.push(target);
      for (const watcher of watchers.splice(0)) watcher(target);
      if (held === null) return Promise.resolve();
      const waiting = held;
      return new Promise((resolve) => waiting.push(resolve));
    },
  );
  return {
    get now() {
      return Math.floor(ms / 1000);
    },
    advance(seconds) {
      ms += seconds * 1000;
    },
    set(seconds) {
      ms = seconds * 1000;
    },
    sleeps,
    hold() {
      held = [];
    },
    wake() {
      for (const resolve of held ?? []) resolve();
      held = null;
    },
    nextSleep: () => new Promise((resolve) => watchers.push(resolve)),
  };
}

export interface SignOptions {
  sdkappid?: number;
  identifier?: string;
  key?: string;
  time?: number;
  expire?: number;
  userbuf?: string;
  /** Tamper with the document after signing. */
  mutate?: (doc: Record<string, unknown>) => void;
}

/** A UserSig v2 made in the runtime with Web Crypto and CompressionStream (the clock gives TLS.time). */
export async function sign(o: SignOptions = {}): Promise<string> {
  const sdkappid = o.sdkappid ?? DEMO_APP.sdkappid;
  const identifier = o.identifier ?? DEMO_APP.admin;
  const key = o.key ?? DEMO_APP.key;
  const time = o.time ?? clock.nowSeconds();
  const expire = o.expire ?? 86400;
  const content = signedContent({ identifier, sdkappid, time, expire, userbuf: o.userbuf });
  const hmacKey = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", hmacKey, new TextEncoder().encode(content)));
  const doc: Record<string, unknown> = {
    "TLS.ver": "2.0",
    "TLS.identifier": identifier,
    "TLS.sdkappid": sdkappid,
    "TLS.time": time,
    "TLS.expire": expire,
  };
  if (o.userbuf !== undefined) doc["TLS.userbuf"] = o.userbuf;
  doc["TLS.sig"] = bytesToBase64(mac);
  o.mutate?.(doc);
  return toUserSigBase64(bytesToBase64(await deflate(new TextEncoder().encode(JSON.stringify(doc)))));
}

export async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream("deflate"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

export interface CallOptions {
  sdkappid?: number | string;
  identifier?: string;
  usersig?: string;
  random?: number | string;
  /** Go through SELF (the runtime's HTTP entry) instead of calling the handler; slower per call. */
  viaSelf?: boolean;
  /** Replace the whole query string. */
  rawQuery?: string;
  /** Send this text as the body instead of JSON.stringify(body). */
  rawBody?: BodyInit;
  service?: string;
  method?: string;
  headers?: Record<string, string>;
  /** Call the handler with this Env instead of the test configuration's (not with viaSelf). */
  env?: Env;
}

// Tests read an answer's own fields freely.
// biome-ignore lint/suspicious/noExplicitAny: an answer's fields are whatever the command returns.
export type Answer = { ActionStatus: "OK" | "FAIL"; ErrorCode: number; ErrorInfo: string } & Record<string, any>;

const sigCache = new Map<string, string>();

/** A UserSig for the demo app (or `sdkappid`) that is valid at the test clock. */
export async function validSig(
  sdkappid = DEMO_APP.sdkappid,
  identifier = DEMO_APP.admin,
  key = DEMO_APP.key,
): Promise<string> {
  const id = `${sdkappid}:${identifier}:${key}`;
  let sig = sigCache.get(id);
  if (sig === undefined) {
    // Valid from 1970 to well past the test clock, so moving the clock never expires it.
    sig = await sign({ sdkappid, identifier, key, time: 0, expire: 4_000_000_000 });
    sigCache.set(id, sig);
  }
  return sig;
}

/** Caller options that call as `app`'s admin, with a UserSig valid at any test clock. */
export async function asApp(app: TestApp): Promise<CallOptions> {
  return { sdkappid: app.sdkappid, identifier: app.admin, usersig: await validSig(app.sdkappid, app.admin, app.key) };
}

/** POSTs one REST call through the Worker and answers the parsed envelope; asserts HTTP 200 and JSON. */
export async function call(command: string, body: unknown, o: CallOptions = {}): Promise<Answer> {
  const response = await rawCall(command, body, o);
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${await response.text()}`);
  return (await response.json()) as Answer;
}

/** The query string of a call: sdkappid, identifier, usersig, random and contenttype, from `o` or the demo app. */
export async function callQuery(o: CallOptions = {}): Promise<URLSearchParams> {
  return new URLSearchParams({
    sdkappid: String(o.sdkappid ?? DEMO_APP.sdkappid),
    identifier: o.identifier ?? DEMO_APP.admin,
    usersig: o.usersig ?? (await validSig()),
    random: String(o.random ?? 99999999),
    contenttype: "json",
  });
}

export async function rawCall(command: string, body: unknown, o: CallOptions = {}): Promise<Response> {
  const query = o.rawQuery ?? (await callQuery(o)).toString();
  const url = `https://im.example.test/v4/${o.service ?? "group_open_http_svc"}/${command}?${query}`;
  const init: RequestInit = {
    method: o.method ?? "POST",
    headers: { "content-type": "application/json", ...o.headers },
    body: o.rawBody ?? (o.method === "GET" ? undefined : JSON.stringify(body)),
  };
  // SELF.fetch gets slower with every call a test file has made (vitest-pool-workers 0.15.1
  // re-enters the module runner per request); the handler itself is the same module instance
  // with the same Durable Objects, so most tests call it directly.
  if (o.viaSelf) return SELF.fetch(url, init);
  // The call's work off its path (a lease renewal) is done before the test goes on, so that what a
  // test sees does not depend on how fast that work ran.
  const ctx = createExecutionContext();
  const response = await worker.fetch(new Request(url, init), o.env ?? env, ctx);
  await waitOnExecutionContext(ctx);
  return response;
}

export const OK = { ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" } as const;

export function fail(code: number): { ActionStatus: "FAIL"; ErrorCode: number } {
  return { ActionStatus: "FAIL", ErrorCode: code };
}

let counter = 0;
/** A GroupId no other test uses. */
export function uniqueGroupId(prefix = "g"): string {
  counter += 1;
  return `${prefix}-${counter}-${crypto.randomUUID().slice(0, 8)}`;
}

/** Creates a group through the API and answers its GroupId. */
export async function createGroup(body: Record<string, unknown> = {}, o: CallOptions = {}): Promise<string> {
  const answer = await call(
    "create_group",
    // A Community's custom ID must start with @TGS#_.
    {
      Type: "Public",
      Name: "test group",
      GroupId: uniqueGroupId(body.Type === "Community" ? "@TGS#_g" : "g"),
      ...body,
    },
    o,
  );
  if (answer.ErrorCode !== 0) throw new Error(`create_group failed: ${JSON.stringify(answer)}`);
  return answer.GroupId as string;
}

/** One entry of get_group_muted_account's MutedAccountList. */
export interface MutedEntry {
  Member_Account: string;
  MutedUntil: number;
}

/** forbid_send_msg: mutes `accounts` in `groupId` for `seconds` (0 unmutes). */
export function mute(groupId: string, accounts: string[], seconds: number, o: CallOptions = {}): Promise<Answer> {
  return call("forbid_send_msg", { GroupId: groupId, Members_Account: accounts, MuteTime: seconds }, o);
}

/** get_group_muted_account on `groupId`: the whole answer. */
export function getMuted(groupId: string, o: CallOptions = {}): Promise<Answer> {
  return call("get_group_muted_account", { GroupId: groupId }, o);
}

/** The MutedAccountList that get_group_muted_account answers for `groupId` (undefined on a refusal). */
export async function mutedList(groupId: string, o: CallOptions = {}): Promise<MutedEntry[]> {
  return (await getMuted(groupId, o)).MutedAccountList;
}

/** The exact OK answer of get_group_muted_account for `groupId` listing `list`. */
export function mutedAnswer(groupId: string, list: MutedEntry[] = []) {
  return { ...OK, GroupId: groupId, MutedAccountList: list };
}

/** A MsgBody of one text element. */
export function textBody(text: string) {
  return [{ MsgType: "TIMTextElem", MsgContent: { Text: text } }];
}

/** A Random not used before in this test run: the same sender's Random within five minutes is one message. */
let lastRandom = 1_000_000;
const freshRandom = (): number => ++lastRandom;

/** send_group_msg of one text element; `from` undefined sends as the app admin (no From_Account). */

export function sendText(
  groupId: string,
  from: string | undefined,
  text = "hello",
  random = freshRandom(),
): Promise<Answer> {
  const sender = from === undefined ? {} : { From_Account: from };
  return call("send_group_msg", { GroupId: groupId, ...sender, Random: random, MsgBody: textBody(text) });
}

export function groupStub(groupId: string, sdkappid = DEMO_APP.sdkappid) {
  return env.GROUPS.get(env.GROUPS.idFromName(groupObjectName(sdkappid, groupId)));
}

/** The app object named `name`: by default the one the API uses for the demo app. */
export function appStub(name = appObjectName(DEMO_APP.sdkappid)) {
  return env.APP_OBJECTS.get(env.APP_OBJECTS.idFromName(name));
}

/** Every GroupId get_appid_group_list answers for the app, all pages, in order. */
export async function listedGroups(body: Record<string, unknown> = {}, o: CallOptions = {}): Promise<string[]> {
  const ids: string[] = [];
  let next = 0;
  do {
    const answer = await call("get_appid_group_list", { ...body, Next: next }, o);
    if (answer.ErrorCode !== 0) throw new Error(`get_appid_group_list failed: ${JSON.stringify(answer)}`);
    ids.push(...(answer.GroupIdList as { GroupId: string }[]).map((g) => g.GroupId));
    next = answer.Next;
  } while (next !== 0);
  return ids;
}

/** Whether get_appid_group_list lists `groupId`. */
export const listsGroup = async (groupId: string, o: CallOptions = {}): Promise<boolean> =>
  (await listedGroups({}, o)).includes(groupId);

/** Whether an admission let the call through. */
export const admitted = (a: Outcome<Admission>): boolean => a.refused === undefined && a.admitted;

export function accounts(n: number, prefix = "user"): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

/** One send_group_msg as the group object takes it (for tests that call the object directly). */
export function outgoing(from: string | null, random: number, body = "[]"): OutgoingMessage {
  return {
    from,
    sender: from ?? DEMO_APP.admin,
    random,
    body,
    priority: "Normal",
    cloudCustomData: "",
    onlineOnly: false,
    appMutedUntil: 0,
    topicId: null,
  };
}

/**
 * A fault line of src/log.ts as a test sees it: its fields, with `error` cut to its first line (the
 * thrown error's name and message; the stack under it depends on the path the fault took).
 */
export type FaultLine = { event: string; error: string } & Record<string, string | number | boolean | null>;

/** `text` as a FaultLine if it is one of log.fault's JSON lines, else null. */
function faultLine(text: unknown): FaultLine | null {
  if (typeof text !== "string" || !text.startsWith("{")) return null;
  try {
    const line = JSON.parse(text) as Record<string, unknown>;
    if (typeof line.event !== "string" || typeof line.error !== "string") return null;
    return { ...line, error: line.error.split("\n")[0] } as FaultLine;
  } catch {
    return null;
  }
}

/**
 * Runs `work` and answers what it answered and the fault lines (log.fault: JSON on console.error)
 * written meanwhile, in order, instead of printing them: a test that causes a fault on purpose
 * asserts them, all of them, so that one it did not expect fails it. Anything else on console.error
 * still prints, and so does a fault line after `work` ends; if `work` throws, the lines it captured
 * print too.
 */
export async function captureFaults<T>(work: () => Promise<T>): Promise<{ value: T; faults: FaultLine[] }> {
  const faults: FaultLine[] = [];
  const captured: string[] = [];
  const print = console.error.bind(console);
  const spy = vi.spyOn(console, "error").mockImplementation((...args: unknown[]) => {
    const line = args.length === 1 ? faultLine(args[0]) : null;
    if (line === null) return print(...args);
    faults.push(line);
    captured.push(args[0] as string);
  });
  try {
    return { value: await work(), faults };
  } catch (error) {
    for (const text of captured) print(text);
    throw error;
  } finally {
    spy.mockRestore();
  }
}

/**
 * An object's answer as the code that called it sees it: without the rows its
 * work cost, which ride along for the Worker's access line (src/sql.ts).
 */
export function rpcAnswer<T>(answer: T): T {
  takeRows(answer);
  return answer;
}
