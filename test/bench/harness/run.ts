/**
 * npm run bench [-- --quick] [-- --json FILE]
 *
 * Builds the Worker bundle as `wrangler deploy` would, serves it and a
 * baseline Worker with raw workerd (SQLite on local disk), drives load with
 * autocannon from this machine, and prints each scenario with its ratio to a
 * baseline measured in the same run.
 *
 * This file runs the scenarios in order and prints the ratios; each family of
 * scenarios is its own module beside it (options.ts has the flags).
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { appsJson, appUrl, CALLBACK_APP, FAST_APP, LIMITED_APP } from "./apps";
import { printCosts } from "./cost";
import { expiry } from "./expiry";
import { history6m } from "./history";
import { muteBesideJoins } from "./joins";
import { round, type Scenarios } from "./kit";
import { limiter } from "./limiter";
import { liveExpiry } from "./live-expiry";
import { liveFanout } from "./live-fanout";
import { liveKit, type Measured } from "./live-kit";
import { muteOneLogged } from "./live-logged";
import { liveSend } from "./live-send";
import { jsonFile, out, PORT, quick, root, wanted } from "./options";
import { MEMBER_PAGE, reads } from "./reads";
import { startReceiver } from "./receiver";
import { type Throughput, throughput } from "./throughput";
import { type Served, serve } from "./workerd";

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
  const scenarios: Scenarios = {};
  const ratios: Record<string, number> = {};
  const add = (measured: Measured) => {
    Object.assign(scenarios, measured.scenarios);
    Object.assign(ratios, measured.ratios);
  };

  try {
    const fast = appUrl(served.serviceUrl, FAST_APP);
    const withCallback = appUrl(served.serviceUrl, CALLBACK_APP);
    const rates = await throughput(served, receiver, scenarios);
    await reads(served, scenarios);
    if (wanted("expiry_100k")) {
      const urls = { forbid: fast("forbid_send_msg"), info: fast("get_group_info") };
      scenarios.expiry_100k = await expiry(served, urls, "bench");
    }
    if (wanted("expiry_100k_callbacks")) {
      const urls = { forbid: withCallback("forbid_send_msg"), info: withCallback("get_group_info") };
      scenarios.expiry_100k_callbacks = await expiry(served, urls, "bench", receiver);
    }
    if (wanted("limiter")) scenarios.limiter = await limiter(appUrl(served.serviceUrl, LIMITED_APP)("get_group_info"));
    if (wanted("escalate_6m") || wanted("history_page_6m")) {
      Object.assign(scenarios, await history6m(served, fast));
    }

    if (wanted("mute_one_joins")) {
      const joins = await muteBesideJoins(served, fast);
      Object.assign(scenarios, joins.scenarios);
      ratios["mute_one_joins/mute_one"] = joins.ratio;
    }
    // The live channel (issue 28): N idle sockets on one group, with the workerd RSS they cost and
    // mute_one beside them; a mute's fan-out to all N; sends over 16 sockets against send_group_msg
    // over 16 connections; 100 mutes' Expire Tips against the wall clock.
    if (["live_fanout", "mute_one_live", "live_send", "live_expiry", "mute_one_logged"].some(wanted)) {
      const kit = liveKit(served, fast);
      if (wanted("live_fanout") || wanted("mute_one_live")) add(await liveFanout(kit));
      if (wanted("live_send")) add(await liveSend(kit));
      if (wanted("live_expiry")) add(await liveExpiry(kit));
      if (wanted("mute_one_logged")) add(await muteOneLogged(kit));
    }

    printCosts(scenarios);
    addRatios(ratios, rates, scenarios);
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

/** The ratios of the throughput, read and expiry scenarios, after the ones the others added as they ran. */
function addRatios(ratios: Record<string, number>, rates: Throughput, scenarios: Scenarios): void {
  const { results, cpu, unloaded } = rates;
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
  if (results.send && results.send_quiet) ratios["send_quiet/send"] = round(results.send_quiet.rps / results.send.rps);
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
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
