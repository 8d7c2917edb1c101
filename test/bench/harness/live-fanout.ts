/**
 * live_fanout and mute_one_live: N idle sockets on one group, with the workerd
 * RSS they cost and mute_one beside them; a mute's fan-out to all N.
 */
import { loadavg } from "node:os";
import { setTimeout as delay } from "node:timers/promises";
import { meterEnd, meterStart } from "./cost";
import { accounts, checkClean, mustOk, muteBody, round, type Scenarios } from "./kit";
import { closeSockets, openSockets, quantile, rssMib } from "./live";
import type { LiveKit, Measured } from "./live-kit";
import { load } from "./load";
import { CONNECTIONS, LIVE_SOCKETS, SLICE_SECONDS, SLICES, wanted } from "./options";

/** The fan-out group of live_fanout and mute_one_live (a Community: room for 10,000 members). */
const LIVE_GROUP = "@TGS#_bench-live";

/** One set of N sockets serves both: live_fanout pushes to them, mute_one_live runs without them, then beside them. */
export async function liveFanout(kit: LiveKit): Promise<Measured> {
  const { served, fast, forbid, liveUrl, addMembers, cpuOf } = kit;
  const scenarios: Scenarios = {};
  const ratios: Record<string, number> = {};
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
  return { scenarios, ratios };
}
