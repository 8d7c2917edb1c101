/** Durable Object RPCs per call: of the throughput scenarios, and of mute_one in a steady stream. */
import { FAST_APP, MUTED_APP } from "./apps";
import type { Scenarios } from "./kit";
import { type Body, load } from "./load";
import { CONNECTIONS, SECONDS } from "./options";
import type { Served } from "./workerd";

/** Adds the RPCs per call to mute_one's, send's and send_app_muted's figures; `muteOne` is mute_one's load. */
export async function rpcsOnPath(
  served: Served,
  scenarios: Scenarios,
  muteOne: { url: string; body: Body },
): Promise<void> {
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
    await load({ ...muteOne, seconds: SECONDS, connections: CONNECTIONS });
    const steady = rpcsPerCall(served.lines().slice(from))[`${FAST_APP.sdkappid}/forbid_send_msg`];
    if (steady !== undefined) {
      scenarios.mute_one.rpcs_per_call_steady = steady.rpcs;
      scenarios.mute_one.lease_rpcs_per_call_steady = steady.leaseRpcs;
      console.error(
        `  mute_one in a steady ${SECONDS} s stream: ${steady.rpcs} on its path, ${steady.leaseRpcs} off it`,
      );
    }
  }
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
