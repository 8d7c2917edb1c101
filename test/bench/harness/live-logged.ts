/** mute_one_logged: mute_one in a group whose frame log records, against one whose log does not. */
import { setTimeout as delay } from "node:timers/promises";
import { addUsage, costPerMillion, emptyUsage } from "./cost";
import { checkClean, mustOk, muteBody, round, type Scenarios } from "./kit";
import { closeSockets, openSockets } from "./live";
import type { LiveKit, Measured } from "./live-kit";
import { load } from "./load";
import { CONNECTIONS, SLICE_SECONDS, SLICES } from "./options";

export async function muteOneLogged(kit: LiveKit): Promise<Measured> {
  const { served, fast, forbid, liveUrl, addMembers, cpuOf } = kit;
  const scenarios: Scenarios = {};
  const ratios: Record<string, number> = {};
  // A group whose frame log records (a socket was connected within 24 hours) but with no socket
  // now, against one whose log does not: the cost of the live_frames row a change writes.
  const group = "bench-live-logged";
  await mustOk(fast("create_group"), { Type: "Public", Name: "live-logged", GroupId: group });
  await addMembers(group, ["k0"]);
  const { sockets } = await openSockets(liveUrl(group), ["k0"], 1);
  // A change while the socket is there: its frame is the log's last row, so the log records for a day
  // (a log with no frame yet records only while a socket is connected).
  await mustOk(forbid, { GroupId: group, Members_Account: ["k0"], MuteTime: 1 });
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
  return { scenarios, ratios };
}
