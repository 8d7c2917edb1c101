/**
 * Crash safety, in Node around a real `wrangler dev`: acknowledged mutes made
 * under concurrent load survive a SIGKILL of the whole process group, and
 * mutes that fell due while the service was down are gone after the restart.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const { Api } = require("tls-sig-api-v2") as { Api: new (id: number, key: string) => { genUserSig(id: string, s: number): string } };

const DEMO = { sdkappid: 1400000000, key: "5bd2850fff3ecb11d7c805251c51ee463a25727bddc2385f3fa8bfee1bb93b5e", admin: "administrator" };
const PORT = 18900 + Math.floor(Math.random() * 50);
const BASE = `http://127.0.0.1:${PORT}/v4/group_open_http_svc`;
const QUERY = `sdkappid=${DEMO.sdkappid}&identifier=${DEMO.admin}&usersig=${new Api(DEMO.sdkappid, DEMO.key).genUserSig(DEMO.admin, 3600)}&random=1`;
const persist = mkdtempSync(join(tmpdir(), "mute-crash-"));

interface Dev {
  child: ChildProcess;
  output: string[];
}

function start(): Dev {
  const output: string[] = [];
  // Its own process group, so that the kill takes wrangler and workerd together, as a crash would.
  const child = spawn(join(process.cwd(), "node_modules/.bin/wrangler"), ["dev", "--port", String(PORT), "--ip", "127.0.0.1", "--persist-to", persist], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "true" },
  });
  child.stdout?.on("data", (b: Buffer) => output.push(b.toString()));
  child.stderr?.on("data", (b: Buffer) => output.push(b.toString()));
  return { child, output };
}

async function ready(dev: Dev): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (dev.child.exitCode !== null) throw new Error(`wrangler dev exited:\n${dev.output.join("")}`);
    try {
      const response = await fetch(`${BASE}/get_group_info?${QUERY}`, { method: "POST", body: '{"GroupIdList":["probe"]}' });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await delay(100);
  }
  throw new Error(`wrangler dev did not start:\n${dev.output.join("")}`);
}

function kill(dev: Dev): void {
  if (dev.child.pid !== undefined && dev.child.exitCode === null) {
    try {
      process.kill(-dev.child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

async function call(command: string, body: unknown): Promise<{ ErrorCode: number } & Record<string, unknown>> {
  const response = await fetch(`${BASE}/${command}?${QUERY}`, { method: "POST", body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return (await response.json()) as { ErrorCode: number };
}

let current: Dev | undefined;
afterAll(() => {
  if (current) kill(current);
  rmSync(persist, { recursive: true, force: true });
});

describe("crash safety under wrangler dev", () => {
  it("keeps every acknowledged mute through SIGKILL, and drops those that fell due while down", async () => {
    current = start();
    await ready(current);
    const groupId = `crash-${PORT}-${Date.now()}`;
    expect((await call("create_group", { Type: "Public", Name: "crash", GroupId: groupId })).ErrorCode).toBe(0);

    // Concurrent writers; each call mutes two fresh accounts, alternately for 3 s and for an hour.
    const acknowledged = new Map<string, "short" | "long">();
    let stop = false;
    let sent = 0;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const kind = i % 2 === 0 ? "short" : "long";
        const accounts = [`w${w}-${i}-a`, `w${w}-${i}-b`];
        sent += 1;
        try {
          const answer = await call("forbid_send_msg", { GroupId: groupId, Members_Account: accounts, MuteTime: kind === "short" ? 3 : 3600 });
          if (answer.ErrorCode === 0) for (const a of accounts) acknowledged.set(a, kind);
        } catch {
          return; // the connection died with the process: that call was never acknowledged
        }
      }
    };
    const writers = Array.from({ length: 8 }, (_, w) => writer(w));
    while (acknowledged.size < 400) await delay(20);
    // Kill while calls are in flight.
    kill(current);
    const killedAt = Date.now();
    stop = true;
    await Promise.all(writers);
    expect(sent).toBeGreaterThan(acknowledged.size / 2);

    // Stay down until every short mute is due.
    await delay(Math.max(0, killedAt + 4000 - Date.now()));
    current = start();
    await ready(current);

    const listed = (await call("get_group_muted_account", { GroupId: groupId })) as unknown as { MutedAccountList: { Member_Account: string; MutedUntil: number }[] };
    const mutedNow = new Set(listed.MutedAccountList.map((m) => m.Member_Account));
    const longOnes = [...acknowledged].filter(([, kind]) => kind === "long").map(([a]) => a);
    const shortOnes = [...acknowledged].filter(([, kind]) => kind === "short").map(([a]) => a);
    expect(longOnes.length).toBeGreaterThan(100);
    expect(longOnes.filter((a) => !mutedNow.has(a))).toEqual([]);
    expect(shortOnes.filter((a) => mutedNow.has(a))).toEqual([]);

    // The alarm, persisted across the crash, sweeps the rows that fell due.
    let swept = 0;
    for (let i = 0; i < 100 && swept < shortOnes.length; i++) {
      swept = 0;
      for (const line of current.output.join("").split("\n")) {
        const at = line.indexOf('{"event":"mute_sweep"');
        if (at >= 0) swept += (JSON.parse(line.slice(at)) as { removed: number }).removed;
      }
      if (swept < shortOnes.length) await delay(100);
    }
    expect(swept).toBeGreaterThanOrEqual(shortOnes.length);
    console.log(`crash test: ${sent} calls sent, ${acknowledged.size} mutes acknowledged (${longOnes.length} long kept, ${shortOnes.length} short expired), ${swept} rows swept after restart`);
  });
});
