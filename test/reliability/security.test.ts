import { SELF } from "cloudflare:test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import worker from "../../src/index";
import { type Answer, call, createGroup, DEMO_APP, sign, useTestClock, validSig } from "../helpers";

beforeEach(() => void useTestClock());
afterEach(() => vi.restoreAllMocks());

/** Everything the service writes to the console while `work` runs. */
async function captureLogs(work: () => Promise<unknown>): Promise<string> {
  const lines: string[] = [];
  const record = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
  vi.spyOn(console, "log").mockImplementation(record);
  vi.spyOn(console, "error").mockImplementation(record);
  vi.spyOn(console, "warn").mockImplementation(record);
  await work();
  vi.restoreAllMocks();
  return lines.join("\n");
}

describe("secrets stay out of logs", () => {
  it("no log line carries a key or a UserSig, for accepted and refused calls", async () => {
    const good = await validSig();
    const forged = await sign({ key: "wrong-key", time: 0, expire: 4_000_000_000 });
    const logs = await captureLogs(async () => {
      const g = await createGroup();
      await call("forbid_send_msg", { GroupId: g, Members_Account: ["a"], MuteTime: 5 });
      await call("get_group_muted_account", { GroupId: g }, { usersig: forged });
      await call("get_group_muted_account", { GroupId: g }, { usersig: good.slice(0, 40) });
    });
    expect(logs).toContain('"command":"forbid_send_msg"');
    expect(logs).toContain('"code":70009');
    for (const secret of [DEMO_APP.key, good, forged, good.slice(0, 40)]) expect(logs).not.toContain(secret);
  });

  it("a broken configuration answers 10002 without quoting it, in the answer or the logs", async () => {
    const key = "super-secret-production-key";
    const apps = `[{"sdkappid":1400000000,"key":"${key}","admins":"administrator"}]`;
    let answer: Answer | undefined;
    const logs = await captureLogs(async () => {
      const response = await worker.fetch(
        new Request(
          `https://im.example.test/v4/group_open_http_svc/get_group_info?sdkappid=1400000000&identifier=administrator&usersig=${await validSig()}&random=1`,
          {
            method: "POST",
            body: "{}",
          },
        ),
        { ...(await import("cloudflare:workers")).env, APPS: apps },
      );
      answer = await response.json();
    });
    expect(answer).toMatchObject({
      ActionStatus: "FAIL",
      ErrorCode: 10002,
      ErrorInfo: expect.stringContaining("configuration"),
    });
    expect(JSON.stringify(answer)).not.toContain(key);
    expect(logs).not.toContain(key);
  });
});

describe("signature comparison", () => {
  it("goes through Web Crypto's HMAC verify (constant time), never a string comparison", async () => {
    const verify = vi.spyOn(crypto.subtle, "verify");
    const tampered = await sign({
      time: 0,
      expire: 4_000_000_000,
      mutate: (doc) => {
        doc["TLS.sig"] = `AAAA${String(doc["TLS.sig"]).slice(4)}`;
      },
    });
    const answer = await call("get_group_muted_account", { GroupId: "x" }, { usersig: tampered });
    expect(answer.ErrorCode).toBe(70009);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(verify.mock.calls[0]![0]).toBe("HMAC");
  });
});

describe("the body cap without Content-Length", () => {
  it("a chunked body past 1 MiB is cut off and refused with 10004, changing nothing", async () => {
    const g = await createGroup();
    const encoder = new TextEncoder();
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0)
          controller.enqueue(encoder.encode(`{"GroupId":"${g}","Members_Account":["a"],"MuteTime":60,"pad":"`));
        sent += 1;
        if (sent > 40) return controller.close();
        controller.enqueue(encoder.encode("x".repeat(32 * 1024)));
      },
    });
    const q = new URLSearchParams({
      sdkappid: String(DEMO_APP.sdkappid),
      identifier: DEMO_APP.admin,
      usersig: await validSig(),
      random: "1",
    });
    const response = await SELF.fetch(`https://im.example.test/v4/group_open_http_svc/forbid_send_msg?${q}`, {
      method: "POST",
      body,
    });
    expect(await response.json()).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 10004 });
    expect((await call("get_group_muted_account", { GroupId: g })).MutedAccountList).toEqual([]);
  });
});
