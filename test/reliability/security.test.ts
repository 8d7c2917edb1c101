import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  call,
  createGroup,
  DEMO_APP,
  getMuted,
  mute,
  mutedAnswer,
  rawCall,
  sign,
  useTestClock,
  validSig,
} from "../helpers";

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
      await mute(g, ["a"], 5);
      await getMuted(g, { usersig: forged });
      await getMuted(g, { usersig: good.slice(0, 40) });
    });
    expect(logs).toContain('"command":"forbid_send_msg"');
    expect(logs).toContain('"code":70009');
    for (const secret of [DEMO_APP.key, good, forged, good.slice(0, 40)]) expect(logs).not.toContain(secret);
  });

  it("a broken configuration answers every call with 10002, quoting it neither there nor in the logs", async () => {
    const key = "s3cr3t-k3y-that-must-never-be-echoed-0123456789abcdef";
    const broken = [
      // Not JSON; no admins; admins not a list.
      `[{"sdkappid":${DEMO_APP.sdkappid},"key":"${key}"`,
      JSON.stringify([{ sdkappid: DEMO_APP.sdkappid, key, admins: [] }]),
      JSON.stringify([{ sdkappid: DEMO_APP.sdkappid, key, admins: DEMO_APP.admin }]),
    ];
    const answers: { status: number; text: string }[] = [];
    const logs = await captureLogs(async () => {
      for (const APPS of broken) {
        const response = await rawCall("get_group_info", {}, { env: { ...env, APPS } });
        answers.push({ status: response.status, text: await response.text() });
      }
    });
    expect(answers).toHaveLength(broken.length);
    for (const { status, text } of answers) {
      expect(status).toBe(200);
      expect(text).not.toContain(key);
      expect(JSON.parse(text)).toEqual({
        ActionStatus: "FAIL",
        ErrorCode: 10002,
        ErrorInfo: expect.stringMatching(/configuration \(APPS\) is invalid/),
      });
    }
    expect(logs).not.toContain(key);

    // A deployment whose APPS secret was never set: the generated Env says string, the runtime gives undefined.
    expect(await call("get_group_info", {}, { env: { ...env, APPS: undefined } as unknown as Env })).toEqual({
      ActionStatus: "FAIL",
      ErrorCode: 10002,
      ErrorInfo: expect.stringMatching(/no app configuration/),
    });
    // The service's own configuration is untouched: the next call through it works.
    const groupId = await createGroup();
    expect(await getMuted(groupId)).toEqual(mutedAnswer(groupId));
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
    const answer = await getMuted("x", { usersig: tampered });
    expect(answer.ErrorCode).toBe(70009);
    expect(verify).toHaveBeenCalledTimes(1);
    expect(verify.mock.calls[0]![0]).toBe("HMAC");
  });
});
