/**
 * The topic model: a topic's mutes and mute-all hold in that topic only; the community's in all of it.
 */

import { runDurableObjectAlarm } from "cloudflare:test";
import fc from "fast-check";
import { type Answer, DEMO_APP, groupStub, uniqueGroupId } from "../../../helpers";
import { muteUntil } from "../app/body-properties";
import { callNow } from "../app/calls";
import type { MuteSeconds } from "../app/mute-model";
import { NO_TOPIC, NOT_ALLOWED, OK, OK_ENVELOPE, PERMANENT, TAKEN } from "../codes";
import { PropertyFailure, runProperty, show } from "../harness";
import { muteHistoryProblem } from "../oracles/group";
import { HISTORY_PAGE } from "../oracles/messages-topics";
import type { Property } from "../property";
import { COMMUNITY_PREFIX, must, TOPIC_MARK, TOPICS } from "../world";
import { topicModelArbitraries } from "./arbitraries";
import { topicCaseModel } from "./case";
import { checkTopicStep } from "./checks";
import { byText, type ScopeModel, type TopicProbe, type TopicScope, type TopicStep } from "./types";

/**
 * Sequences of forbid_send_msg with and without a TopicId (mutes of a few seconds, an hour,
 * permanent, the seconds that end just before or exactly at 4294967295, and 0 to unmute; MuteTime
 * or ShutUpTime), modify_group_member_info's mute with and without one, MuteAllMember of the
 * community (modify_group_base_info) and of a topic (modify_topic), destroy_topic and create_topic
 * of the same custom TopicIds, clock moves (some to exactly a mute's end, a second before or
 * after) and the community's alarm (its sweep of the mutes that ran out), in a Community with
 * topics of its own (the demo app): after every step, get_group_muted_account (or
 * get_group_shutted_uin) of the community and of each topic answers exactly the model's mutes of
 * that scope, running now; get_topic answers each topic in creation order with its ShutUpAllFlag,
 * NextMsgSeq, times and the caller's ShutUpTime there (10007 for a non-member);
 * get_specified_group_member_info answers each member's mute in the community alone; and
 * send_group_msg from members (owner, admin, members), a non-member and the app admin, in the
 * community and in each topic, is refused exactly when the model says: 10007 for a non-member;
 * 10017 for a mute in the community (in every topic too), then a mute in that topic (there
 * only), then the community's mute-all (everywhere) and the topic's (there only), from which the
 * owner and admins are free but not from their mutes; 110003 in a topic that does not exist; else
 * the scope's next MsgSeq (a topic's own, from 1 again once it is made anew). A sender's Random
 * again in the same scope within five minutes answers the first send (a topic made anew has
 * forgotten the Randoms of the one destroyed). So no topic's mute ever reaches another topic or
 * the community. Each case ends reading each scope's history: what it sent there, newest first.
 *
 * Mutes carry a Reason now and then ("", none, multibyte, 256 bytes): the muted lists and member
 * info answer it (last) only where there is one, and a 10017 for a mute appends "; muted for N
 * more seconds: <reason>" (or "; muted permanently: <reason>"). And each case ends reading the
 * community's get_group_mute_history in pages of 1..7 through Next, then one account's: first come
 * exactly the entries of the case, newest first, with Time, Operator_Account, MutedUntil, Reason
 * and TopicId: a call's Mute entries in its order (an account named twice once), preceded by an
 * Expire of each account named whose mute ran out unswept; Unmute only of accounts muted; the
 * alarm's Expire of every mute that ran out; an Unmute of each mute in force in a destroyed topic;
 * MuteAll / UnmuteAll only for a switch that changes something.
 */
