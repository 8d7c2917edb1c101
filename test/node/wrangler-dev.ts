/**
 * A real `wrangler dev` for the tests in Node, in its own process group (so
 * that one kill takes wrangler and workerd together, as a crash would), with
 * its own port and persistence directory.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { DEMO_APP } from "../fixtures/apps";

const require = createRequire(import.meta.url);
const { Api } = require("tls-sig-api-v2") as {
  Api: new (id: number, key: string) => { genUserSig(id: string, s: number): string };
};

/** The query string of a call as demo app 1400000000's admin, signed by Tencent's official generator. */
export const DEMO_QUERY = new URLSearchParams({
  sdkappid: String(DEMO_APP.sdkappid),
  identifier: DEMO_APP.admin,
  usersig: new Api(DEMO_APP.sdkappid, DEMO_APP.key).genUserSig(DEMO_APP.admin, 3600),
  random: "1",
}).toString();

export interface WranglerDev {
  child: ChildProcess;
  /** Everything wrangler and the worker printed, in order. */
  output: string[];
}

export function startWranglerDev(port: number, persistTo: string, env: Record<string, string> = {}): WranglerDev {
  const output: string[] = [];
  const child = spawn(
    join(process.cwd(), "node_modules/.bin/wrangler"),
    ["dev", "--port", String(port), "--ip", "127.0.0.1", "--persist-to", persistTo],
    {
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false", CI: "true", ...env },
    },
  );
  child.stdout?.on("data", (b: Buffer) => output.push(b.toString()));
  child.stderr?.on("data", (b: Buffer) => output.push(b.toString()));
  return { child, output };
}

/** Waits until the service answers a call with HTTP 200; `base` ends in /group_open_http_svc, `query` authenticates. */
export async function waitUntilServing(dev: WranglerDev, base: string, query: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (dev.child.exitCode !== null) throw new Error(`wrangler dev exited:\n${dev.output.join("")}`);
    try {
      const response = await fetch(`${base}/get_group_info?${query}`, {
        method: "POST",
        body: '{"GroupIdList":["probe"]}',
      });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await delay(100);
  }
  throw new Error(`wrangler dev did not start:\n${dev.output.join("")}`);
}

/** SIGKILL to the whole process group; nothing if it is gone already. */
export function killWranglerDev(dev: WranglerDev): void {
  if (dev.child.pid !== undefined && dev.child.exitCode === null) {
    try {
      process.kill(-dev.child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}
