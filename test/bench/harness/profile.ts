/**
 * A V8 CPU profile of the service's isolate (the Worker and its Durable
 * Objects run in it) while one scenario runs: `npm run bench -- --profile send`.
 * workerd serves its inspector when BENCH_INSPECTOR_PORT is set. Writes
 * bench-out/NAME.cpuprofile (Chrome DevTools opens it) and prints the
 * functions with the most self time, in µs per request; bench-out/NAME.self.json
 * keeps them all, to set two scenarios side by side.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** One DevTools protocol session over the inspector's WebSocket. */
async function session(port: number, title: string) {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    title: string;
    webSocketDebuggerUrl: string;
  }[];
  const target = targets.find((t) => t.title.includes(title)) ?? targets[0];
  if (target === undefined) throw new Error("profile: the inspector lists no isolate");
  const socket = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = reject;
  });
  let next = 0;
  const waiting = new Map<number, (result: unknown) => void>();
  socket.onmessage = (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  };
  const send = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve) => {
      next += 1;
      waiting.set(next, resolve);
      socket.send(JSON.stringify({ id: next, method, params }));
    });
  return { send, close: () => socket.close() };
}

/** Profiles `run` (answering the requests it made) in the service's isolate; answers the summary lines. */
export async function profile(
  port: number,
  name: string,
  outDir: string,
  run: () => Promise<{ requests: number }>,
): Promise<string[]> {
  const s = await session(port, "service");
  await s.send("Profiler.enable");
  await s.send("Profiler.setSamplingInterval", { interval: 100 });
  await s.send("Profiler.start");
  const { requests } = await run();
  const { profile: p } = (await s.send("Profiler.stop")) as { profile: CpuProfile };
  s.close();
  writeFileSync(join(outDir, `${name}.cpuprofile`), JSON.stringify(p));
  const fns = selfTimes(p);
  writeFileSync(join(outDir, `${name}.self.json`), JSON.stringify({ requests, fns }));
  return summary(fns, requests);
}

/** Self time (µs) by function, idle left out. */
function selfTimes(p: CpuProfile): Record<string, number> {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  for (const [i, id] of p.samples.entries()) self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0));
  const fns: Record<string, number> = {};
  for (const [id, us] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    if (functionName === "(idle)") continue;
    const key = `${functionName || "(anonymous)"} ${url.split("/").pop() ?? ""}:${lineNumber + 1}`;
    fns[key] = (fns[key] ?? 0) + us;
  }
  return fns;
}

function summary(fns: Record<string, number>, requests: number): string[] {
  const busy = Object.values(fns).reduce((a, b) => a + b, 0);
  const per = (us: number) => `${(us / Math.max(1, requests)).toFixed(1).padStart(6)} µs`;
  return [
    `${requests} requests, ${per(busy)} of samples per request; top self time per request:`,
    ...Object.entries(fns)
      .sort((a, b) => b[1] - a[1])
      .slice(0, 40)
      .map(([key, us]) => `  ${per(us)}  ${key}`),
  ];
}