export const topicModelProperty: Property = {
  name: "model: a topic's mutes and mute-all hold in that topic only; the community's in all of it",
  weight: 0.5,
  run: async ({ world }, numRuns) => {
    const GroupId = uniqueGroupId(`${COMMUNITY_PREFIX}fuzz-tm`);
    /** Owner, admin, two members, a non-member; the app admin (no From_Account) is index APP_ADMIN. */
    const accounts = ["tm_owner", "tm_admin", "tm_m0", "tm_m1", "tm_out"];
    const [OWNER, ADMIN, , , OUT] = [0, 1, 2, 3, 4];
    const APP_ADMIN = accounts.length;
    /** Every member's MsgFlag: the model changes none. */
    const FLAG = "AcceptAndNotify";
    await must("create_group", {
      Type: "Community",
      Name: "topic mutes",
      GroupId,
      SupportTopic: 1,
      Owner_Account: accounts[OWNER],
      MemberList: [
        { Member_Account: accounts[ADMIN], Role: "Admin" },
        { Member_Account: accounts[2] },
        { Member_Account: accounts[3] },
      ],
    });
    /** The pool of custom TopicIds: the first three are made at the start of every case, the last is not. */
    const POOL = 4;
    const topicIds = Array.from({ length: POOL }, (_, i) => `${GroupId}${TOPIC_MARK}t${i}`);
    const { who, step, probe } = topicModelArbitraries(accounts, POOL, APP_ADMIN);
    const resolve = (s: MuteSeconds, now: number) =>
      s === "edge" ? PERMANENT - now : s === "edge-1" ? PERMANENT - now - 1 : s;
    const notFound = (t: string) => `${t} does not exist in the group, or was destroyed`;
    const fresh = (now: number): ScopeModel => ({
      mutes: new Map(),
      muteAll: false,
      seq: 0,
      created: now,
      lastMsgTime: 0,
      sent: [],
      recent: new Map(),
    });
    const at = (t: TopicScope) => (t === null ? {} : { TopicId: topicIds[t]! });
    const topicCall = (command: string, body: unknown) => callNow(command, body, TOPICS);
    const scopes: TopicScope[] = [null, ...topicIds.map((_, i) => i)];
    /** The answer must be exactly `want` (as JSON, keys in order). */
    const expectExactly = (answer: Answer, want: unknown, what: string) => {
      if (JSON.stringify(answer) !== JSON.stringify(want))
        throw new PropertyFailure(`${what}: answered ${show(answer, 2000)}, want ${show(want, 2000)}`);
    };
    const fail = (code: number, info: string) => ({ ActionStatus: "FAIL", ErrorCode: code, ErrorInfo: info });

    // Pinned: unmutes, expiries and a destroy of several accounts each, named out of account order (their
    // entries come in account order), an account named twice, and reasons.
    const probe0: TopicProbe = { senders: [2], repeat: false, legacy: false };
    const forbid = (who: number[], t: TopicScope, seconds: MuteSeconds, reason?: string): [TopicStep, TopicProbe] => [
      { kind: "forbid", who, scope: t, seconds, legacy: false, ...(reason === undefined ? {} : { reason }) },
      probe0,
    ];
    const pinnedTopicCases: [[TopicStep, TopicProbe][], number, number][] = [
      [
        [
          forbid([3, 1, 0, 3], null, PERMANENT, "spam"),
          forbid([0, 3, 1], 0, 60),
          forbid([2, 0, 3, 1], null, 0),
          [{ kind: "advance", seconds: 61 }, probe0],
          forbid([1, 0, 3], 0, 5, "again"),
          [{ kind: "destroy", topics: [0, 1] }, probe0],
        ],
        2,
        3,
      ],
      [
        [
          forbid([4, 2, 0], 1, 3, "刷屏 ✓ 😀"),
          forbid([3, 2], null, 2),
          [{ kind: "advance", seconds: 5 }, probe0],
          [{ kind: "alarm" }, probe0],
          forbid([0, 4, 2], 1, 0),
        ],
        1,
        2,
      ],
    ];
    const caseArb = fc.tuple(
      fc.array(fc.tuple(step, probe), { minLength: 1, maxLength: 8 }),
      // How the case's mute history is read at its end: the page size, and whose history is read too.
      fc.integer({ min: 1, max: 7 }),
      who,
    );
    return runProperty(
      caseArb,
      numRuns,
      async ([steps, pageSize, historyOf]) => {
        world.clock.advance(1);
        // Each case starts afresh: the pool's topics destroyed and made again (no mutes, mute-all Off, MsgSeq from 1),
        // the accounts unmuted in the community, its mute-all Off.
        await must("destroy_topic", { GroupId, TopicIdList: topicIds }, TOPICS);
        const start = world.clock.now;
        const topics: (ScopeModel | null)[] = topicIds.map(() => null);
        for (const [i, TopicId] of topicIds.slice(0, POOL - 1).entries()) {
          await must("create_topic", { GroupId, TopicId, TopicName: `t${i}` }, TOPICS);
          topics[i] = fresh(start);
        }
        /** The topics that exist, in creation order. */
        let order = topicIds.slice(0, POOL - 1).map((_, i) => i);
        await must("forbid_send_msg", { GroupId, Members_Account: accounts, MuteTime: 0 });
        await must("modify_group_base_info", { GroupId, MuteAllMember: "Off" });
        const info = await must("get_group_info", { GroupIdList: [GroupId] });
        const community = fresh(start);
        community.seq = (info.GroupInfo[0].NextMsgSeq as number) - 1;
        const caseModel = topicCaseModel({
          GroupId,
          accounts,
          topicIds,
          community,
          topics,
          fail,
          notFound,
          OWNER,
          ADMIN,
          OUT,
        });
        const { modelOf, log, what, unknownTopic, history, entry, mute } = caseModel;

        for (const [s, p] of steps) {
          const now = world.clock.now;
          log.push(`${JSON.stringify(s)} (then ${JSON.stringify(p)}) at ${now}`);
          if (s.kind === "advance") {
            world.clock.advance(s.seconds);
          } else if (s.kind === "boundary") {
            // To the end of the nearest mute that runs out within the hour (or a second off it).
            const ends = [community, ...topics]
              .flatMap((m) => (m === null ? [] : [...m.mutes.values()].map((x) => x.until)))
              .filter((u) => u > now && u <= now + 3600);
            if (ends.length > 0) world.clock.advance(Math.max(0, Math.min(...ends) + s.offset - now));
          } else if (s.kind === "alarm") {
            await runDurableObjectAlarm(groupStub(GroupId));
            // The sweep removes every mute that ran out (all are due: the alarm is due by the earliest end), in
            // (scope, account) order, each scope's Expire entries together: the community's first, then each
            // topic's by TopicId.
            const byScope = scopes
              .filter((t) => modelOf(t) !== null)
              .sort((a, b) => (a === null ? -1 : b === null ? 1 : byText(topicIds[a]!, topicIds[b]!)));
            for (const t of byScope) {
              const m = modelOf(t)!;
              for (const [a, x] of [...m.mutes].sort(([a], [b]) => byText(a, b))) {
                if (x.until > now) continue;
                history.push(entry(now, "Expire", a, "", x.until, x.reason, t));
                m.mutes.delete(a);
              }
            }
          } else if (s.kind === "forbid") {
            const value = resolve(s.seconds, now);
            const body = {
              GroupId,
              Members_Account: s.who.map((i) => accounts[i]!),
              [s.legacy ? "ShutUpTime" : "MuteTime"]: value,
              ...at(s.scope),
              ...(s.reason === undefined ? {} : { Reason: s.reason }),
            };
            const answer = await callNow("forbid_send_msg", body, {});
            const refusal = unknownTopic(s.scope);
            expectExactly(answer, refusal ?? OK_ENVELOPE, `forbid_send_msg ${show(body)} ${what()}`);
            const m = modelOf(s.scope);
            const named = s.who.map((i) => accounts[i]!);
            if (refusal === null && m !== null) mute(m, s.scope, named, muteUntil(now, value), s.reason ?? "", now);
          } else if (s.kind === "member") {
            const value = resolve(s.seconds, now);
            const body = {
              GroupId,
              Member_Account: accounts[s.who]!,
              [s.name]: value,
              ...at(s.scope),
              ...(s.reason === undefined ? {} : { Reason: s.reason }),
            };
            const answer = await callNow("modify_group_member_info", body, {});
            const refusal =
              unknownTopic(s.scope) ??
              (s.who === OUT
                ? fail(NOT_ALLOWED, `Member_Account: ${accounts[OUT]} is not a member of the group`)
                : null);
            expectExactly(answer, refusal ?? OK_ENVELOPE, `modify_group_member_info ${show(body)} ${what()}`);
            const m = modelOf(s.scope);
            if (refusal === null && m !== null)
              mute(m, s.scope, [accounts[s.who]!], muteUntil(now, value), s.reason ?? "", now);
          } else if (s.kind === "muteAll") {
            const MuteAllMember = s.on ? "On" : "Off";
            const refusal = unknownTopic(s.scope);
            const answer =
              s.scope === null
                ? await callNow("modify_group_base_info", { GroupId, MuteAllMember }, {})
                : await topicCall("modify_topic", { GroupId, TopicId: topicIds[s.scope], MuteAllMember });
            expectExactly(answer, refusal ?? OK_ENVELOPE, `MuteAllMember ${MuteAllMember} ${what()}`);
            const m = modelOf(s.scope);
            // A switch is an entry; setting what is set is none.
            if (refusal === null && m !== null && m.muteAll !== s.on)
              history.push(entry(now, s.on ? "MuteAll" : "UnmuteAll", "", DEMO_APP.admin, 0, "", s.scope));
            if (refusal === null && m !== null) m.muteAll = s.on;
          } else if (s.kind === "destroy") {
            const TopicIdList = s.topics.map((t) => topicIds[t]!);
            const answer = await topicCall("destroy_topic", { GroupId, TopicIdList });
            const items = [...new Set(s.topics)].map((t) => {
              const TopicId = topicIds[t]!;
              return modelOf(t) === null
                ? { ErrorCode: NO_TOPIC, ErrorInfo: notFound(TopicId), TopicId }
                : { ErrorCode: 0, ErrorInfo: "", TopicId };
            });
            expectExactly(answer, { ...OK_ENVELOPE, DestroyResultItem: items }, `destroy_topic ${what()}`);
            // A topic's mutes end with it: an Expire of each that ran out unswept, then an Unmute of each
            // in force (each by account).
            for (const t of new Set(s.topics)) {
              const m = modelOf(t);
              if (m === null) continue;
              const sorted = [...m.mutes].sort(([a], [b]) => byText(a, b));
              for (const [a, x] of sorted)
                if (x.until <= now) history.push(entry(now, "Expire", a, "", x.until, x.reason, t));
              for (const [a, x] of sorted)
                if (x.until > now) history.push(entry(now, "Unmute", a, DEMO_APP.admin, 0, x.reason, t));
            }
            for (const t of s.topics) topics[t] = null;
            order = order.filter((t) => modelOf(t) !== null);
          } else {
            const TopicId = topicIds[s.topic]!;
            const body = {
              GroupId,
              TopicId,
              TopicName: `t${s.topic}`,
              ...(s.from === null || s.from === APP_ADMIN ? {} : { From_Account: accounts[s.from] }),
            };
            const answer = await topicCall("create_topic", body);
            const want =
              s.from === OUT
                ? fail(NOT_ALLOWED, `From_Account: ${accounts[OUT]} is not a member of the group`)
                : modelOf(s.topic) !== null
                  ? fail(TAKEN, `TopicId: ${TopicId} is already taken`)
                  : { ...OK_ENVELOPE, TopicId };
            expectExactly(answer, want, `create_topic ${show(body)} ${what()}`);
            if (want.ErrorCode === OK) {
              topics[s.topic] = fresh(now);
              order.push(s.topic);
            }
          }

          await checkTopicStep(
            {
              ...caseModel,
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
              order,
            },
            p,
          );
        }

        // The history of each scope: what this case sent there, newest first (a topic's from its making).
        for (const scope of scopes) {
          const m = modelOf(scope);
          const body = { GroupId, ReqMsgNumber: HISTORY_PAGE, ...at(scope) };
          const answer = await callNow("group_msg_get_simple", body, {});
          const refusal = unknownTopic(scope);
          if (refusal !== null || m === null) {
            expectExactly(answer, refusal, `group_msg_get_simple ${show(body)} ${what()}`);
            continue;
          }
          const got = ((answer.RspMsgList ?? []) as Record<string, unknown>[]).map((e) => [
            e.MsgSeq,
            e.From_Account,
            e.MsgRandom,
            e.MsgTimeStamp,
          ]);
          const want = m.sent
            .slice(-HISTORY_PAGE)
            .reverse()
            .map((e) => [e.seq, e.from, e.random, e.time]);
          const whole = scope !== null || m.sent.length >= HISTORY_PAGE;
          if (
            answer.ErrorCode !== OK ||
            JSON.stringify(whole ? got : got.slice(0, want.length)) !== JSON.stringify(want)
          )
            throw new PropertyFailure(
              `group_msg_get_simple ${show(body)} ${what()}: answered ${show(answer, 2000)}, ` +
                `want [MsgSeq, From_Account, MsgRandom, MsgTimeStamp] ${show(want, 2000)}`,
            );
        }

        // The mute history: what this case wrote, newest first (a call's accounts in reverse order), read in
        // pages of pageSize through Next, then what the earlier cases and this one's start wrote.
        const wantHistory = [...history].reverse();
        const gotHistory: unknown[] = [];
        let Next = "";
        do {
          const body = { GroupId, Limit: pageSize, Next };
          const answer = await callNow("get_group_mute_history", body, {});
          const why = answer.ErrorCode === OK ? muteHistoryProblem(answer, body) : "refused";
          if (why !== null)
            throw new PropertyFailure(`get_group_mute_history ${show(body)} ${what()}: ${why}: ${show(answer, 2000)}`);
          gotHistory.push(...(answer.HistoryList as unknown[]));
          Next = answer.Next as string;
        } while (Next !== "" && gotHistory.length < wantHistory.length);
        if (JSON.stringify(gotHistory.slice(0, wantHistory.length)) !== JSON.stringify(wantHistory))
          throw new PropertyFailure(
            `get_group_mute_history of ${GroupId} by ${pageSize} ${what()}: read ${show(gotHistory, 3000)}, ` +
              `want first ${show(wantHistory, 3000)}`,
          );
        // One account's: its entries only, the same.
        const account = accounts[historyOf]!;
        const body = { GroupId, Member_Account: account, Limit: 100 };
        const answer = await callNow("get_group_mute_history", body, {});
        const why = answer.ErrorCode === OK ? muteHistoryProblem(answer, body) : "refused";
        const wantOne = wantHistory.filter((e) => e.Member_Account === account);
        const gotOne = answer.HistoryList as unknown[] | undefined;
        if (why !== null || JSON.stringify(gotOne?.slice(0, wantOne.length)) !== JSON.stringify(wantOne))
          throw new PropertyFailure(
            `get_group_mute_history ${show(body)} ${what()}: ${why ?? "not the model's"}: ` +
              `read ${show(answer, 3000)}, want first ${show(wantOne, 3000)}`,
          );
      },
      pinnedTopicCases,
    );
  },
};
