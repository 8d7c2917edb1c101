/** expiry_100k and expiry_100k_callbacks: 100,000 mutes due in one second, and what their sweep does to others. */
import { setTimeout as delay } from "node:timers/promises";
import { callUrlFor } from "./apps";
import { addUsage, alarmCost, emptyUsage } from "./cost";
import { checkClean, fill, muteBody, post, round } from "./kit";
import { load } from "./load";
import { quick, SECONDS } from "./options";
import type { Receiver } from "./receiver";
import type { Served } from "./workerd";

/**
 * 100,000 mutes fall due in the same second. Meanwhile, calls on another group
 * measure how much the sweep disturbs everyone else, and a probe on the
 * expiring group bounds the longest alarm run (a call waits behind at most one run).
 * The idle figure is taken under the same load, probe included, before the
 * group fills: the two windows differ by the sweep alone.
 */
export async function expiry(
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
