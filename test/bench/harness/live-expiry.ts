/** live_expiry: 100 mutes' Expire Tips against the wall clock. */
import { setTimeout as delay } from "node:timers/promises";
import { addUsage, alarmCost, emptyUsage } from "./cost";
import { accounts, inParallel, mustOk, type Scenarios } from "./kit";
import { closeSockets, openSockets, quantile } from "./live";
import type { LiveKit, Measured } from "./live-kit";

export async function liveExpiry(kit: LiveKit): Promise<Measured> {
  const { served, fast, forbid, liveUrl, addMembers } = kit;
  const scenarios: Scenarios = {};
  const ratios: Record<string, number> = {};
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
  return { scenarios, ratios };
}
