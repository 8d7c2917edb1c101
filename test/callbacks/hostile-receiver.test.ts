/**
 * A receiver that is slow, huge, redirecting or verbose costs a send at most
 * its 2 s, the service at most 64 KB of its answer, and a log at most 1 KB a
 * field; and each request carries a signature of its exact body.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ELSEWHERE_URL, mockReceiver } from "../fixtures/receiver";
import {
  asApp,
  CALLBACK_APP,
  CALLBACK_TOKEN,
  type CallOptions,
  call,
  createGroup,
  groupStub,
  mute,
  OK,
  T0,
  type TestClock,
  textBody,
  useTestClock,
} from "../helpers";

let clock: TestClock;
let receiver: ReturnType<typeof mockReceiver>;
let as: CallOptions;
let random = 9_000_000;
beforeEach(async () => {
  clock = useTestClock();
  receiver = mockReceiver();
  as = await asApp(CALLBACK_APP);
});
afterEach(() => {
  receiver.restore();
  vi.restoreAllMocks();
});

const deliver = (g: string) => runDurableObjectAlarm(groupStub(g, CALLBACK_APP.sdkappid));
const send = (GroupId: string) =>
  call("send_group_msg", { GroupId, From_Account: "bob", Random: ++random, MsgBody: textBody("hi") }, as);
const undelivered = async (g: string) =>
  (await call("get_group_info", { GroupIdList: [g] }, as)).GroupInfo[0].UndeliveredCallbacks;

/** The service's log lines (stdout and stderr) while `work` runs, and those of one event, parsed. */
async function captureLogs(work: () => Promise<unknown>) {
  const lines: string[] = [];
  const record = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  vi.spyOn(console, "log").mockImplementation(record);
  vi.spyOn(console, "error").mockImplementation(record);
  try {
    await work();
  } finally {
    vi.restoreAllMocks();
  }
  const of = (event: string) => lines.filter((l) => l.includes(`"event":"${event}"`));
  // biome-ignore lint/suspicious/noExplicitAny: a log line is whatever its event carries.
  return { lines, of, parsed: (event: string): Record<string, any>[] => of(event).map((l) => JSON.parse(l)) };
}

/**
 * A body of `total` bytes, made 64 KB at a time as it is read: nothing of it is
 * held. `stream()` is called in the answer, so that the stream belongs to the
 * object that reads it (workerd refuses I/O across objects).
 */
function lazyBody(total: number) {
  const state = { pulled: 0, cancelled: false };
  const stream = () =>
    new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (state.pulled >= total) return controller.close();
          state.pulled += 64 * 1024;
          controller.enqueue(new Uint8Array(64 * 1024).fill(0x20));
        },
        cancel() {
          state.cancelled = true;
        },
      },
      { highWaterMark: 0 },
    );
  return { stream, state };
}

/** A body that starts at once, then drips one byte every `everyMs` for `forMs` (made as lazyBody's is). */
function drip(everyMs: number, forMs: number) {
  const state = { cancelled: false };
  let timer: ReturnType<typeof setInterval> | null = null;
  const stream = () =>
    new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode("{"));
        let n = 0;
        timer = setInterval(() => {
          n += 1;
          if (n * everyMs < forMs) return controller.enqueue(new TextEncoder().encode(" "));
          clearInterval(timer);
          controller.close();
        }, everyMs);
      },
      cancel() {
        clearInterval(timer);
        state.cancelled = true;
      },
    });
  return { stream, state };
}

async function hmacHex(key: string, text: string): Promise<string> {
  const k = await crypto.subtle.importKey(
    "raw",
    new TextEncoder().encode(key),
    { name: "HMAC", hash: "SHA-256" },
    false,
    ["sign"],
  );
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", k, new TextEncoder().encode(text)));
  return [...mac].map((b) => b.toString(16).padStart(2, "0")).join("");
}

