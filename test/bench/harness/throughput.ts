/**
 * The throughput scenarios against the baseline's: interleaved slices of each,
 * their CPU and cost per request, then mute_one_callback's deliveries, the
 * RPCs per call, and the unloaded p50 of mute_one and mute_500.
 */
import { setTimeout as delay } from "node:timers/promises";
import { appUrl, CALLBACK_APP, FAST_APP, MUTED_APP } from "./apps";
import { addUsage, costPerMillion, emptyUsage, type Usage } from "./cost";
import { accounts, checkClean, muteBody, post, report, round, type Scenarios, sendBody } from "./kit";
import { type Body, type LoadResult, latency, load } from "./load";
import { CONNECTIONS, INSPECTOR_PORT, out, profiled, quick, SECONDS, SLICE_SECONDS, SLICES, wanted } from "./options";
import { profile } from "./profile";
import type { Receiver } from "./receiver";
import { rpcsOnPath } from "./rpcs";
import { COMMUNITY, createGroups, fillGroups } from "./throughput-setup";
import type { Served } from "./workerd";

/** What the ratios take from the throughput scenarios. */
export interface Throughput {
  /** Each scenario's slices as one figure. */
  results: Record<string, LoadResult>;
  /** workerd CPU over each scenario's slices, and their requests. */
  cpu: Record<string, { ms: number; requests: number }>;
  /** p50 of single calls, ms: mute_one's and mute_500's (when mute_500 ran). */
  unloaded: { one: number; five: number } | undefined;
}

export async function throughput(served: Served, receiver: Receiver, scenarios: Scenarios): Promise<Throughput> {
  const fast = appUrl(served.serviceUrl, FAST_APP);
  const forbid = fast("forbid_send_msg");
  const withCallback = appUrl(served.serviceUrl, CALLBACK_APP);
  const muted = appUrl(served.serviceUrl, MUTED_APP);
  await createGroups(fast, withCallback);
  const muteOne = muteBody("bench-one", ["target"]);
  const mute500 = muteBody("bench-500", accounts(500, "u"));
  // Warm the isolate, the UserSig cache and the objects before measuring anything.
  await load({ url: forbid, body: muteOne, seconds: 1, connections: CONNECTIONS });
  await load({ url: `${served.baselineUrl}/two_hop`, body: "{}", seconds: 1, connections: CONNECTIONS });

  await fillGroups(fast, muted);
  const table: Record<string, { url: string; body?: Body }> = {
    hello: { url: `${served.baselineUrl}/hello` },
    two_hop: { url: `${served.baselineUrl}/two_hop`, body: "{}" },
    one_hop: { url: `${served.baselineUrl}/one_hop`, body: "{}" },
    mute_one: { url: forbid, body: muteOne },
    mute_500: { url: forbid, body: mute500 },
    mute_in_100k: { url: forbid, body: muteBody("bench-100k", ["target"]) },
    mute_one_callback: { url: withCallback("forbid_send_msg"), body: muteBody("bench-one-cb", ["target"]) },
    mute_topic: { url: forbid, body: muteBody(COMMUNITY, ["target"], `${COMMUNITY}@TOPIC#_t50`) },
    send: { url: fast("send_group_msg"), body: sendBody("bench-send", "s0-1") },
    send_app_muted: { url: muted("send_group_msg"), body: sendBody("bench-send", "s0-1") },
    send_quiet: { url: fast("send_group_msg"), body: sendBody("bench-send-quiet", "s0-1") },
  };
  for (const name of profiled) {
    const target = table[name];
    if (target === undefined) throw new Error(`--profile: no throughput scenario ${name}`);
    const lines = await profile(INSPECTOR_PORT, name, out, () =>
      load({ seconds: SECONDS * 2, connections: CONNECTIONS, ...target }),
    );
    console.error(`profile of ${name} (bench-out/${name}.cpuprofile):\n${lines.slice(0, 16).join("\n")}`);
  }
  console.error(`throughput (${CONNECTIONS} connections, ${SLICES} interleaved slices of ${SLICE_SECONDS} s each):`);
  const slices: Record<string, LoadResult[]> = {};
  const cpu: Record<string, { ms: number; requests: number }> = {};
  const usage: Record<string, Usage> = {};
  for (let slice = 0; slice < SLICES; slice++) {
    for (const [name, o] of Object.entries(table)) {
      if (!wanted(name)) continue;
      const cpuBefore = served.cpuMs();
      const logBefore = served.logEnd();
      const r = await load({ seconds: SLICE_SECONDS, connections: CONNECTIONS, ...o });
      const spent = cpu[name] ?? { ms: 0, requests: 0 };
      spent.ms += served.cpuMs() - cpuBefore;
      spent.requests += r.requests;
      cpu[name] = spent;
      // The access lines of the slice (and of the alarms in it) are the calls' own.
      await delay(50);
      usage[name] = addUsage(usage[name] ?? emptyUsage(), served.linesFrom(logBefore));
      if (o.url.startsWith(served.serviceUrl)) checkClean(name, r);
      slices[name] = [...(slices[name] ?? []), r];
    }
  }
  const results: Record<string, LoadResult> = {};
  for (const [name, list] of Object.entries(slices)) {
    results[name] = combine(list, SLICE_SECONDS);
    const cpuPerRequest = cpu[name]!.ms / Math.max(1, cpu[name]!.requests);
    report(scenarios, name, results[name], {
      cpu_ms_per_request: Math.round(cpuPerRequest * 1000) / 1000,
      slices_rps: list.map((r) => Math.round(r.rps)),
      ...(usage[name]!.calls > 0 ? costPerMillion(usage[name]!, cpuPerRequest) : {}),
    });
  }

  // What the receiver got of mute_one_callback's events so far, and what still waits in the outbox.
  if (scenarios.mute_one_callback !== undefined) {
    const info = (await post(withCallback("get_group_info"), { GroupIdList: ["bench-one-cb"] })) as {
      GroupInfo?: { UndeliveredCallbacks?: number }[];
    };
    const undelivered = info.GroupInfo?.[0]?.UndeliveredCallbacks ?? -1;
    Object.assign(scenarios.mute_one_callback, { events_received: receiver.counts().events, undelivered });
    console.error(`  mute_one_callback: ${receiver.counts().events} events received, ${undelivered} waiting`);
  }

  await rpcsOnPath(served, scenarios, { url: forbid, body: muteOne });

  // p50 of single calls without queueing, to the sub-millisecond.
  let unloaded: { one: number; five: number } | undefined;
  if (wanted("mute_500")) {
    const n = quick ? 200 : 500;
    unloaded = {
      one: (await latency({ url: forbid, body: muteOne, count: n })).p50,
      five: (await latency({ url: forbid, body: mute500, count: n })).p50,
    };
    if (scenarios.mute_one) scenarios.mute_one.unloaded_p50_ms = round(unloaded.one);
    scenarios.mute_500!.unloaded_p50_ms = round(unloaded.five);
    console.error(`  unloaded p50: mute_one ${round(unloaded.one)} ms, mute_500 ${round(unloaded.five)} ms`);
  }
  return { results, cpu, unloaded };
}

/** One figure from a scenario's slices: total requests over total time; the median slice's latencies. */
function combine(list: LoadResult[], sliceSeconds: number): LoadResult {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const requests = list.reduce((n, r) => n + r.requests, 0);
  return {
    ...list[0]!,
    rps: requests / (list.length * sliceSeconds),
    requests,
    p50: median(list.map((r) => r.p50)),
    p99: median(list.map((r) => r.p99)),
    max: Math.max(...list.map((r) => r.max)),
  };
}
