/**
 * The run's flags (`--quick`, `--only`, `--json`, `--port`, `--profile`,
 * `--live-sockets`) and the durations and widths they set.
 */
import { join } from "node:path";

const args = process.argv.slice(2);
export const quick = args.includes("--quick");
const jsonAt = args.indexOf("--json");
export const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
/** `--only mute_one,two_hop`: the scenarios to run (throughput or not; profiling aid); default all. */
const onlyAt = args.indexOf("--only");
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? "").split(",")) : null;
export const wanted = (name: string) => only === null || only.has(name);
/** `--port N`: the service on N and the baseline on N + 1 (default 18787), beside another run on the default. */
const portAt = args.indexOf("--port");
export const PORT = portAt >= 0 ? Number(args[portAt + 1]) : 18787;
/** `--profile send,mute_one`: a V8 CPU profile of the service's isolate while each throughput scenario runs alone. */
const profileAt = args.indexOf("--profile");
export const profiled = profileAt >= 0 ? (args[profileAt + 1] ?? "").split(",") : [];
export const INSPECTOR_PORT = 18789;
if (profiled.length > 0) process.env.BENCH_INSPECTOR_PORT = String(INSPECTOR_PORT);
/** `--live-sockets N`: live_fanout's sockets (default 10,000; a quick run 2,000). */
const liveSocketsAt = args.indexOf("--live-sockets");
export const LIVE_SOCKETS = liveSocketsAt >= 0 ? Number(args[liveSocketsAt + 1]) : quick ? 2000 : 10_000;

// npm runs scripts from the package root (the harness itself runs bundled from bench-out/).
export const root = process.cwd();
export const out = join(root, "bench-out");
export const SECONDS = quick ? 2 : 5;
/**
 * This machine is shared and its speed drifts by 2x within a minute, so the
 * throughput scenarios run interleaved in short slices (A B C A B C ...) and
 * each figure sums its slices: a drift then hits every scenario alike, and
 * the ratios hold even when the absolute figures move.
 */
export const SLICES = quick ? 3 : 10;
export const SLICE_SECONDS = quick ? 1 : 2;
export const CONNECTIONS = 16;
