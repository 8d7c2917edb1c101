/**
 * The app level's body properties: setnospeaking, getnospeaking, get_appid_group_list.
 */

import fc from "fast-check";
import type { Answer, CallOptions } from "../../../helpers";
import { badAccount, badBounded, badUint32, goodAccount } from "../arbitraries/accounts";
import { badGroupType, goodType } from "../arbitraries/members";
import { badReason, goodReason } from "../arbitraries/profile";
import { OK, PERMANENT } from "../codes";
import { PropertyFailure, runProperty, show } from "../harness";
import type { Property } from "../property";
import type { Field } from "../specs/spec";
import {
  callNow,
  callRaw,
  config,
  given,
  isAccountId,
  isUint32,
  MAX_GROUP_LIST,
  secondApp,
  showRaw,
  wireObject,
} from "./calls";
import {
  appBodyCases,
  expectVerdict,
  getNoSpeakingVerdict,
  goodMuteSeconds,
  groupListProblem,
  groupListVerdict,
  setNoSpeakingVerdict,
} from "./verdicts";

const accountField = (name: string): Field => ({ name, good: goodAccount, bad: badAccount });
const muteSecondsField = (name: string): Field => ({ name, good: goodMuteSeconds, bad: badUint32, optional: true });

/** getnospeaking's answer for an account, at the clock as it is. */
export async function noSpeakingOf(account: string, o: CallOptions): Promise<Answer> {
  const answer = await callNow("getnospeaking", { Get_Account: account }, config(o));
  if (answer.ErrorCode !== OK) throw new PropertyFailure(`getnospeaking of ${show(account)} failed: ${show(answer)}`);
  return answer;
}

/** The whole OK answer of getnospeaking: seconds left of each kind, and the Reason (last) when there is one. */
export const noSpeakingAnswer = (c2c: number, group: number, reason = "") =>
  JSON.stringify({
    ActionStatus: "OK",
    ErrorCode: 0,
    ErrorInfo: "",
    C2CmsgNospeakingTime: c2c,
    GroupmsgNospeakingTime: group,
    ...(reason === "" || (c2c === 0 && group === 0) ? {} : { Reason: reason }),
  });

/** Until when a mute of `seconds` from `now` runs: 0 lifts it; an end at or after 4294967295 is permanent. */
export const muteUntil = (now: number, seconds: number): number =>
  seconds === 0 ? 0 : Math.min(now + seconds, PERMANENT);
/** What getnospeaking answers for a mute until `until` at `now`. */
export const secondsLeft = (until: number, now: number): number =>
  until === PERMANENT ? PERMANENT : Math.max(0, until - now);

/**
 * setnospeaking with any body (SECOND_APP): the envelope, the code of the brief's table (130001
 * for no JSON object, 130004/130005 for Set_Account, 130006/130007 for a time, 130008 for none)
 * with ErrorInfo naming the field. getnospeaking of Set_Account (when it is an account) before and
 * after, at the same instant: a refusal changes nothing; an OK sets each kind given (seconds left
 * as given, 0 lifted, permanent) and leaves the other as it was, and the Reason given (10004 for a
 * bad one, when no field before it is wrong).
 */
export const setNoSpeakingBodyProperty: Property = {
  name: "setnospeaking: any body answers the envelope with openconfigsvr's code; a refusal changes nothing",
  weight: 1,
  run: ({ world }, numRuns) => {
    const o = secondApp(world);
    const cases = appBodyCases([
      accountField("Set_Account"),
      muteSecondsField("C2CmsgNospeakingTime"),
      muteSecondsField("GroupmsgNospeakingTime"),
      { name: "Reason", good: goodReason, bad: badReason, optional: true },
    ]);
    return runProperty(cases, numRuns, async (raw) => {
      world.clock.advance(1);
      const now = world.clock.now;
      const body = wireObject(raw);
      const account = isAccountId(body?.Set_Account) ? body.Set_Account : null;
      const before = account === null ? null : await noSpeakingOf(account, o);
      const answer = await callRaw("setnospeaking", raw, config(o));
      const what = `setnospeaking ${showRaw(raw)}`;
      expectVerdict(answer, setNoSpeakingVerdict(body), what);
      if (answer.ErrorCode === OK && Object.keys(answer).length !== 3)
        throw new PropertyFailure(`${what}: an OK answer carries more than the envelope: ${show(answer)}`);
      if (account === null || before === null || body === null) return;
      const after = await noSpeakingOf(account, o);
      const kind = (name: string) =>
        answer.ErrorCode === OK && given(body, name)
          ? secondsLeft(muteUntil(now, body[name] as number), now)
          : (before[name] as number);
      const c2c = kind("C2CmsgNospeakingTime");
      const group = kind("GroupmsgNospeakingTime");
      const shown = (before.Reason ?? "") as string;
      // The Reason: as before when refused; the one given; else none (docs/api.md: "a new mute replaces it").
      const reason = answer.ErrorCode !== OK ? shown : given(body, "Reason") ? (body.Reason as string) : "";
      const wants = [noSpeakingAnswer(c2c, group, reason)];
      if (!wants.includes(JSON.stringify(after)))
        throw new PropertyFailure(
          `${what} (answered ${answer.ErrorCode}): getnospeaking reads ${show(after)}, want ${wants.join(" or ")}`,
        );
    });
  },
};