describe("a hostile callback receiver", () => {
  it("a redirect is never followed: the delivery failed, is retried, and nothing reached the target", async () => {
    const g = await createGroup({}, as);
    receiver.answerWith(() => new Response(null, { status: 307, headers: { location: `${ELSEWHERE_URL}?x=1` } }));
    const logs = await captureLogs(async () => {
      await mute(g, ["a"], 600, as);
      await deliver(g);
      clock.advance(2);
      await deliver(g);
    });
    expect(receiver.strays).toEqual([]);
    expect(receiver.received).toHaveLength(2);
    expect(receiver.received[1]!.body.EventId).toBe(receiver.received[0]!.body.EventId);
    expect(logs.parsed("callback_delivery").map((l) => [l.attempt, l.status, l.ok, l.fault])).toEqual([
      [1, 307, false, `HTTP 307: a redirect to "${ELSEWHERE_URL}?x=1", not followed`],
      [2, 307, false, `HTTP 307: a redirect to "${ELSEWHERE_URL}?x=1", not followed`],
    ]);
    expect(await undelivered(g)).toBe(1);
  });

  it("a redirect of BeforeSendMsg is not followed either: the message goes through", async () => {
    const g = await createGroup({ MemberList: [{ Member_Account: "bob" }] }, as);
    receiver.answerWith(() => new Response(null, { status: 308, headers: { location: ELSEWHERE_URL } }));
    const logs = await captureLogs(() => send(g));
    expect(receiver.strays).toEqual([]);
    expect(logs.parsed("callback_before_send").map((l) => [l.status, l.fault])).toEqual([
      [308, `HTTP 308: a redirect to "${ELSEWHERE_URL}", not followed`],
    ]);
  });

  it("a 100 MB answer fails the attempt at 64 KB: the rest is cancelled, the send is not held", async () => {
    const g = await createGroup({ MemberList: [{ Member_Account: "bob" }] }, as);
    const huge = lazyBody(100 * 1024 * 1024);
    receiver.answerWith(() => new Response(huge.stream(), { headers: { "content-type": "application/json" } }));
    const started = Date.now();
    const logs = await captureLogs(async () => expect(await send(g)).toEqual({ ...OK, MsgTime: T0, MsgSeq: 1 }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(huge.state.cancelled).toBe(true);
    expect(huge.state.pulled).toBeLessThanOrEqual(3 * 64 * 1024);
    expect(logs.parsed("callback_before_send").map((l) => [l.status, l.fault])).toEqual([
      [200, "the answer is over 64 KB"],
    ]);
  });

  it("a 100 MB answer to a delivery fails it the same way, and it is retried", async () => {
    const g = await createGroup({}, as);
    const huge = lazyBody(100 * 1024 * 1024);
    receiver.answerWith(() => new Response(huge.stream()));
    const logs = await captureLogs(async () => {
      await mute(g, ["a"], 600, as);
      await deliver(g);
    });
    expect(huge.state.cancelled).toBe(true);
    expect(logs.parsed("callback_delivery").map((l) => [l.ok, l.fault, l.ms < 3000])).toEqual([
      [false, "the answer is over 64 KB", true],
    ]);
    expect(await undelivered(g)).toBe(1);
  });

  it("an answer that drips past 2 s holds the send no longer than 2 s", async () => {
    const g = await createGroup({ MemberList: [{ Member_Account: "bob" }] }, as);
    const slow = drip(100, 8000);
    receiver.answerWith(() => new Response(slow.stream()));
    const started = Date.now();
    const logs = await captureLogs(async () => expect(await send(g)).toEqual({ ...OK, MsgTime: T0, MsgSeq: 1 }));
    expect(Date.now() - started).toBeLessThan(3000);
    expect(slow.state.cancelled).toBe(true);
    expect(logs.parsed("callback_before_send").map((l) => [l.status, l.fault])).toEqual([[0, "no answer within 2 s"]]);
  });

  it("a huge ErrorCode or ErrorInfo is quoted shortened: the log line stays near 1 KB", async () => {
    const g = await createGroup({}, as);
    const big = (n: number) => ({ ActionStatus: "FAIL", ErrorCode: "E".repeat(n), ErrorInfo: "I".repeat(n) });
    receiver.answerWith(() => Response.json(big(200_000)));
    const logs = await captureLogs(async () => {
      await mute(g, ["a"], 600, as);
      await deliver(g);
      receiver.answerWith(() => Response.json(big(30_000)));
      clock.advance(2);
      await deliver(g);
    });
    const lines = logs.of("callback_delivery");
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.length).toBeLessThan(1024 + 300);
    expect(logs.parsed("callback_delivery").map((l) => l.fault)).toEqual([
      "the answer is over 64 KB",
      `the receiver answered ErrorCode "${"E".repeat(99)}…: "${"I".repeat(99)}…`,
    ]);
  });
});

describe("the body signature (an extension)", () => {
  it('X-Callback-Body-Sign is the HMAC-SHA256, under the token, of RequestTime, "\\n" and the body', async () => {
    const g = await createGroup({ MemberList: [{ Member_Account: "bob" }] }, as);
    await send(g);
    await mute(g, ["a"], 60, as);
    await deliver(g);
    expect(receiver.bodies().map((b) => b.CallbackCommand)).toEqual([
      "Group.CallbackBeforeSendMsg",
      "Group.CallbackAfterSendMsg",
      "Group.CallbackAfterMuteChanged",
    ]);
    for (const r of receiver.received) {
      expect(r.query.get("RequestTime")).toBe(String(T0));
      const sign = r.headers.get("x-callback-body-sign");
      expect(sign).toBe(await hmacHex(CALLBACK_TOKEN, `${T0}\n${r.text}`));
      // Another body, or another time, does not verify.
      expect(sign).not.toBe(await hmacHex(CALLBACK_TOKEN, `${T0}\n${r.text} `));
      expect(sign).not.toBe(await hmacHex(CALLBACK_TOKEN, `${T0 + 1}\n${r.text}`));
    }
  });

  it("without a token there is neither Sign nor a body signature", async () => {
    const { postCallback } = await import("../../src/callbacks/request");
    const target = { url: "https://receiver.test/im-callback", token: null, commands: new Set([]) };
    const attempt = await postCallback(target, CALLBACK_APP.sdkappid, "Group.CallbackAfterMuteChanged", "{}");
    expect(attempt.fault).toBeNull();
    const [r] = receiver.received;
    expect(r!.query.has("Sign")).toBe(false);
    expect(r!.headers.has("x-callback-body-sign")).toBe(false);
  });
});
