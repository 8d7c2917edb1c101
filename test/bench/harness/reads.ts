/** The read scenarios: long answers (list_10k, member_page and member_one, group_list_10k), their cost and bytes. */
import { setTimeout as delay } from "node:timers/promises";
import { appUrl, FAST_APP, LIST_APP } from "./apps";
import { meterEnd, meterStart } from "./cost";
import { accounts, answerBytes, checkClean, fill, inParallel, mustOk, post, report, type Scenarios } from "./kit";
import { load } from "./load";
import { SECONDS, wanted } from "./options";
import type { Served } from "./workerd";

/** The member page of the member_page scenario: get_group_member_info's documented maximum. */
export const MEMBER_PAGE = 6000;
/** member_page's group: a Community, the one type that holds 10,000 members. */
export const MEMBERS_GROUP = "@TGS#_bench-members";

export async function reads(served: Served, scenarios: Scenarios): Promise<void> {
  const fast = appUrl(served.serviceUrl, FAST_APP);
  const forbid = fast("forbid_send_msg");
  if (wanted("list_10k")) {
    await fill(forbid, "bench-10k", 10_000, () => 3600);
    const url = fast("get_group_muted_account");
    const body = JSON.stringify({ GroupId: "bench-10k" });
    const start = meterStart(served);
    const list = await load({ url, body, seconds: SECONDS, connections: 4 });
    checkClean("list_10k", list);
    report(scenarios, "list_10k", list, {
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
      report(scenarios, name, page, {
        ...(await meterEnd(served, start, page.requests)),
        answer_bytes: await answerBytes(url, body),
        members_per_page: limit,
      });
    }
  }
  if (wanted("group_list_10k")) {
    // 10,000 groups in one app's directory; one page holds them all.
    const list = appUrl(served.serviceUrl, LIST_APP);
    // One workerd process holds every object here, and 10,000 new SQLite databases at once can run
    // its SQLite allocator dry (SQLITE_NOMEM): such a create answers 10002, "safe to retry", and is
    // retried as a client would, once idle objects are evicted. The retries are reported.
    let retries = 0;
    await inParallel(10_000, 16, async (i) => {
      const body = { Type: "Public", Name: "g", GroupId: `g${i}` };
      for (let attempt = 0; ; attempt++) {
        const answer = await post(list("create_group"), body);
        if (answer.ErrorCode === 0) return;
        if (answer.ErrorCode !== 10002 || attempt === 30) {
          throw new Error(`group_list_10k: create_group failed: ${JSON.stringify(answer).slice(0, 300)}`);
        }
        retries += 1;
        await delay(1000);
      }
    });
    const url = list("get_appid_group_list");
    const body = JSON.stringify({ Limit: 10_000 });
    const listed = (await post(url, { Limit: 10_000 })) as { TotalCount?: number; GroupIdList?: unknown[] };
    if (listed.TotalCount !== 10_000 || listed.GroupIdList?.length !== 10_000)
      throw new Error(`group_list_10k: listed ${listed.GroupIdList?.length} of ${listed.TotalCount}`);
    const start = meterStart(served);
    const page = await load({ url, body, seconds: SECONDS, connections: 4 });
    checkClean("group_list_10k", page);
    report(scenarios, "group_list_10k", page, {
      ...(await meterEnd(served, start, page.requests)),
      answer_bytes: await answerBytes(url, body),
      create_retries_10002: retries,
    });
  }
}