/**
 * getnospeaking with any body (SECOND_APP, whose accounts setnospeaking's property mutes): the
 * envelope and 130001/130002/130003 by the table, ErrorInfo naming Get_Account; an OK answers the
 * seconds left of both kinds, as a plain call for the same account does at the same instant.
 */
export const getNoSpeakingBodyProperty: Property = {
  name: "getnospeaking: any body answers the envelope with openconfigsvr's code, or the account's mutes",
  weight: 1,
  run: ({ world }, numRuns) => {
    const o = secondApp(world);
    return runProperty(appBodyCases([accountField("Get_Account")]), numRuns, async (raw) => {
      world.clock.advance(1);
      const body = wireObject(raw);
      const answer = await callRaw("getnospeaking", raw, config(o));
      const what = `getnospeaking ${showRaw(raw)}`;
      expectVerdict(answer, getNoSpeakingVerdict(body), what);
      if (answer.ErrorCode !== OK) return;
      const plain = await noSpeakingOf(body?.Get_Account as string, o);
      const want = noSpeakingAnswer(plain.C2CmsgNospeakingTime, plain.GroupmsgNospeakingTime, plain.Reason ?? "");
      const left = [plain.C2CmsgNospeakingTime, plain.GroupmsgNospeakingTime];
      if (JSON.stringify(answer) !== want || JSON.stringify(plain) !== want || !left.every(isUint32))
        throw new PropertyFailure(`${what}: answered ${show(answer)}; a plain call answers ${show(plain)}`);
    });
  },
};

/**
 * get_appid_group_list with any body (the demo app, whose directory the other properties fill):
 * the envelope, 60003 for no JSON object, 10004 naming Limit, Next or GroupType; an OK answer
 * has TotalCount, GroupIdList and Next, a page no longer than Limit (10000 for 0 or none), a
 * first page of min(Limit, TotalCount) groups, and Next 0 exactly on the last page.
 */
export const groupListBodyProperty: Property = {
  name: "get_appid_group_list: any body answers the envelope with a code of its class, or a page",
  weight: 1,
  run: ({ world }, numRuns) => {
    const limit = fc.oneof(fc.constantFrom(0, 1, 2, 3, MAX_GROUP_LIST), fc.integer({ min: 0, max: MAX_GROUP_LIST }));
    const next = fc.oneof(fc.constantFrom(0, 1, 2, 2 ** 31 - 1, 4454685361), fc.nat(), fc.nat({ max: 50 }));
    const cases = appBodyCases([
      { name: "Limit", good: limit, bad: badBounded(0, MAX_GROUP_LIST), optional: true },
      { name: "Next", good: next, bad: badUint32, optional: true },
      { name: "GroupType", good: goodType, bad: badGroupType, optional: true },
    ]);
    return runProperty(cases, numRuns, async (raw) => {
      world.clock.advance(1);
      const body = wireObject(raw);
      const answer = await callRaw("get_appid_group_list", raw, {});
      const what = `get_appid_group_list ${showRaw(raw)}`;
      expectVerdict(answer, groupListVerdict(body), what);
      if (answer.ErrorCode !== OK || body === null) return;
      const why = groupListProblem(answer, body);
      if (why !== null) throw new PropertyFailure(`${what}: OK answer: ${why}: ${show(answer, 1000)}`);
    });
  },
};
