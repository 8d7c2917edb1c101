/** live_send: sends over 16 sockets against send_group_msg over 16 connections. */
import { setTimeout as delay } from "node:timers/promises";
import { addUsage, costPerMillion, emptyUsage } from "./cost";
import { accounts, checkClean, mustOk, round, type Scenarios, sendBody } from "./kit";
import { closeSockets, openSockets, quantile, sendOver } from "./live";
import type { LiveKit, Measured } from "./live-kit";
import { load } from "./load";
import { CONNECTIONS, SECONDS, SLICE_SECONDS, SLICES } from "./options";

export async function liveSend(kit: LiveKit): Promise<Measured> {
  const { served, fast, liveUrl, addMembers, cpuOf } = kit;
  const scenarios: Scenarios = {};
  const ratios: Record<string, number> = {};
  const group = "bench-live-send";
  await mustOk(fast("create_group"), { Type: "Public", Name: "live-send", GroupId: group });
  const members = accounts(CONNECTIONS, "l");
  await addMembers(group, members);
  const { sockets } = await openSockets(liveUrl(group), members, CONNECTIONS);
  // Both paths push each Message to the same 16 sockets; only the way in differs.
  const http = { url: fast("send_group_msg"), body: sendBody(group, "l0"), connections: CONNECTIONS };
  let socketOk = 0;
  let socketCpu = 0;
  const socketUsage = emptyUsage();
  let httpOk = 0;
  let httpCpu = 0;
  const codes: Record<string, number> = {};
  for (let s = 0; s < SLICES; s++) {
    const logBefore = served.logEnd();
    const [r, cpu] = await cpuOf(() => sendOver(sockets, SLICE_SECONDS));
    await delay(50);
    addUsage(socketUsage, served.linesFrom(logBefore), "live_send");
    socketOk += r.ok;
    socketCpu += cpu;
    for (const [code, n] of Object.entries(r.codes)) codes[code] = (codes[code] ?? 0) + n;
    const [h, hCpu] = await cpuOf(() => load({ seconds: SLICE_SECONDS, ...http }));
    checkClean("live_send", h);
    httpOk += h.codes["0"] ?? 0;
    httpCpu += hCpu;
  }
  // Paced (8 a second a socket): the same offered rate on both paths, latency and workerd CPU
  // per send against the same.
  const gapMs = 125;
  const [paced, pacedCpu] = await cpuOf(() => sendOver(sockets, SECONDS * 2, gapMs));
  const [pacedHttp, pacedHttpCpu] = await cpuOf(() =>
    load({ seconds: SECONDS * 2, ...http, rate: (CONNECTIONS * 1000) / gapMs }),
  );
  checkClean("live_send_paced", pacedHttp);
  const perSend = (ms: number, sends: number) => Math.round((ms / Math.max(1, sends)) * 1000) / 1000;
  const seconds = SLICES * SLICE_SECONDS;
  const cpuPerAck = socketCpu / Math.max(1, socketUsage.calls);
  scenarios.live_send = {
    // Priced per Send taken (the refused ones' CPU included: what the closed loop offered cost).
    cpu_ms_per_request: round(cpuPerAck),
    ...(socketUsage.calls > 0 ? costPerMillion(socketUsage, cpuPerAck, true) : {}),
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
  return { scenarios, ratios };
}
