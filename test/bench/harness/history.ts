/** escalate_6m and history_page_6m: Escalate and a history page in a group of 6,000,000 history entries. */
import type { AppUrl } from "./apps";
import { meterEnd, meterStart } from "./cost";
import { accounts, inParallel, mustOk, muteBody, post, round, type Scenarios } from "./kit";
import { type Body, latency } from "./load";
import { quick, wanted } from "./options";
import type { Served } from "./workerd";

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
export async function history6m(served: Served, fast: AppUrl): Promise<Scenarios> {
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
  const results: Scenarios = {};
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
