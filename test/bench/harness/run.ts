/**
 * npm run bench [-- --quick] [-- --json FILE]
 *
 * Builds the Worker bundle as `wrangler deploy` would, serves it and a
 * baseline Worker with raw workerd (SQLite on local disk), drives load with
 * autocannon from this machine, and prints each scenario with its ratio to a
 * baseline measured in the same run.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { build } from "esbuild";
import { addUsage, alarmCost, costPerMillion, emptyUsage, meterEnd, meterStart, printCosts, type Usage } from "./cost";
import { closeSockets, openSockets, quantile, rssMib, sendOver } from "./live";
import { type Body, type LoadResult, latency, load, paced } from "./load";
import { profile } from "./profile";
import { type Receiver, startReceiver } from "./receiver";
import { type Served, serve } from "./workerd";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const jsonAt = args.indexOf("--json");
const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
/** `--only mute_one,two_hop`: the scenarios to run (throughput or not; profiling aid); default all. */
const onlyAt = args.indexOf("--only");
const only = onlyAt >= 0 ? new Set((args[onlyAt + 1] ?? "").split(",")) : null;
const wanted = (name: string) => only === null || only.has(name);
/** `--port N`: the service on N and the baseline on N + 1 (default 18787), beside another run on the default. */
const portAt = args.indexOf("--port");
const PORT = portAt >= 0 ? Number(args[portAt + 1]) : 18787;
/** `--profile send,mute_one`: a V8 CPU profile of the service's isolate while each throughput scenario runs alone. */
const profileAt = args.indexOf("--profile");
const profiled = profileAt >= 0 ? (args[profileAt + 1] ?? "").split(",") : [];
const INSPECTOR_PORT = 18789;
if (profiled.length > 0) process.env.BENCH_INSPECTOR_PORT = String(INSPECTOR_PORT);

// npm runs scripts from the package root (the harness itself runs bundled from bench-out/).
const root = process.cwd();
const out = join(root, "bench-out");
const SECONDS = quick ? 2 : 5;
/**
 * This machine is shared and its speed drifts by 2x within a minute, so the
 * throughput scenarios run interleaved in short slices (A B C A B C ...) and
 * each figure sums its slices: a drift then hits every scenario alike, and
 * the ratios hold even when the absolute figures move.
 */
const SLICES = quick ? 3 : 10;
const SLICE_SECONDS = quick ? 1 : 2;
const CONNECTIONS = 16;
/** The member page of the member_page scenario: get_group_member_info's documented maximum. */
const MEMBER_PAGE = 6000;

/** Bench apps: one with limits raised far above what this machine can offer, one at the default 200/s. */
const FAST_APP = { sdkappid: 1600000000, key: "bench-only-key-fast-app", admin: "bench_admin" };
const LIMITED_APP = { sdkappid: 1600000001, key: "bench-only-key-limited-app", admin: "bench_admin" };
/** Like FAST_APP, with 10,000 app-wide mutes of other accounts: send_app_muted against send. */
const MUTED_APP = { sdkappid: 1600000002, key: "bench-only-key-muted-app", admin: "bench_admin" };
/** Like FAST_APP, with 10,000 groups and nothing else: group_list_10k. */
const LIST_APP = { sdkappid: 1600000003, key: "bench-only-key-list-app", admin: "bench_admin" };
const unlimited = (app: typeof FAST_APP) => ({
  sdkappid: app.sdkappid,
  key: app.key,
  admins: [app.admin],
  limits: { default: 1_000_000 },
});
/** Like FAST_APP, with a callback receiver (answering at once): mute_one_callback, expiry_100k_callbacks. */
const CALLBACK_APP = { sdkappid: 1600000004, key: "bench-only-key-callback-app", admin: "bench_admin" };
/** FAST_APP's escalation ladder (escalate_6m), over the longest decayDays there is. */
const LADDER = { steps: [600, 3600, 86_400], decayDays: 90 };
const appsJson = (receiverUrl: string) =>
  JSON.stringify([
    { ...unlimited(FAST_APP), muteLadder: LADDER },
    { sdkappid: LIMITED_APP.sdkappid, key: LIMITED_APP.key, admins: [LIMITED_APP.admin] },
    unlimited(MUTED_APP),
    unlimited(LIST_APP),
    { ...unlimited(CALLBACK_APP), callback: { url: receiverUrl, token: "bench-only-callback-token" } },
  ]);

const require = createRequire(import.meta.url);
const { Api } = require("tls-sig-api-v2") as {
  Api: new (id: number, key: string) => { genUserSig(id: string, s: number): string };
};

function callUrl(base: string, app: typeof FAST_APP, command: string, service = "group_open_http_svc"): string {
  const sig = new Api(app.sdkappid, app.key).genUserSig(app.admin, 86400);
  const query = `sdkappid=${app.sdkappid}&identifier=${app.admin}&usersig=${sig}&random=1&contenttype=json`;
  return `${base}/v4/${service}/${command}?${query}`;
}

const accounts = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

/**
 * A mute body whose MuteTime grows by one second with every request, so that
 * every call changes every row it names. SQLite skips a write that stores
 * what is already there (no dirty page, no WAL frame, no fsync), so repeating
 * one body within a second would measure mostly writes that never happen,
 * against a baseline whose write always happens.
 */
let muteSerial = 0;
function muteBody(groupId: string, members: string[], topicId?: string): Body {
  const head = JSON.stringify({ GroupId: groupId, Members_Account: members, TopicId: topicId }).slice(0, -1);
  return () => `${head},"MuteTime":${600 + ++muteSerial}}`;
}

/** A text message from `from`, with a new Random on every request (a repeated one is not a new message). */
let sendSerial = 0;
function sendBody(groupId: string, from: string): Body {
  const head = JSON.stringify({
    GroupId: groupId,
    From_Account: from,
    MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hello" } }],
  }).slice(0, -1);
  return () => `${head},"Random":${++sendSerial}}`;
}

async function post(url: string, body: unknown): Promise<{ ErrorCode: number } & Record<string, unknown>> {
  const response = await fetch(url, { method: "POST", body: JSON.stringify(body) });
  const answer = (await response.json()) as { ErrorCode: number };
  if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
  return answer;
}

/** The length of one answer, in bytes. */
async function answerBytes(url: string, body: string): Promise<number> {
  const response = await fetch(url, { method: "POST", body });
  return (await response.arrayBuffer()).byteLength;
}

async function mustOk(url: string, body: unknown): Promise<void> {
  const answer = await post(url, body);
  if (answer.ErrorCode !== 0) throw new Error(`setup call failed: ${JSON.stringify(answer).slice(0, 300)}`);
}

/** The Community of mute_topic: 100 topics, 1,000 mutes in each (100,000 in all). */
const COMMUNITY = "@TGS#_bench-topics";
/** member_page's group: a Community, the one type that holds 10,000 members. */
const MEMBERS_GROUP = "@TGS#_bench-members";

