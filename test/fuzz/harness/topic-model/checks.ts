/**
 * The topic model's checks after each step: the muted lists, get_topic, member info, and the send
 * gate.
 */

import { type Answer, DEMO_APP } from "../../../helpers";
import { callNow } from "../app/calls";
import { NOT_ALLOWED, OK_ENVELOPE } from "../codes";
import { show } from "../harness";
import type { World } from "../world";
import type { TopicCaseSetup, topicCaseModel } from "./case";
import { byText, REPEAT_SECONDS, type TopicProbe, type TopicScope } from "./types";

/** A fresh Random for the topic model's sends (a sender's Random again within five minutes is one message). */
let topicRandom = 0;
/** What the checks after a step read: the case's model, the property's helpers, the topics in creation order. */
type TopicStepCheck = ReturnType<typeof topicCaseModel> &
  Pick<TopicCaseSetup, "GroupId" | "accounts" | "topicIds" | "community" | "fail" | "OUT"> & {
    world: World;
    at: (t: TopicScope) => { TopicId?: string };
    topicCall: (command: string, body: unknown) => Promise<Answer>;
    scopes: TopicScope[];
    expectExactly: (answer: Answer, want: unknown, what: string) => void;
    FLAG: string;
    order: number[];
  };

/** The checks after each step of the topic model (the probe `p`): the reads, then the send gate everywhere. */
export async function checkTopicStep(c: TopicStepCheck, p: TopicProbe): Promise<void> {
  const {
    GroupId,
    accounts,
    topicIds,
    community,
    fail,
    OUT,
    world,
    at,
    topicCall,
    scopes,
    expectExactly,
    FLAG,
    modelOf,
    lastRandom,
    what,
    unknownTopic,
    muteIn,
    mutedNow,
    gate,
    order,
  } = c;
  // The checks, at the clock as the step left it: the reads at once, then each sender's sends (one
  // per scope) at once, as concurrent calls of one community.
  const t = world.clock.now;
  const [listName, untilName] = p.legacy ? ["ShuttedUinList", "ShuttedUntil"] : ["MutedAccountList", "MutedUntil"];
  const lists = scopes.map(async (scope) => {
    const m = modelOf(scope);
    const body = { GroupId, ...at(scope) };
    const answer = await callNow(p.legacy ? "get_group_shutted_uin" : "get_group_muted_account", body, {});
    const list =
      m === null
        ? []
        : [...m.mutes]
            .filter(([, x]) => x.until > t)
            .sort(([a], [b]) => byText(a, b))
            .map(([account, x]) => ({
              Member_Account: account,
              [untilName]: x.until,
              ...(x.reason === "" ? {} : { Reason: x.reason }),
            }));
    const want = unknownTopic(scope) ?? { ...OK_ENVELOPE, GroupId, [listName]: list };
    expectExactly(answer, want, `the muted list of ${show(body)} at ${t} ${what()}`);
  });
  // The first sender's view of every topic: creation order, mute-all, MsgSeq, times, and its own mute
  // there (a non-member's is 10007; the app admin asks for no one's).
  const view = (async () => {
    const self = accounts[p.senders[0]!];
    const ResponseFilter = ["ShutUpAllFlag", "NextMsgSeq", "LastMsgTime", "CreateTime"];
    const body = { GroupId, ...(self === undefined ? {} : { From_Account: self }), ResponseFilter };
    const answer = await topicCall("get_topic", body);
    const entries = order.map((i) => {
      const m = modelOf(i)!;
      const TopicInfo = {
        TopicId: topicIds[i],
        CreateTime: m.created,
        LastMsgTime: m.lastMsgTime,
        NextMsgSeq: m.seq + 1,
        ShutUpAllFlag: m.muteAll ? 1 : 0,
      };
      const SelfInfo = { ShutUpTime: self === undefined ? 0 : mutedNow(m, self, t), MsgSeq: 0, MsgFlag: FLAG };
      return { ErrorCode: 0, ErrorInfo: "", TopicInfo, ...(self === undefined ? {} : { SelfInfo }) };
    });
    const want =
      p.senders[0] === OUT
        ? fail(NOT_ALLOWED, `From_Account: ${self} is not a member of the group`)
        : { ...OK_ENVELOPE, TopicAndSelfInfo: entries };
    expectExactly(answer, want, `get_topic ${show(body)} at ${t} ${what()}`);
  })();
  // The members' own view: MuteUntil is the community's mute, never a topic's.
  const members = (async () => {
    const body = { GroupId, Member_List_Account: accounts, MemberInfoFilter: ["MuteUntil"] };
    const answer = await callNow("get_specified_group_member_info", body, {});
    const byAccount = (a: unknown, b: unknown) => (show(a) < show(b) ? -1 : show(a) > show(b) ? 1 : 0);
    const got = Array.isArray(answer.MemberList)
      ? [...(answer.MemberList as Record<string, unknown>[])].sort((a, b) =>
          byAccount(a.Member_Account, b.Member_Account),
        )
      : answer.MemberList;
    const list = accounts
      .filter((a) => a !== accounts[OUT])
      .sort(byAccount)
      .map((a) => {
        const x = muteIn(community, a, t);
        const until = x?.until ?? 0;
        const reason = x === null || x.reason === "" ? {} : { Reason: x.reason };
        return { Member_Account: a, MuteUntil: until, ShutUpUntil: until, ...reason };
      });
    const want = { ...OK_ENVELOPE, GroupId, MemberList: list };
    expectExactly({ ...answer, MemberList: got }, want, `get_specified_group_member_info at ${t} ${what()}`);
  })();
  await Promise.all([...lists, view, members]);
  // The send gate, everywhere.
  for (const sender of p.senders) {
    const sends = scopes.map(async (scope) => {
      const m = modelOf(scope);
      const account = accounts[sender];
      const last = `${scope}\n${sender}`;
      const Random = (p.repeat ? lastRandom.get(last) : undefined) ?? 3_500_000_000 + ++topicRandom;
      const body = {
        GroupId,
        ...(account === undefined ? {} : { From_Account: account }),
        Random,
        MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }],
        ...at(scope),
      };
      // The gate first: a refused send is no message, and a repeat of an earlier one is refused too.
      const refusal = gate(sender, scope, t);
      const from = account ?? DEMO_APP.admin;
      const first = m?.recent.get(`${from}\n${Random}`);
      const repeat = refusal === null && first !== undefined && first.time > t - REPEAT_SECONDS;
      const want =
        refusal ??
        (repeat
          ? { ...OK_ENVELOPE, MsgTime: first.time, MsgSeq: first.seq }
          : { ...OK_ENVELOPE, MsgTime: t, MsgSeq: (m?.seq ?? 0) + 1 });
      const answer = await callNow("send_group_msg", body, {});
      expectExactly(answer, want, `send_group_msg ${show(body)}${repeat ? " (a repeat)" : ""} at ${t} ${what()}`);
      if (refusal === null && m !== null && !repeat) {
        m.seq += 1;
        m.lastMsgTime = t;
        m.sent.push({ seq: m.seq, from, random: Random, time: t });
        m.recent.set(`${from}\n${Random}`, { seq: m.seq, time: t });
        lastRandom.set(last, Random);
      }
    });
    await Promise.all(sends);
  }
}
