/**
 * Serves the built service and the baseline Worker with raw `workerd serve`
 * (the binary wrangler installs), Durable Objects on SQLite local disk.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";

export interface Served {
  serviceUrl: string;
  baselineUrl: string;
  /** The workerd process (its /proc entry: live_fanout's VmRSS). */
  pid: number;
  /** Lines workerd printed so far (console.log of the Workers), for scenario checks. */
  lines(): string[];
  /** Where the log ends now (bytes), for linesFrom. */
  logEnd(): number;
  /** The lines written after `offset` (a logEnd): a window's lines without rereading the whole log. */
  linesFrom(offset: number): string[];
  /**
   * CPU milliseconds (user + system) workerd has used so far, from /proc. CPU
   * per request moves far less with this machine's drifting speed than req/s.
   */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** The service's compatibility date and flags, as wrangler.toml sets them for `npm start` and the tests. */
const WRANGLER_TOML = readFileSync(join(process.cwd(), "wrangler.toml"), "utf8");
const COMPATIBILITY_DATE = /^compatibility_date = "([^"]+)"/m.exec(WRANGLER_TOML)![1]!;
const COMPATIBILITY_FLAGS = JSON.parse(/^compatibility_flags = (\[.*\])/m.exec(WRANGLER_TOML)?.[1] ?? "[]") as string[];

function workerdBinary(): string {
  const require = createRequire(import.meta.url);
  return require.resolve("@cloudflare/workerd-linux-64/bin/workerd");
}

export async function serve(opts: {
  outDir: string;
  apps: string;
  servicePort: number;
  baselinePort: number;
}): Promise<Served> {
  const storage = join(opts.outDir, "do-storage");
  rmSync(storage, { recursive: true, force: true });
  mkdirSync(storage, { recursive: true });
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "service", worker = .service),
    (name = "baseline", worker = .baseline),
    (name = "do-storage", disk = (path = ${JSON.stringify(storage)}, writable = true)),
    # The callback receiver of the benchmark listens on this machine: loopback must be reachable.
    (name = "outbound", network = (allow = ["public", "local", "private"])),
  ],
  sockets = [
    (name = "service", address = "127.0.0.1:${opts.servicePort}", http = (), service = "service"),
    (name = "baseline", address = "127.0.0.1:${opts.baselinePort}", http = (), service = "baseline"),
  ],
);
const service :Workerd.Worker = (
  modules = [(name = "index.js", esModule = embed "service/index.js")],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  compatibilityFlags = ${JSON.stringify(COMPATIBILITY_FLAGS)},
  bindings = [
    (name = "APPS", text = ${JSON.stringify(opts.apps)}),
    (name = "GROUPS", durableObjectNamespace = "GroupObject"),
    (name = "APP_OBJECTS", durableObjectNamespace = "AppObject"),
    (name = "JOINED", durableObjectNamespace = "JoinedIndex"),
  ],
  durableObjectNamespaces = [
    (className = "GroupObject", uniqueKey = "bench-group-object", enableSql = true),
    (className = "AppObject", uniqueKey = "bench-app-object", enableSql = true),
    (className = "JoinedIndex", uniqueKey = "bench-joined-index", enableSql = true),
  ],
  durableObjectStorage = (localDisk = "do-storage"),
  globalOutbound = "outbound",
);
const baseline :Workerd.Worker = (
  modules = [(name = "baseline.js", esModule = embed "baseline/baseline.js")],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  bindings = [
    (name = "HOP_APP", durableObjectNamespace = "HopApp"),
    (name = "HOP_GROUP", durableObjectNamespace = "HopGroup"),
  ],
  durableObjectNamespaces = [
    (className = "HopApp", uniqueKey = "bench-hop-app", enableSql = true),
    (className = "HopGroup", uniqueKey = "bench-hop-group", enableSql = true),
  ],
  durableObjectStorage = (localDisk = "do-storage"),
);
`;
  const configPath = join(opts.outDir, "bench.capnp");
  writeFileSync(configPath, config);

  // The service logs a line per call: straight to a file, so that reading them costs the
  // load generator (same machine) nothing, as log shipping costs a caller nothing in production.
  const logPath = join(opts.outDir, "workerd.log");
  const logFd = openSync(logPath, "w");
  // BENCH_INSPECTOR_PORT: the V8 inspector, for a CPU profile of a scenario (--profile).
  const inspector = process.env.BENCH_INSPECTOR_PORT;
  const flags = inspector === undefined ? [] : [`--inspector-addr=127.0.0.1:${inspector}`];
  const child: ChildProcess = spawn(workerdBinary(), ["serve", configPath, "--experimental", ...flags], {
    cwd: opts.outDir,
    stdio: ["ignore", logFd, logFd],
  });
  closeSync(logFd);
  const lines = () =>
    readFileSync(logPath, "utf8")
      .split("\n")
      .filter((line) => line.trim() !== "");
  const logEnd = () => statSync(logPath).size;
  const linesFrom = (offset: number) => {
    const size = logEnd() - offset;
    const buffer = Buffer.alloc(Math.max(0, size));
    const fd = openSync(logPath, "r");
    try {
      readSync(fd, buffer, 0, buffer.length, offset);
    } finally {
      closeSync(fd);
    }
    return buffer
      .toString("utf8")
      .split("\n")
      .filter((line) => line.trim() !== "");
  };

  const serviceUrl = `http://127.0.0.1:${opts.servicePort}`;
  const baselineUrl = `http://127.0.0.1:${opts.baselinePort}`;
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`workerd exited (${child.exitCode}):\n${lines().join("\n")}`);
    try {
      await fetch(`${baselineUrl}/hello`);
      await fetch(`${serviceUrl}/`);
      break;
    } catch {
      if (i > 100) throw new Error(`workerd did not start:\n${lines().join("\n")}`);
      await delay(100);
    }
  }
  const ticksPerMs = 100 / 1000; // USER_HZ is 100 on Linux
  const cpuMs = () => {
    const fields = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[11]) + Number(fields[12])) / ticksPerMs;
  };
  return {
    serviceUrl,
    baselineUrl,
    pid: child.pid ?? 0,
    lines,
    logEnd,
    linesFrom,
    cpuMs,
    async stop() {
      child.kill("SIGTERM");
      await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once("exit", resolve)));
    },
  };
}