async function topicsCommunity(url: (command: string, service?: string) => string): Promise<void> {
  await mustOk(url("create_group"), { Type: "Community", Name: "topics", GroupId: COMMUNITY, SupportTopic: 1 });
  const create = url("create_topic", "million_group_open_http_svc");
  const forbid = url("forbid_send_msg");
  await inParallel(100, 4, async (t) => {
    const TopicId = `${COMMUNITY}@TOPIC#_t${t}`;
    await mustOk(create, { GroupId: COMMUNITY, TopicId, TopicName: `t${t}` });
    for (let c = 0; c < 2; c++) {
      await mustOk(forbid, { GroupId: COMMUNITY, TopicId, Members_Account: accounts(500, `m${c}-`), MuteTime: 3600 });
    }
  });
}

/** Fills a group with `count` mutes, 500 accounts a call, a few calls at a time. */
async function fill(url: string, groupId: string, count: number, muteTime: (i: number) => number): Promise<void> {
  const calls = Array.from({ length: count / 500 }, (_, i) => i);
  for (let i = 0; i < calls.length; i += 4) {
    await Promise.all(
      calls
        .slice(i, i + 4)
        .map((c) => mustOk(url, { GroupId: groupId, Members_Account: accounts(500, `m${c}-`), MuteTime: muteTime(c) })),
    );
  }
}

/**
 * Any answer but OK (or 60007 where a limit is the point) fails the run. A
 * connection error or two as autocannon stops at the deadline is the client's
 * doing and only reported.
 */
function checkClean(name: string, r: LoadResult): void {
  const wrong = Object.entries(r.codes).filter(([code]) => code !== "0" && code !== "60007");
  if (r.failureKinds.errors > 0)
    console.error(`  (${name}: ${r.failureKinds.errors} connection errors at the deadline)`);
  if (
    r.failureKinds.errors > CONNECTIONS ||
    r.failureKinds.timeouts > 0 ||
    r.failureKinds.non2xx > 0 ||
    wrong.length > 0
  )
    throw new Error(`${name}: ${r.failures} failed requests, codes ${JSON.stringify(r.codes)}`);
}

