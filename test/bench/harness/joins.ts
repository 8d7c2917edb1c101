/** mute_one_joins and add_500_joined: mute_one beside a stream of joins, which tell the joined-group index. */
import { setTimeout as delay } from "node:timers/promises";
import type { AppUrl } from "./apps";
import { addUsage, costPerMillion, emptyUsage } from "./cost";
import { accounts, checkClean, mustOk, muteBody, post, round, type Scenarios } from "./kit";
import { load } from "./load";
import { CONNECTIONS, SLICE_SECONDS, SLICES } from "./options";
import type { Served } from "./workerd";

/** The side load of mute_one_joins: one add_group_member of 500 new members every this many ms. */
const JOIN_GAP_MS = 250;

/**
 * mute_one in one group, in slices alone and beside a Community that gets 500 new members
 * every JOIN_GAP_MS, each add telling the joined-group index (its shards) before it answers:
 * the index must not slow the app's other groups (issue 29: by 10 % at most). Right after
 * each add, get_joined_group_list of its last account must list the group already.
 * `add_500_joined` prices one such add (its CPU: the beside slices' over their mutes' share).
 */
export async function muteBesideJoins(served: Served, fast: AppUrl): Promise<{ scenarios: Scenarios; ratio: number }> {
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
