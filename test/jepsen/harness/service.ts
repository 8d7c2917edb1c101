/**
 * The service under test: src/ bundled by esbuild (with a mutant's patches
 * applied to the bundled text of its modules, never to src/), served by raw
 * `workerd serve` on local disk, as the benchmark serves it (test/bench/harness/workerd.ts).
 * It starts in about 0.15 s, so it can be SIGKILLed and restarted many times a run.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { build, type Plugin } from "esbuild";

/** A change to one module of src/: `find` must occur exactly once in it, or the build fails. */
export interface Patch {
  file: string;
  find: string;
  replace: string;
}

const ROOT = process.cwd();
const WRANGLER_TOML = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
const COMPATIBILITY_DATE = /^compatibility_date = "([^"]+)"/m.exec(WRANGLER_TOML)![1]!;
const COMPATIBILITY_FLAGS = JSON.parse(/^compatibility_flags = (\[.*\])/m.exec(WRANGLER_TOML)?.[1] ?? "[]") as string[];

/** An esbuild plugin that hands esbuild the patched text of each patched module. */
function patching(patches: readonly Patch[]): Plugin {
  const byFile = new Map<string, Patch[]>();
  for (const p of patches) byFile.set(resolve(ROOT, p.file), [...(byFile.get(resolve(ROOT, p.file)) ?? []), p]);
  return {
    name: "jepsen-mutant",
    setup(b) {
      b.onLoad({ filter: /\.ts$/ }, (args) => {
        const mine = byFile.get(args.path);
        if (mine === undefined) return undefined;
        let text = readFileSync(args.path, "utf8");
        for (const p of mine) {
          const count = text.split(p.find).length - 1;
          if (count !== 1) throw new Error(`mutant patch of ${p.file}: found ${count} times, not once: ${p.find}`);
          text = text.replace(p.find, p.replace);
        }
        return { contents: text, loader: "ts" };
      });
    },
  };
}

/** Bundles src/index.ts (patched) into `outDir`/service/index.js. */
export async function bundle(outDir: string, patches: readonly Patch[] = []): Promise<void> {
  await build({
    entryPoints: [join(ROOT, "src/index.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    external: ["cloudflare:*"],
    outfile: join(outDir, "service/index.js"),
    plugins: [patching(patches)],
    logLevel: "warning",
  });
}

export interface Service {
  readonly url: string;
  /** SIGKILL; resolves when the process is gone, with that moment (ms): nothing it had runs after it. */
  kill(): Promise<number>;
  /** A new process on the same storage; resolves once it answers. */
  restart(): Promise<void>;
  /** The lines the service logged, every process of the run. */
  logPath: string;
}

/** Serves the bundle in `outDir` with `apps` as APPS, its Durable Objects on disk in `outDir`/do-storage. */
export async function serve(outDir: string, apps: string, port: number): Promise<Service> {
  const storage = join(outDir, "do-storage");
  mkdirSync(storage, { recursive: true });
  const config = `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "service", worker = .service),
    (name = "do-storage", disk = (path = ${JSON.stringify(storage)}, writable = true)),
  ],
  sockets = [(name = "service", address = "127.0.0.1:${port}", http = (), service = "service")],
);
const service :Workerd.Worker = (
  modules = [(name = "index.js", esModule = embed "service/index.js")],
  compatibilityDate = "${COMPATIBILITY_DATE}",
  compatibilityFlags = ${JSON.stringify(COMPATIBILITY_FLAGS)},
  bindings = [
    (name = "APPS", text = ${JSON.stringify(apps)}),
    (name = "GROUPS", durableObjectNamespace = "GroupObject"),
    (name = "APP_OBJECTS", durableObjectNamespace = "AppObject"),
  ],
  durableObjectNamespaces = [
    (className = "GroupObject", uniqueKey = "jepsen-group-object", enableSql = true),
    (className = "AppObject", uniqueKey = "jepsen-app-object", enableSql = true),
  ],
  durableObjectStorage = (localDisk = "do-storage"),
);
`;
  const configPath = join(outDir, "jepsen.capnp");
  writeFileSync(configPath, config);
  const logPath = join(outDir, "workerd.log");
  writeFileSync(logPath, "");
  const binary = createRequire(import.meta.url).resolve("@cloudflare/workerd-linux-64/bin/workerd");
  const url = `http://127.0.0.1:${port}`;
  let child: ChildProcess;
  let exited: Promise<number>;

  const start = async () => {
    const fd = openSync(logPath, "a");
    child = spawn(binary, ["serve", configPath, "--experimental"], { cwd: outDir, stdio: ["ignore", fd, fd] });
    closeSync(fd);
    exited = new Promise((done) => child.once("exit", () => done(Date.now())));
    // 0.15 s alone; seconds when the machine is busy.
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`workerd exited (${child.exitCode}):\n${readFileSync(logPath, "utf8")}`);
      try {
        await fetch(`${url}/`);
        return;
      } catch {
        if (Date.now() > deadline) throw new Error(`workerd did not start:\n${readFileSync(logPath, "utf8")}`);
        await delay(10);
      }
    }
  };
  await start();
  return {
    url,
    logPath,
    async kill() {
      child.kill("SIGKILL");
      return exited;
    },
    restart: start,
  };
}
