/**
 * The migrate tool's parts that need no service: the per-command pacer (on a
 * scripted clock), the progress display on a terminal and off it, the command
 * line, and the UserSig it signs (as Tencent's own generator reads it).
 */
import { createRequire } from "node:module";
import { inflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { parseOptions, UsageError } from "../../tools/migrate/options";
import { type Clock, Pacer } from "../../tools/migrate/pacer";
import { Progress } from "../../tools/migrate/progress";
import { signUserSig } from "../../tools/migrate/usersig";
import { DEMO_APP } from "../fixtures/apps";

const require = createRequire(import.meta.url);

/** A clock that moves only when slept on; every call's start is recorded by the caller. */
function scriptedClock(): Clock & { at: number } {
  const clock = {
    at: 0,
    now: () => clock.at,
    sleep: async (ms: number) => {
      clock.at += ms;
    },
  };
  return clock;
}

describe("the pacer", () => {
  it("spaces one command's calls 1000/rate ms apart, even when they are all asked at once", async () => {
    const clock = scriptedClock();
    const pacer = new Pacer(200, clock);
    const starts: number[] = [];
    // Sequential takes on a clock moved only by the pacer's sleeps: each start is the slot it got.
    for (let i = 0; i < 400; i++) {
      await pacer.take("import_group_msg");
      starts.push(clock.at);
    }
    expect(starts.slice(0, 4)).toEqual([0, 5, 10, 15]);
    // No one-second window holds more than 200 starts.
    for (let i = 200; i < starts.length; i++) expect(starts[i]! - starts[i - 200]!).toBeGreaterThanOrEqual(1000);
  });

  it("keeps each command to its own budget, and does not wait when the slot is past", async () => {
    const clock = scriptedClock();
    const pacer = new Pacer(2, clock);
    await pacer.take("a");
    await pacer.take("b");
    expect(clock.at).toBe(0);
    await pacer.take("a");
    expect(clock.at).toBe(500);
    clock.at = 10_000;
    await pacer.take("a");
    expect(clock.at).toBe(10_000);
  });
});

describe("the progress display", () => {
  it("redraws one line with a bar on a terminal, and writes a plain line per group elsewhere", () => {
    let at = 0;
    const tty: string[] = [];
    const onTerminal = new Progress({ write: (t: string) => tty.push(t), isTTY: true }, () => at);
    onTerminal.start(4);
    onTerminal.add("messages", 7);
    at += 200;
    onTerminal.add("members", 3);
    onTerminal.groupDone("g1", []);
    onTerminal.end();
    expect(tty.at(-2)).toBe(`\r\x1b[2K[######------------------] 1/4 groups · 3 members, 0 mutes, 7 messages`);
    expect(tty.at(-1)).toBe("\n");
    expect(tty.every((t) => t === "\n" || t.startsWith("\r"))).toBe(true);

    const log: string[] = [];
    const plain = new Progress({ write: (t: string) => log.push(t), isTTY: false });
    plain.start(2);
    plain.add("mutes", 2);
    plain.groupDone("g1", []);
    plain.groupDone("g2", ["something"]);
    plain.end();
    expect(log).toEqual([
      "[1/2] g1: copied; 0 members, 2 mutes, 0 messages\n",
      "[2/2] g2: copied with 1 issue(s); 0 members, 2 mutes, 0 messages\n",
    ]);
  });
});

describe("the command line", () => {
  const env = {
    MIGRATE_SOURCE_URL: "https://console.tim.qq.com",
    MIGRATE_SOURCE_SDKAPPID: "1400000000",
    MIGRATE_SOURCE_IDENTIFIER: "admin",
    MIGRATE_SOURCE_KEY: "k1",
    MIGRATE_TARGET_URL: "http://127.0.0.1:8787",
    MIGRATE_TARGET_SDKAPPID: "1400000001",
    MIGRATE_TARGET_IDENTIFIER: "administrator",
    MIGRATE_TARGET_KEY: "k2",
  };

  it("takes every setting from its environment variable, a flag winning over it", () => {
    expect(parseOptions([], env)).toEqual({
      source: {
        baseUrl: "https://console.tim.qq.com",
        sdkappid: 1400000000,
        identifier: "admin",
        key: "k1",
        rate: 200,
      },
      target: {
        baseUrl: "http://127.0.0.1:8787",
        sdkappid: 1400000001,
        identifier: "administrator",
        key: "k2",
        rate: 200,
      },
      statePath: "migrate-state-1400000000-1400000001.json",
      maxMessages: 1000,
      concurrency: 4,
    });
    const flags = ["--messages", "50", "--source-rate=20", "--group", "a", "--group", "b", "--state", "s.json"];
    expect(parseOptions(flags, env)).toMatchObject({
      source: { rate: 20 },
      maxMessages: 50,
      statePath: "s.json",
      groups: ["a", "b"],
    });
    expect(parseOptions(["-h"], {})).toBe("help");
  });

  it("names what is wrong: a missing setting, an unknown flag, a bad number, a URL", () => {
    const { MIGRATE_TARGET_KEY: _, ...noKey } = env;
    const fails = (argv: string[], e: Record<string, string>) => () => parseOptions(argv, e);
    expect(fails([], noKey)).toThrow(new UsageError("--target-key (or MIGRATE_TARGET_KEY) is required"));
    expect(fails(["--nope"], env)).toThrow(new UsageError('unknown argument "--nope"'));
    expect(fails(["--concurrency", "0"], env)).toThrow(
      new UsageError('--concurrency must be a whole number from 1 to 64, not "0"'),
    );
    expect(fails(["--source-url", "console.tim.qq.com"], env)).toThrow(
      new UsageError("--source-url must start with http:// or https://"),
    );
    expect(fails(["--state"], env)).toThrow(new UsageError("--state needs a value"));
  });
});

describe("the UserSig it signs", () => {
  it("is a UserSig v2 document whose signature is the official generator's for the same fields", () => {
    const sig = signUserSig(DEMO_APP.sdkappid, "administrator", DEMO_APP.key, 1_700_000_000, 86_400);
    const doc = JSON.parse(
      inflateSync(Buffer.from(sig.replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "="), "base64")).toString(),
    );
    expect(doc).toMatchObject({
      "TLS.ver": "2.0",
      "TLS.identifier": "administrator",
      "TLS.sdkappid": DEMO_APP.sdkappid,
      "TLS.time": 1_700_000_000,
      "TLS.expire": 86_400,
    });
    // tls-sig-api-v2 computes the same HMAC over the same lines.
    const { Api } = require("tls-sig-api-v2") as {
      Api: new (
        id: number,
        key: string,
      ) => { _hmacsha256(id: string, time: number, expire: number, buf: null): string };
    };
    const official = new Api(DEMO_APP.sdkappid, DEMO_APP.key)._hmacsha256("administrator", 1_700_000_000, 86_400, null);
    expect(doc["TLS.sig"]).toBe(official);
  });
});