async function main(): Promise<void> {
  // The machine is shared: every figure is reported with the load it was measured under.
  const loadAtStart = round(loadavg()[0]!);
  mkdirSync(out, { recursive: true });
  console.error("building the Worker bundle (wrangler deploy --dry-run) and the baseline Worker...");
  execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", join(out, "service")], {
    cwd: root,
    stdio: ["ignore", "ignore", "inherit"],
    env: { ...process.env, WRANGLER_SEND_METRICS: "false", CLOUDFLARE_CF_FETCH_ENABLED: "false" },
  });
  await build({
    entryPoints: [join(root, "test/bench/baseline-worker.ts")],
    bundle: true,
    format: "esm",
    platform: "neutral",
    external: ["cloudflare:workers"],
    outfile: join(out, "baseline/baseline.js"),
    logLevel: "warning",
  });

  const receiver = await startReceiver();
  const served: Served = await serve({
    outDir: out,
    apps: appsJson(receiver.url),
    servicePort: PORT,
    baselinePort: PORT + 1,
  });
  const scenarios: Record<string, Record<string, unknown>> = {};
  const ratios: Record<string, number> = {};
  const report = (name: string, r: LoadResult, extra: Record<string, unknown> = {}) => {
    scenarios[name] = {
      rps: Math.round(r.rps),
      p50_ms: r.p50,
      p99_ms: r.p99,
      max_ms: r.max,
      requests: r.requests,
      ...extra,
    };
    const cpuNote =
      extra.cpu_ms_per_request === undefined ? "" : `  workerd CPU ${String(extra.cpu_ms_per_request)} ms/request`;
    const rps = Math.round(r.rps).toString().padStart(7);
    console.error(`  ${name.padEnd(14)} ${rps} req/s  p50 ${r.p50} ms  p99 ${r.p99} ms${cpuNote}`);
  };

  try {
    const fast = (command: string, service?: string) => callUrl(served.serviceUrl, FAST_APP, command, service);
    const forbid = fast("forbid_send_msg");
    for (const g of [
      "bench-one",
      "bench-500",
      "bench-100k",
      "bench-10k",
      "bench-expiry",
      "bench-side",
      "bench-send",
      "bench-send-quiet",
    ]) {
      await mustOk(fast("create_group"), { Type: "Public", Name: g, GroupId: g });
    }
    // 10,000 members: over the 6,000 a Public group holds (MaxMemberNum), within a Community's 100,000.
    await mustOk(fast("create_group"), { Type: "Community", Name: "members", GroupId: MEMBERS_GROUP });
    const withCallback = (command: string) => callUrl(served.serviceUrl, CALLBACK_APP, command);
    for (const g of ["bench-one-cb", "bench-expiry-cb", "bench-side-cb"]) {
      await mustOk(withCallback("create_group"), { Type: "Public", Name: g, GroupId: g });
    }
    const muteOne = muteBody("bench-one", ["target"]);
    const mute500 = muteBody("bench-500", accounts(500, "u"));
    // Warm the isolate, the UserSig cache and the objects before measuring anything.
    await load({ url: forbid, body: muteOne, seconds: 1, connections: CONNECTIONS });
    await load({ url: `${served.baselineUrl}/two_hop`, body: "{}", seconds: 1, connections: CONNECTIONS });

    if (wanted("mute_in_100k")) await fill(forbid, "bench-100k", 100_000, () => 3600);
    if (wanted("mute_topic")) await topicsCommunity(fast);
    /** 1,000 members and 100,000 mutes of others: the send gate reads both tables. */
    const sendGroup = async (url: (command: string) => string, groupId = "bench-send") => {
      for (let c = 0; c < 2; c++) {
        await mustOk(url("add_group_member"), {
          GroupId: groupId,
          MemberList: accounts(500, `s${c}-`).map((a) => ({ Member_Account: a })),
        });
      }
      await fill(url("forbid_send_msg"), groupId, 100_000, () => 3600);
    };
    const muted = (command: string) => callUrl(served.serviceUrl, MUTED_APP, command);
    if (wanted("send") || wanted("send_app_muted") || wanted("send_quiet")) await sendGroup(fast);
    if (wanted("send_quiet")) {
      // The same group with quiet hours: seven windows (one a weekday, in seven zones), none open now.
      await sendGroup(fast, "bench-send-quiet");
      const hour = (new Date().getUTCHours() + 12) % 24;
      const zones = ["UTC", "Asia/Shanghai", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/London", "UTC"];
      const at = (h: number) => `${String(h % 24).padStart(2, "0")}:00`;
      const windows = zones.map((TimeZone, i) => ({ Days: [i + 1], Start: at(hour), End: at(hour + 1), TimeZone }));
      await mustOk(fast("modify_group_base_info"), { GroupId: "bench-send-quiet", MuteAllSchedule: windows });
    }
    if (wanted("send_app_muted")) {
      // The same group in an app where 10,000 other accounts are muted app-wide.
      await mustOk(muted("create_group"), { Type: "Public", Name: "bench-send", GroupId: "bench-send" });
      await sendGroup(muted);
      const setMute = callUrl(served.serviceUrl, MUTED_APP, "setnospeaking", "openconfigsvr");
      await inParallel(10_000, 16, (i) =>
        mustOk(setMute, { Set_Account: `app-muted-${i}`, GroupmsgNospeakingTime: 3600 }),
      );
    }
    const throughput: Record<string, { url: string; body?: Body }> = {
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
      const target = throughput[name];
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
      for (const [name, o] of Object.entries(throughput)) {
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
      report(name, results[name], {
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

    // Durable Object RPCs per call, from the access log: on the call's path (the hops a caller waits
    // for), and lease renewals sent off it.
    const hops = rpcsPerCall(served.lines());
    for (const [name, app, command] of [
      ["mute_one", FAST_APP, "forbid_send_msg"],
      ["send", FAST_APP, "send_group_msg"],
      ["send_app_muted", MUTED_APP, "send_group_msg"],
    ] as const) {
      const h = hops[`${app.sdkappid}/${command}`];
      if (scenarios[name] !== undefined && h !== undefined) {
        scenarios[name].rpcs_per_call = h.rpcs;
        scenarios[name].lease_rpcs_per_call = h.leaseRpcs;
        console.error(
          `  ${name} makes ${h.rpcs} Durable Object RPCs per call on its path, ${h.leaseRpcs} lease renewals off it`,
        );
      }
    }

    // The same in a steady stream: the interleaved slices above start each scenario with its lease run
    // out (the others ran meanwhile), so their first calls wait for one.
    if (scenarios.mute_one !== undefined) {
      const from = served.lines().length;
      await load({ url: forbid, body: muteOne, seconds: SECONDS, connections: CONNECTIONS });
      const steady = rpcsPerCall(served.lines().slice(from))[`${FAST_APP.sdkappid}/forbid_send_msg`];
      if (steady !== undefined) {
        scenarios.mute_one.rpcs_per_call_steady = steady.rpcs;
        scenarios.mute_one.lease_rpcs_per_call_steady = steady.leaseRpcs;
        console.error(
          `  mute_one in a steady ${SECONDS} s stream: ${steady.rpcs} on its path, ${steady.leaseRpcs} off it`,
        );
      }
    }

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

    if (wanted("list_10k")) {
      await fill(forbid, "bench-10k", 10_000, () => 3600);
      const url = fast("get_group_muted_account");
      const body = JSON.stringify({ GroupId: "bench-10k" });
      const start = meterStart(served);
      const list = await load({ url, body, seconds: SECONDS, connections: 4 });
      checkClean("list_10k", list);
      report("list_10k", list, {
        ...(await meterEnd(served, start, list.requests)),
        answer_bytes: await answerBytes(url, body),
      });
    }
    if (wanted("member_page")) {
      // 10,000 members, a third of them muted; one page of the documented maximum, every field.
      const add = fast("add_group_member");
      for (let c = 0; c < 20; c++) {
        await mustOk(add, {
          GroupId: MEMBERS_GROUP,
          MemberList: accounts(500, `m${c}-`).map((a) => ({ Member_Account: a })),
        });
      }
      await fill(forbid, MEMBERS_GROUP, 3_000, () => 3600);
      // The same call for one member: what every call costs whatever its length, for the per-byte figures.
      const url = fast("get_group_member_info");
      for (const [name, limit] of [
        ["member_page", MEMBER_PAGE],
        ["member_one", 1],
      ] as const) {
        const body = JSON.stringify({ GroupId: MEMBERS_GROUP, Limit: limit, Offset: 1000 });
        const start = meterStart(served);
        const page = await load({ url, body, seconds: SECONDS, connections: 4 });
        checkClean(name, page);
        report(name, page, {
          ...(await meterEnd(served, start, page.requests)),
          answer_bytes: await answerBytes(url, body),
          members_per_page: limit,
        });
      }
    }
    if (wanted("group_list_10k")) {
      // 10,000 groups in one app's directory; one page holds them all.
      const list = (command: string) => callUrl(served.serviceUrl, LIST_APP, command);
      await inParallel(10_000, 16, (i) =>
        mustOk(list("create_group"), { Type: "Public", Name: "g", GroupId: `g${i}` }),
      );
      const url = list("get_appid_group_list");
      const body = JSON.stringify({ Limit: 10_000 });
      const listed = (await post(url, { Limit: 10_000 })) as { TotalCount?: number; GroupIdList?: unknown[] };
      if (listed.TotalCount !== 10_000 || listed.GroupIdList?.length !== 10_000)
        throw new Error(`group_list_10k: listed ${listed.GroupIdList?.length} of ${listed.TotalCount}`);
      const start = meterStart(served);
      const page = await load({ url, body, seconds: SECONDS, connections: 4 });
      checkClean("group_list_10k", page);
      report("group_list_10k", page, {
        ...(await meterEnd(served, start, page.requests)),
        answer_bytes: await answerBytes(url, body),
      });
    }
    if (wanted("expiry_100k")) {
      scenarios.expiry_100k = await expiry(served, { forbid, info: fast("get_group_info") }, "bench");
    }
    if (wanted("expiry_100k_callbacks")) {
      const urls = { forbid: withCallback("forbid_send_msg"), info: withCallback("get_group_info") };
      scenarios.expiry_100k_callbacks = await expiry(served, urls, "bench", receiver);
    }
    if (wanted("limiter")) scenarios.limiter = await limiter(callUrl(served.serviceUrl, LIMITED_APP, "get_group_info"));
    if (wanted("escalate_6m") || wanted("history_page_6m")) {
      Object.assign(scenarios, await history6m(served, fast));
    }

    if (wanted("mute_one_joins")) {
      const measured = await muteBesideJoins(served, fast);
      Object.assign(scenarios, measured.scenarios);
      ratios["mute_one_joins/mute_one"] = measured.ratio;
    }
    if (["live_fanout", "mute_one_live", "live_send", "live_expiry", "mute_one_logged"].some(wanted)) {
      const measured = await live(served, fast);
      Object.assign(scenarios, measured.scenarios);
      Object.assign(ratios, measured.ratios);
    }

    printCosts(scenarios);

    const { hello, two_hop: twoHop, mute_one: one, mute_500: five, mute_in_100k: in100k } = results;
    if (one && twoHop) ratios["mute_one/two_hop"] = round(one.rps / twoHop.rps);
    if (one && results.one_hop) ratios["mute_one/one_hop"] = round(one.rps / results.one_hop.rps);
    // The same comparison in workerd CPU per request (baseline's over mute_one's): steadier than req/s here.
    if (cpu.mute_one && cpu.two_hop)
      ratios["mute_one/two_hop_cpu"] = round(
        cpu.two_hop.ms / cpu.two_hop.requests / (cpu.mute_one.ms / cpu.mute_one.requests),
      );
    if (five && one) ratios["mute_500/mute_one"] = round(five.p50 / one.p50);
    if (unloaded) ratios["mute_500/mute_one_unloaded"] = round(unloaded.five / unloaded.one);
    if (in100k && one) ratios["mute_in_100k/mute_one"] = round(in100k.rps / one.rps);
    if (results.mute_one_callback && one) {
      ratios["mute_one_callback/mute_one"] = round(results.mute_one_callback.rps / one.rps);
    }
    if (results.mute_topic && one) ratios["mute_topic/mute_one"] = round(results.mute_topic.rps / one.rps);
    if (results.send && one) ratios["send/mute_one"] = round(results.send.rps / one.rps);
    if (cpu.send && cpu.mute_one)
      ratios["send/mute_one_cpu"] = round(cpu.mute_one.ms / cpu.mute_one.requests / (cpu.send.ms / cpu.send.requests));
    if (results.send && results.send_app_muted)
      ratios["send_app_muted/send"] = round(results.send_app_muted.rps / results.send.rps);
    if (results.send && results.send_quiet)
      ratios["send_quiet/send"] = round(results.send_quiet.rps / results.send.rps);
    // Per listed entry: one member of the page against one muted account of list_10k.
    const listP50 = scenarios.list_10k?.p50_ms as number | undefined;
    const pageP50 = scenarios.member_page?.p50_ms as number | undefined;
    if (listP50 !== undefined && pageP50 !== undefined) {
      ratios["member_page/list_10k_per_entry"] = round(pageP50 / MEMBER_PAGE / (listP50 / 10_000));
      // The same per byte of answer, and per entry past the cost of any call (member_one's):
      // docs/benchmarks.md says why the per-entry target cannot hold.
      const bytes = (name: string) => scenarios[name]?.answer_bytes as number;
      ratios["member_page/list_10k_per_byte"] = round(pageP50 / bytes("member_page") / (listP50 / bytes("list_10k")));
      const cpu = (name: string) => scenarios[name]?.cpu_ms_per_request as number;
      const fixed = cpu("member_one");
      ratios["member_page/list_10k_cpu_per_entry_past_one"] = round(
        (cpu("member_page") - fixed) / (MEMBER_PAGE - 1) / ((cpu("list_10k") - fixed) / 9_999),
      );
    }
    if (twoHop && hello) ratios["two_hop/hello"] = round(twoHop.rps / hello.rps);
    if (scenarios.expiry_100k) ratios["expiry_p99/idle_p99"] = scenarios.expiry_100k.p99_ratio as number;
    if (scenarios.expiry_100k_callbacks) {
      ratios["expiry_callbacks_p99/idle_p99"] = scenarios.expiry_100k_callbacks.p99_ratio as number;
    }
    if (scenarios.limiter) ratios["limiter_accepted/limit"] = scenarios.limiter.accepted_ratio as number;
  } finally {
    await served.stop();
    await receiver.stop();
  }

  const machine = {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? "",
    memory_gib: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString().slice(0, 10),
    quick,
    load_average_1m_start: loadAtStart,
    load_average_1m_end: round(loadavg()[0]!),
  };
  console.error(
    `load average (1 min): ${machine.load_average_1m_start} at the start, ${machine.load_average_1m_end} at the end`,
  );
  console.error("ratios:");
  for (const [k, v] of Object.entries(ratios)) console.error(`  ${k.padEnd(28)} ${v}`);
  if (jsonFile !== undefined)
    writeFileSync(resolve(jsonFile), `${JSON.stringify({ machine, scenarios, ratios }, null, 2)}\n`);
}

const round = (x: number) => Math.round(x * 100) / 100;

/** Runs `call(i)` for i in 0..count-1, `width` at a time. */
async function inParallel(count: number, width: number, call: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await call(next++);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/** Mean Durable Object RPCs per successful call, by "sdkappid/command", from the access log (`rpcs`, `leaseRpcs`). */
function rpcsPerCall(lines: string[]): Record<string, { rpcs: number; leaseRpcs: number }> {
  const sums: Record<string, { rpcs: number; leaseRpcs: number; calls: number }> = {};
  for (const line of lines) {
    if (!line.includes('"rpcs":')) continue;
    const entry = JSON.parse(line.slice(line.indexOf("{"))) as {
      sdkappid: number;
      command: string;
      code: number;
      rpcs: number;
      leaseRpcs?: number;
    };
    if (entry.code !== 0) continue;
    const key = `${entry.sdkappid}/${entry.command}`;
    const sum = sums[key] ?? { rpcs: 0, leaseRpcs: 0, calls: 0 };
    sum.rpcs += entry.rpcs;
    sum.leaseRpcs += entry.leaseRpcs ?? 0;
    sum.calls += 1;
    sums[key] = sum;
  }
  const per = (n: number, calls: number) => Math.round((n / calls) * 1000) / 1000;
  return Object.fromEntries(
    Object.entries(sums).map(([key, s]) => [key, { rpcs: per(s.rpcs, s.calls), leaseRpcs: per(s.leaseRpcs, s.calls) }]),
  );
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

/**
 * 100,000 mutes fall due in the same second. Meanwhile, calls on another group
 * measure how much the sweep disturbs everyone else, and a probe on the
 * expiring group bounds the longest alarm run (a call waits behind at most one run).
 * The idle figure is taken under the same load, probe included, before the
 * group fills: the two windows differ by the sweep alone.
 */
async function expiry(
  served: Served,
  urls: { forbid: string; info: string },
  prefix: string,
  receiver?: Receiver,
): Promise<Record<string, unknown>> {
  const { forbid, info } = urls;
  const name = receiver === undefined ? "expiry_100k" : "expiry_100k_callbacks";
  const group = receiver === undefined ? `${prefix}-expiry` : `${prefix}-expiry-cb`;
  const side = muteBody(receiver === undefined ? `${prefix}-side` : `${prefix}-side-cb`, ["x"]);
  /** Sequential calls on the expiring group for the window plus a second; resolves to the slowest, in ms. */
  const probe = async () => {
    let worst = 0;
    const until = Date.now() + (SECONDS + 1) * 1000;
    while (Date.now() < until) {
      const started = process.hrtime.bigint();
      await post(info, { GroupIdList: [group] });
      worst = Math.max(worst, Number(process.hrtime.bigint() - started) / 1e6);
    }
    return worst;
  };
  const idleProbe = probe();
  const idle = await load({ url: forbid, body: side, seconds: SECONDS, connections: 4 });
  const worstIdleProbe = await idleProbe;

  const dueAt = Math.floor(Date.now() / 1000) + (quick ? 12 : 20);
  const filledFrom = Date.now();
  await fill(forbid, group, 100_000, () => dueAt - Math.floor(Date.now() / 1000));
  const fillSeconds = (Date.now() - filledFrom) / 1000;
  if (Date.now() / 1000 > dueAt - 1) throw new Error(`${name}: the fill took too long to fall due together`);
  await delay(Math.max(0, dueAt * 1000 - Date.now() - 500));

  const sweepLogsBefore = served.lines().length;
  const sweepProbe = probe();
  const during = await load({ url: forbid, body: side, seconds: SECONDS, connections: 4 });
  const worstProbe = await sweepProbe;
  checkClean(name, during);

  // The sweep may outlast the window: wait (bounded) for its last run, and time it from the due second.
  const sweep = () => {
    let removed = 0;
    let runs = 0;
    let more = true;
    for (const line of served.lines().slice(sweepLogsBefore)) {
      if (!line.includes('"event":"mute_sweep"')) continue;
      const entry = JSON.parse(line.slice(line.indexOf("{"))) as { group: string; removed: number; more: boolean };
      if (entry.group !== group) continue;
      removed += entry.removed;
      runs += 1;
      more = entry.more;
    }
    return { removed, runs, more };
  };
  let swept = sweep();
  while (swept.more && Date.now() < dueAt * 1000 + 60_000) {
    await delay(100);
    swept = sweep();
  }
  const sweepSeconds = (Date.now() - dueAt * 1000) / 1000;
  const { removed, runs, more } = swept;
  // With callbacks: every expiry must reach the receiver within 60 s of the due second, none lost.
  let delivered: Record<string, unknown> = {};
  if (receiver !== undefined) {
    while (receiver.expired(group) < 100_000 && Date.now() < dueAt * 1000 + 60_000) await delay(100);
    delivered = {
      expiry_events_accounts: receiver.expired(group),
      expiries_delivered_within_s: round((Date.now() - dueAt * 1000) / 1000),
      all_expiries_delivered: receiver.expired(group) === 100_000,
    };
  }
  const listed = (await post(callUrlFor(forbid, "get_group_muted_account"), { GroupId: group })) as {
    MutedAccountList?: unknown[];
  };
  const result = {
    fill_s: round(fillSeconds),
    swept_rows: removed,
    alarm_runs: runs,
    sweep_complete: removed === 100_000 && !more,
    // Upper bound: the first poll after the last run, counted from the due second.
    sweep_done_within_s: round(sweepSeconds),
    still_listed: listed.MutedAccountList?.length ?? -1,
    worst_same_group_call_ms: round(worstProbe),
    worst_same_group_call_idle_ms: round(worstIdleProbe),
    idle_p99_ms: idle.p99,
    p99_ms: during.p99,
    rps: Math.round(during.rps),
    p99_ratio: round(during.p99 / Math.max(idle.p99, 1)),
    ...delivered,
    // What the 100,000 expiries cost: the alarm runs from the due second on (sweeps, and with
    // callbacks their deliveries), as their own log lines count them.
    ...alarmCost(addUsage(emptyUsage(), served.lines().slice(sweepLogsBefore)), 100_000),
  };
  console.error(`  ${name.padEnd(14)} ${JSON.stringify(result)}`);
  return result;
}

/** The group of escalate_6m and history_page_6m, and its account that the measured calls name. */
const HISTORY_GROUP = "bench-history-6m";
const HISTORY_ACCOUNT = "h0-7";

/**
 * 6,000,000 history entries (12,000 mutes of 500 accounts: a minute of them at
 * 200/s), each account of 24 x 500 named in 500 of them; then Escalate of one
 * account, and that account's history page, as single calls one after
 * another (p50 to the sub-millisecond; issue 26: each under 5 ms, whatever the
 * history's length).
 */
async function history6m(
  served: Served,
  fast: (command: string) => string,
): Promise<Record<string, Record<string, unknown>>> {
  const forbid = fast("forbid_send_msg");
  const historyUrl = fast("get_group_mute_history");
  await mustOk(fast("create_group"), { Type: "Public", Name: "history", GroupId: HISTORY_GROUP });
  const filledFrom = Date.now();
  await inParallel(12_000, 4, (c) =>
    mustOk(forbid, { GroupId: HISTORY_GROUP, Members_Account: accounts(500, `h${c % 24}-`), MuteTime: 3600 }),
  );
  const fillSeconds = round((Date.now() - filledFrom) / 1000);
  // The newest entry's number is the history's length.
  const newest = await post(historyUrl, { GroupId: HISTORY_GROUP, Limit: 1 });
  if (newest.Next !== "6000000") throw new Error(`history_6m: the history holds ${String(newest.Next)} entries`);
  const count = quick ? 200 : 500;
  const results: Record<string, Record<string, unknown>> = {};
  const measure = async (name: string, url: string, body: Body, extra: Record<string, unknown>) => {
    const start = meterStart(served);
    const r = await latency({ url, body, count });
    results[name] = {
      p50_ms: round(r.p50),
      p99_ms: round(r.p99),
      calls: count,
      ...(await meterEnd(served, start, count)),
      history_entries: 6_000_000,
      fill_s: fillSeconds,
      ...extra,
    };
    console.error(`  ${name.padEnd(16)} ${JSON.stringify(results[name])}`);
  };
  const escalate = { GroupId: HISTORY_GROUP, Members_Account: [HISTORY_ACCOUNT], Escalate: 1 };
  await mustOk(forbid, escalate);
  if (wanted("escalate_6m")) {
    // The same account muted for a MuteTime, in the same group: what any mute costs there.
    const plain = await latency({ url: forbid, body: muteBody(HISTORY_GROUP, [HISTORY_ACCOUNT]), count });
    await measure("escalate_6m", forbid, JSON.stringify(escalate), { accounts: 1, mute_p50_ms: round(plain.p50) });
  }
  if (wanted("history_page_6m")) {
    const page = { GroupId: HISTORY_GROUP, Member_Account: HISTORY_ACCOUNT, Limit: 20 };
    const first = (await post(historyUrl, page)) as { HistoryList?: unknown[]; Next?: string };
    if (first.HistoryList?.length !== 20 || first.Next === "") throw new Error("history_page_6m: no full page");
    // The next page, from the first's Next, at the largest Limit: the same reads, five times the entries.
    const next = JSON.stringify({ ...page, Limit: 100, Next: first.Next });
    const deeper = await latency({ url: historyUrl, body: next, count });
    await measure("history_page_6m", historyUrl, JSON.stringify(page), {
      limit: 20,
      limit_100_from_next_p50_ms: round(deeper.p50),
    });
  }
  return results;
}

/** The side load of mute_one_joins: one add_group_member of 500 new members every this many ms. */
const JOIN_GAP_MS = 250;

/**
 * mute_one in one group, in slices alone and beside a Community that gets 500 new members
 * every JOIN_GAP_MS, each add telling the joined-group index (its shards) before it answers:
 * the index must not slow the app's other groups (issue 29: by 10 % at most). Right after
 * each add, get_joined_group_list of its last account must list the group already.
 * `add_500_joined` prices one such add (its CPU: the beside slices' over their mutes' share).
 */
async function muteBesideJoins(
  served: Served,
  fast: (command: string) => string,
): Promise<{ scenarios: Record<string, Record<string, unknown>>; ratio: number }> {
  const group = "@TGS#_bench-joins";
  await mustOk(fast("create_group"), { Type: "Community", Name: "joins", GroupId: group, MaxMemberCount: 100_000 });
  const add = fast("add_group_member");
  const listed = fast("get_joined_group_list");
  const muteOne = { url: fast("forbid_send_msg"), body: muteBody("bench-one", ["target"]) };
  let batch = 0;
  let stop = false;
  let notListed = 0;
  const addMs: number[] = [];
  const joins = async () => {
    while (!stop) {
      const members = accounts(500, `j${batch++}-`);
      const started = performance.now();
      await mustOk(add, { GroupId: group, MemberList: members.map((a) => ({ Member_Account: a })) });
      addMs.push(performance.now() - started);
      const last = (await post(listed, { Member_Account: members[499] })) as { GroupIdList?: { GroupId: string }[] };
      if (!last.GroupIdList?.some((g) => g.GroupId === group)) notListed += 1;
      await delay(JOIN_GAP_MS);
    }
  };
  const sums = { alone: { requests: 0, cpu: 0 }, beside: { requests: 0, cpu: 0 } };
  const usage = { alone: emptyUsage(), beside: emptyUsage(), adds: emptyUsage() };
  for (let s = 0; s < SLICES; s++) {
    for (const name of ["alone", "beside"] as const) {
      stop = false;
      const side = name === "beside" ? joins() : Promise.resolve();
      const cpuBefore = served.cpuMs();
      const logBefore = served.logEnd();
      const r = await load({ seconds: SLICE_SECONDS, connections: CONNECTIONS, ...muteOne });
      stop = true;
      await side;
      checkClean(`mute_one_joins (${name})`, r);
      sums[name].requests += r.requests;
      sums[name].cpu += served.cpuMs() - cpuBefore;
      await delay(50);
      const lines = served.linesFrom(logBefore);
      addUsage(usage[name], lines, "forbid_send_msg");
      if (name === "beside") addUsage(usage.adds, lines, "add_group_member");
    }
  }
  const seconds = SLICES * SLICE_SECONDS;
  addMs.sort((a, b) => a - b);
  const scenario = {
    alone_rps: Math.round(sums.alone.requests / seconds),
    beside_rps: Math.round(sums.beside.requests / seconds),
    adds: addMs.length,
    members_joined: addMs.length * 500,
    add_500_p50_ms: round(addMs[Math.floor(addMs.length / 2)] ?? 0),
    add_500_max_ms: round(addMs.at(-1) ?? 0),
    not_listed_after_add: notListed,
    cpu_ms_per_s_alone: Math.round(sums.alone.cpu / seconds),
    cpu_ms_per_s_beside: Math.round(sums.beside.cpu / seconds),
  };
  console.error(`  mute_one_joins ${JSON.stringify(scenario)}`);
  const cpuPerMute = sums.alone.cpu / Math.max(1, sums.alone.requests);
  const cpuPerAdd = Math.max(0, sums.beside.cpu - sums.beside.requests * cpuPerMute) / Math.max(1, addMs.length);
  return {
    scenarios: {
      mute_one_joins: {
        ...scenario,
        cpu_ms_per_request: round(cpuPerMute),
        ...costPerMillion(usage.beside, cpuPerMute),
      },
      add_500_joined: {
        adds: addMs.length,
        cpu_ms_per_request: round(cpuPerAdd),
        ...(usage.adds.calls > 0 ? costPerMillion(usage.adds, cpuPerAdd) : {}),
      },
    },
    ratio: round(sums.beside.requests / sums.alone.requests),
  };
}

const callUrlFor = (url: string, command: string) => url.replace("/forbid_send_msg?", `/${command}?`);

/**
 * 5x overload of one command of an app limited to 200/s, offered evenly (open
 * loop). The first second spends the burst; the next five show the steady rate.
 */
async function limiter(url: string): Promise<Record<string, unknown>> {
  const limit = 200;
  const seconds = 5;
  const r = await paced({
    url,
    body: JSON.stringify({ GroupIdList: ["bench-one"] }),
    rate: 5 * limit,
    warmup: 1,
    seconds,
  });
  const accepted = (r.codes["0"] ?? 0) / seconds;
  const unexpected = Object.entries(r.codes).filter(([code]) => code !== "0" && code !== "60007");
  if (unexpected.length > 0) throw new Error(`limiter: unexpected answers ${JSON.stringify(r.codes)}`);
  const result = {
    offered_rps: 5 * limit,
    measured_s: seconds,
    accepted_rps: round(accepted),
    refused: r.codes["60007"] ?? 0,
    accepted_ratio: round(accepted / limit),
  };
  console.error(`  limiter        ${JSON.stringify(result)}`);
  return result;
}

/** The fan-out group of live_fanout and mute_one_live (a Community: room for 10,000 members). */
const LIVE_GROUP = "@TGS#_bench-live";
/** `--live-sockets N`: live_fanout's sockets (default 10,000; a quick run 2,000). */
const liveSocketsAt = args.indexOf("--live-sockets");
const LIVE_SOCKETS = liveSocketsAt >= 0 ? Number(args[liveSocketsAt + 1]) : quick ? 2000 : 10_000;

/**
 * The live channel (issue 28): N idle sockets on one group, with the workerd
 * RSS they cost and mute_one beside them; a mute's fan-out to all N; sends over
 * 16 sockets against send_group_msg over 16 connections; 100 mutes' Expire Tips
 * against the wall clock.
 */
async function live(
  served: Served,
  fast: (command: string) => string,
): Promise<{ scenarios: Record<string, Record<string, unknown>>; ratios: Record<string, number> }> {
  const scenarios: Record<string, Record<string, unknown>> = {};
  const ratios: Record<string, number> = {};
  const signer = new Api(FAST_APP.sdkappid, FAST_APP.key);
  const wsBase = served.serviceUrl.replace(/^http/, "ws");
  const liveUrl = (groupId: string) => (account: string) =>
    `${wsBase}/v4/group_live/connect?sdkappid=${FAST_APP.sdkappid}&identifier=${account}` +
    `&usersig=${signer.genUserSig(account, 86400)}&GroupId=${encodeURIComponent(groupId)}`;
  const addMembers = async (groupId: string, members: string[]) => {
    for (let i = 0; i < members.length; i += 500) {
      const MemberList = members.slice(i, i + 500).map((a) => ({ Member_Account: a }));
      await mustOk(fast("add_group_member"), { GroupId: groupId, MemberList });
    }
  };
  const forbid = fast("forbid_send_msg");
  const cpuOf = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
    const before = served.cpuMs();
    const r = await run();
    return [r, served.cpuMs() - before];
  };

  if (wanted("live_fanout") || wanted("mute_one_live")) {
    await mustOk(fast("create_group"), {
      Type: "Community",
      Name: "live",
      GroupId: LIVE_GROUP,
      MaxMemberCount: 20_000,
    });
    const members = accounts(LIVE_SOCKETS, "f");
    await addMembers(LIVE_GROUP, members);
    const muteOne = { url: forbid, body: muteBody("bench-one", ["target"]) };
    const twoHop = { url: `${served.baselineUrl}/two_hop`, body: "{}" };
    /** mute_one and two_hop in interleaved slices: mute_one's rate over two_hop's cancels the drift. */
    const sliced = async () => {
      let one = 0;
      let hop = 0;
      for (let s = 0; s < SLICES; s++) {
        const r = await load({ seconds: SLICE_SECONDS, connections: CONNECTIONS, ...muteOne });
        checkClean("mute_one_live", r);
        one += r.requests;
        hop += (await load({ seconds: SLICE_SECONDS, connections: CONNECTIONS, ...twoHop })).requests;
      }
      const seconds = SLICES * SLICE_SECONDS;
      return { mute_one_rps: Math.round(one / seconds), two_hop_rps: Math.round(hop / seconds) };
    };
    const without = wanted("mute_one_live") ? await sliced() : undefined;
    const rssBefore = rssMib(served.pid);
    console.error(`  live: connecting ${LIVE_SOCKETS} sockets to ${LIVE_GROUP} (workerd RSS ${rssBefore} MiB)...`);
    const [opened, connectCpu] = await cpuOf(() =>
      openSockets(liveUrl(LIVE_GROUP), members, 32, (n) => console.error(`    ${n} open`)),
    );
    const { sockets, perSecond } = opened;
    await delay(3000);
    const rssIdle = rssMib(served.pid);
    if (wanted("live_fanout")) {
      const rounds: Record<string, unknown>[] = [];
      const metered = meterStart(served);
      for (let round_ = 0; round_ < 3; round_++) {
        const target = members[round_ * 7]!;
        const arrivals: number[] = [];
        for (const s of sockets) {
          let seen = false;
          s.onFrame = (frame, atMs) => {
            if (!seen && frame.Type === "Tips") {
              seen = true;
              arrivals.push(atMs);
            }
          };
        }
        const cpuBefore = served.cpuMs();
        const clientBefore = process.cpuUsage();
        const sentAt = Date.now();
        await mustOk(forbid, { GroupId: LIVE_GROUP, Members_Account: [target], MuteTime: 600 + round_ });
        const answeredAt = Date.now();
        const until = answeredAt + 10_000;
        while (arrivals.length < sockets.length && Date.now() < until) await delay(5);
        const fromAnswer = arrivals.map((t) => t - answeredAt);
        const fromSend = arrivals.map((t) => t - sentAt);
        rounds.push({
          reached: arrivals.length,
          answer_ms: answeredAt - sentAt,
          p99_from_answer_ms: quantile(fromAnswer, 0.99),
          max_from_answer_ms: quantile(fromAnswer, 1),
          p99_from_send_ms: quantile(fromSend, 0.99),
          max_from_send_ms: quantile(fromSend, 1),
          within_500ms_of_answer: round(fromAnswer.filter((t) => t <= 500).length / sockets.length),
          within_1s_of_answer: round(fromAnswer.filter((t) => t <= 1000).length / sockets.length),
          workerd_cpu_ms: served.cpuMs() - cpuBefore,
          // The sockets' side (this process, on the same two cores) takes its share of the wait.
          client_cpu_ms: Math.round(((c) => (c.user + c.system) / 1000)(process.cpuUsage(clientBefore))),
          load_average_1m: round(loadavg()[0]!),
        });
        for (const s of sockets) s.onFrame = null;
        await delay(500);
      }
      // Priced per mute: its call, and its Tips pushed to every socket (outgoing frames are not billed).
      const perMute = await meterEnd(served, metered, rounds.length, "forbid_send_msg");
      scenarios.live_fanout = {
        ...perMute,
        sockets: sockets.length,
        connects_per_s: Math.round(perSecond),
        connect_cpu_ms_per_socket: round(connectCpu / sockets.length),
        workerd_rss_mib_before: rssBefore,
        workerd_rss_mib_idle_sockets: rssIdle,
        rss_kib_per_socket: Math.round(((rssIdle - rssBefore) * 1024) / sockets.length),
        rounds,
      };
      console.error(`  live_fanout    ${JSON.stringify(scenarios.live_fanout)}`);
    }
    if (without !== undefined) {
      const withSockets = await sliced();
      scenarios.mute_one_live = {
        sockets: sockets.length,
        with_sockets: withSockets,
        without_sockets: without,
      };
      ratios["mute_one_live/mute_one"] = round(
        withSockets.mute_one_rps / withSockets.two_hop_rps / (without.mute_one_rps / without.two_hop_rps),
      );
      ratios["mute_one_live/mute_one_raw"] = round(withSockets.mute_one_rps / without.mute_one_rps);
      console.error(`  mute_one_live  ${JSON.stringify(scenarios.mute_one_live)}`);
    }
    await closeSockets(sockets);
  }

  if (wanted("live_send")) {
    const group = "bench-live-send";
    await mustOk(fast("create_group"), { Type: "Public", Name: "live-send", GroupId: group });
    const members = accounts(CONNECTIONS, "l");
    await addMembers(group, members);
    const { sockets } = await openSockets(liveUrl(group), members, CONNECTIONS);
    // Both paths push each Message to the same 16 sockets; only the way in differs.
    const http = { url: fast("send_group_msg"), body: sendBody(group, "l0"), connections: CONNECTIONS };
    let socketOk = 0;
    let socketCpu = 0;
    let httpOk = 0;
    let httpCpu = 0;
    const codes: Record<string, number> = {};
    for (let s = 0; s < SLICES; s++) {
      const [r, cpu] = await cpuOf(() => sendOver(sockets, SLICE_SECONDS));
      socketOk += r.ok;
      socketCpu += cpu;
      for (const [code, n] of Object.entries(r.codes)) codes[code] = (codes[code] ?? 0) + n;
      const [h, hCpu] = await cpuOf(() => load({ seconds: SLICE_SECONDS, ...http }));
      checkClean("live_send", h);
      httpOk += h.codes["0"] ?? 0;
      httpCpu += hCpu;
    }
    // Under each socket's limit (10 a second): the same offered rate on both paths, latency and
    // workerd CPU per send against the same (the closed loop above spends most of its CPU on refusals).
    const gapMs = 125;
    const [paced, pacedCpu] = await cpuOf(() => sendOver(sockets, SECONDS * 2, gapMs));
    const [pacedHttp, pacedHttpCpu] = await cpuOf(() =>
      load({ seconds: SECONDS * 2, ...http, rate: (CONNECTIONS * 1000) / gapMs }),
    );
    checkClean("live_send_paced", pacedHttp);
    const perSend = (ms: number, sends: number) => Math.round((ms / Math.max(1, sends)) * 1000) / 1000;
    const seconds = SLICES * SLICE_SECONDS;
    scenarios.live_send = {
      sockets: sockets.length,
      acks_by_code: codes,
      socket_ok_per_s: Math.round(socketOk / seconds),
      http_ok_per_s: Math.round(httpOk / seconds),
      socket_cpu_ms_per_ack: perSend(
        socketCpu,
        Object.values(codes).reduce((a, b) => a + b, 0),
      ),
      http_cpu_ms_per_send: perSend(httpCpu, httpOk),
      paced_per_s: (CONNECTIONS * 1000) / gapMs,
      paced_socket_p50_ms: quantile(paced.latencies, 0.5),
      paced_socket_p99_ms: quantile(paced.latencies, 0.99),
      paced_http_p50_ms: pacedHttp.p50,
      paced_http_p99_ms: pacedHttp.p99,
      paced_socket_cpu_ms_per_send: perSend(pacedCpu, paced.ok),
      paced_http_cpu_ms_per_send: perSend(pacedHttpCpu, pacedHttp.codes["0"] ?? 0),
      paced_socket_codes: paced.codes,
    };
    ratios["live_send/send"] = round(socketOk / Math.max(1, httpOk));
    ratios["live_send/send_paced_cpu"] = round(
      pacedHttpCpu / Math.max(1, pacedHttp.codes["0"] ?? 0) / (pacedCpu / Math.max(1, paced.ok)),
    );
    ratios["live_send/send_paced_p50"] = round(pacedHttp.p50 / Math.max(0.01, quantile(paced.latencies, 0.5)));
    console.error(`  live_send      ${JSON.stringify(scenarios.live_send)}`);
    await closeSockets(sockets);
  }

  if (wanted("live_expiry")) {
    const group = "bench-live-expiry";
    await mustOk(fast("create_group"), { Type: "Public", Name: "live-expiry", GroupId: group });
    const members = accounts(100, "e");
    await addMembers(group, members);
    const { sockets } = await openSockets(liveUrl(group), members, 16);
    const late: number[] = [];
    for (const s of sockets) {
      s.onFrame = (frame, atMs) => {
        if (frame.Type !== "Tips" || frame.Change !== "Expire") return;
        const mine = (frame.MemberChangeInfoList as { Member_Account: string; MuteUntil: number }[]).find(
          (e) => e.Member_Account === s.account,
        );
        if (mine !== undefined) late.push(atMs - mine.MuteUntil * 1000);
      };
    }
    let lastUntil = 0;
    const logBefore = served.logEnd();
    await inParallel(100, 4, async (i) => {
      const MuteTime = 2 + (i % 4);
      await mustOk(forbid, { GroupId: group, Members_Account: [members[i]!], MuteTime });
      lastUntil = Math.max(lastUntil, Math.floor(Date.now() / 1000) + MuteTime + 1);
    });
    while (late.length < 100 && Date.now() < lastUntil * 1000 + 10_000) await delay(20);
    await delay(50);
    scenarios.live_expiry = {
      // The alarm runs that ended the 100 mutes and pushed their Expire Tips, per million expiries.
      ...alarmCost(addUsage(emptyUsage(), served.linesFrom(logBefore)), 100),
      mutes: 100,
      expire_frames: late.length,
      p50_after_mute_until_ms: quantile(late, 0.5),
      p99_after_mute_until_ms: quantile(late, 0.99),
      max_after_mute_until_ms: quantile(late, 1),
      min_after_mute_until_ms: quantile(late, 0),
    };
    console.error(`  live_expiry    ${JSON.stringify(scenarios.live_expiry)}`);
    await closeSockets(sockets);
  }

  if (wanted("mute_one_logged")) {
    // A group whose frame log records (a socket was connected within 24 hours) but with no socket
    // now, against one whose log does not: the cost of the live_frames row a change writes.
    const group = "bench-live-logged";
    await mustOk(fast("create_group"), { Type: "Public", Name: "live-logged", GroupId: group });
    await addMembers(group, ["k0"]);
    const { sockets } = await openSockets(liveUrl(group), ["k0"], 1);
    await closeSockets(sockets);
    await delay(500);
    const plain = { url: forbid, body: muteBody("bench-one", ["target"]) };
    const logged = { url: forbid, body: muteBody(group, ["target"]) };
    const sums = { plain: { requests: 0, cpu: 0 }, logged: { requests: 0, cpu: 0 } };
    const usage = { plain: emptyUsage(), logged: emptyUsage() };
    for (let s = 0; s < SLICES; s++) {
      for (const [name, o] of [
        ["plain", plain],
        ["logged", logged],
      ] as const) {
        const logBefore = served.logEnd();
        const [r, cpu] = await cpuOf(() => load({ seconds: SLICE_SECONDS, connections: CONNECTIONS, ...o }));
        checkClean(`mute_one_logged (${name})`, r);
        sums[name].requests += r.requests;
        sums[name].cpu += cpu;
        await delay(50);
        addUsage(usage[name], served.linesFrom(logBefore), "forbid_send_msg");
      }
    }
    const seconds = SLICES * SLICE_SECONDS;
    const perRequest = (x: { requests: number; cpu: number }) => Math.round((x.cpu / x.requests) * 1000) / 1000;
    scenarios.mute_one_logged = {
      cpu_ms_per_request: perRequest(sums.logged),
      ...costPerMillion(usage.logged, perRequest(sums.logged)),
      plain_rows_written_per_call: costPerMillion(usage.plain, perRequest(sums.plain)).rows_written_per_call!,
      logged_rps: Math.round(sums.logged.requests / seconds),
      plain_rps: Math.round(sums.plain.requests / seconds),
      logged_cpu_ms_per_request: perRequest(sums.logged),
      plain_cpu_ms_per_request: perRequest(sums.plain),
    };
    ratios["mute_one_logged/mute_one"] = round(sums.logged.requests / sums.plain.requests);
    console.error(`  mute_one_logged ${JSON.stringify(scenarios.mute_one_logged)}`);
  }
  return { scenarios, ratios };
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
