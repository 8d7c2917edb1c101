/**
 * The model of app-wide mutes (setnospeaking, getnospeaking, the send gate) through clock moves.
 */

import fc from "fast-check";
import { SECOND_APP, uniqueGroupId } from "../../../helpers";
import { modelReason } from "../arbitraries/profile";
import { MUTED, OK, PERMANENT } from "../codes";
import { expectCode, PropertyFailure, runProperty, show } from "../harness";
import type { Property } from "../property";
import { must } from "../world";
import { muteUntil, noSpeakingAnswer, noSpeakingOf, secondsLeft } from "./body-properties";
import { callNow, config, NO_TIME_GIVEN, secondApp } from "./calls";

/** A fresh Random for the app-mute model's sends (a sender's Random again within five minutes is one message). */
let appMuteRandom = 0;

export type MuteSeconds = number | "edge" | "edge-1";
type AppMuteStep =
  | { kind: "set"; who: number; c2c?: MuteSeconds; group?: MuteSeconds; reason?: string }
  | { kind: "forbid"; who: number; where: "pub" | "av"; seconds: MuteSeconds; reason?: string }
  | { kind: "advance"; seconds: number }
  | { kind: "boundary"; offset: number }
  | { kind: "get"; who: number }
  | { kind: "send"; who: number | null; where: "pub" | "av"; empty: boolean };

/** The text of an end in a 10017's ErrorInfo. */
const untilText = (until: number): string => (until === PERMANENT ? "permanently" : `until ${until} (Unix seconds)`);
/**
 * A muted sender's 10017 ErrorInfo: `head` (who, where), the end and, with a reason (the Reason
 * extension), the seconds left at `now` (or "permanently") and the reason.
 */
export const mutedInfo = (head: string, until: number, reason: string, now: number): string =>
  `${head} ${untilText(until)}${
    reason === ""
      ? ""
      : until === PERMANENT
        ? `; muted permanently: ${reason}`
        : `; muted for ${until - now} more seconds: ${reason}`
  }`;

/**
 * Sequences of setnospeaking (either kind or both, 0, a few seconds, an hour, permanent, and the
 * seconds that end just before or exactly at 4294967295), forbid_send_msg, clock moves (some to
 * exactly a mute's end, a second before or after), getnospeaking and send_group_msg from three
 * members of a Public group and an AVChatRoom (SECOND_APP, fresh accounts each case), against a
 * model of the untils: getnospeaking answers the seconds left of each kind; a send is refused with
 * 10017 while a mute in the group runs ("in this group", reported first) or the app-wide group
 * mute does ("in every group of the app", until its end or "permanently"), and goes through at
 * exactly its end (no alarm runs); the app admin always sends; a one-to-one mute alone refuses
 * nothing. The app admin is now and then muted app-wide too: its sends (no From_Account, or "")
 * still go through. Mutes of both kinds carry a Reason now and then: getnospeaking answers it while
 * a kind runs, and the 10017 quotes it with the seconds left.
 */
export const appMuteModelProperty: Property = {
  name: "model: setnospeaking's mutes read back in getnospeaking and refuse sends (10017) until their end",
  weight: 1,
  run: async ({ world }, numRuns) => {
    const o = secondApp(world);
    const tag = crypto.randomUUID().slice(0, 6);
    // Two groups for the whole run (a group per case would be a Durable Object per case, which
    // slows every later call of the run): each case adds its accounts to the Public one.
    const pub = uniqueGroupId("fuzz-am-pub");
    const av = uniqueGroupId("fuzz-am-av");
    await must("create_group", { Type: "Public", Name: "app mutes", GroupId: pub, Owner_Account: `am-${tag}` }, o);
    await must("create_group", { Type: "AVChatRoom", Name: "app mutes", GroupId: av }, o);
    const groupOf = { pub, av };
    let round = 0;
    const who = fc.nat({ max: 2 });
    const seconds: fc.Arbitrary<MuteSeconds> = fc.oneof(
      { weight: 2, arbitrary: fc.constant(0) },
      { weight: 2, arbitrary: fc.constant(PERMANENT) },
      { weight: 4, arbitrary: fc.integer({ min: 1, max: 6 }) },
      { weight: 3, arbitrary: fc.constantFrom<MuteSeconds>(59, 60, 61, 3600) },
      { weight: 1, arbitrary: fc.constantFrom<MuteSeconds>("edge", "edge-1") },
    );
    const where = fc.constantFrom<"pub" | "av">("pub", "av");
    const step: fc.Arbitrary<AppMuteStep> = fc.oneof(
      {
        weight: 5,
        // The group kind (the one the send gate reads) more often than not; now and then neither (130008).
        arbitrary: fc.record({
          kind: fc.constant("set" as const),
          // 3: the app admin, whose sends name no From_Account (never refused; not in the model).
          who: fc.oneof({ weight: 6, arbitrary: who }, { weight: 1, arbitrary: fc.constant(3) }),
          c2c: fc.option(seconds, { nil: undefined, freq: 2 }),
          group: fc.option(seconds, { nil: undefined, freq: 4 }),
          reason: modelReason,
        }),
      },
      {
        weight: 1,
        arbitrary: fc.record({ kind: fc.constant("forbid" as const), who, where, seconds, reason: modelReason }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant("advance" as const),
          // Mostly short moves, so that the short mutes are still running at the next send.
          seconds: fc.oneof(
            { weight: 6, arbitrary: fc.integer({ min: 0, max: 3 }) },
            { weight: 1, arbitrary: fc.constantFrom(5, 60) },
            { weight: 1, arbitrary: fc.nat({ max: 120 }) },
          ),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({ kind: fc.constant("boundary" as const), offset: fc.constantFrom(-1, 0, 0, 1) }),
      },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("get" as const), who }) },
      {
        weight: 5,
        arbitrary: fc.record({
          kind: fc.constant("send" as const),
          who: fc.option(who, { nil: null, freq: 6 }),
          where,
          empty: fc.boolean(),
        }),
      },
    );
    return runProperty(fc.array(step, { minLength: 2, maxLength: 24 }), numRuns, async (steps) => {
      round += 1;
      world.clock.advance(1);
      const accounts = [0, 1, 2].map((i) => `am-${tag}-${round}-${i}`);
      await must(
        "add_group_member",
        { GroupId: pub, MemberList: accounts.map((Member_Account) => ({ Member_Account })) },
        o,
      );
      /**
       * The model: until when each account's app-wide mutes and its mutes in each group run (0: none),
       * with their reasons. The app-wide reason as the docs have it: every setting replaces it (""
       * without Reason), and one that leaves no kind running clears it (`kept` is the same, kept for
       * the checks that accept either).
       */
      const app = accounts.map(() => ({ c2c: 0, group: 0, reason: "", kept: "" }));
      const inGroup = {
        pub: accounts.map(() => ({ until: 0, reason: "" })),
        av: accounts.map(() => ({ until: 0, reason: "" })),
      };
      /** The Public group's last MsgSeq (a failed case may have sent more than its model knew). */
      let pubSeq = ((await must("get_group_info", { GroupIdList: [pub] }, o)).GroupInfo[0].NextMsgSeq as number) - 1;
      const log: string[] = [];
      const resolve = (s: MuteSeconds, now: number) =>
        s === "edge" ? PERMANENT - now : s === "edge-1" ? PERMANENT - now - 1 : s;
      for (const s of steps) {
        const now = world.clock.now;
        log.push(`${JSON.stringify(s)} at ${now}`);
        const what = () => `after ${log.join("; ")}`;
        if (s.kind === "advance") {
          world.clock.advance(s.seconds);
        } else if (s.kind === "boundary") {
          // To the end of the nearest mute that runs out within the hour (or a second off it).
          const ends = [
            ...app.flatMap((m) => [m.c2c, m.group]),
            ...[...inGroup.pub, ...inGroup.av].map((m) => m.until),
          ].filter((u) => u > now && u <= now + 3600);
          if (ends.length > 0) world.clock.advance(Math.max(0, Math.min(...ends) + s.offset - now));
        } else if (s.kind === "set") {
          const body: Record<string, unknown> = { Set_Account: accounts[s.who] ?? SECOND_APP.admin };
          if (s.c2c !== undefined) body.C2CmsgNospeakingTime = resolve(s.c2c, now);
          if (s.group !== undefined) body.GroupmsgNospeakingTime = resolve(s.group, now);
          if (s.reason !== undefined) body.Reason = s.reason;
          const answer = await callNow("setnospeaking", body, config(o));
          const anyTime = s.c2c !== undefined || s.group !== undefined;
          expectCode(answer, [anyTime ? OK : NO_TIME_GIVEN], `setnospeaking ${show(body)} ${what()}`);
          const m = app[s.who];
          if (anyTime && m !== undefined) {
            if (s.c2c !== undefined) m.c2c = muteUntil(now, resolve(s.c2c, now));
            if (s.group !== undefined) m.group = muteUntil(now, resolve(s.group, now));
            // Any setting replaces the reason: the one given, else none.
            m.reason = m.kept = s.reason ?? "";
            if (m.c2c <= now && m.group <= now) m.reason = m.kept = "";
          }
        } else if (s.kind === "forbid") {
          const body = {
            GroupId: groupOf[s.where],
            Members_Account: [accounts[s.who]],
            MuteTime: resolve(s.seconds, now),
            ...(s.reason === undefined ? {} : { Reason: s.reason }),
          };
          expectCode(await callNow("forbid_send_msg", body, o), [OK], `forbid_send_msg ${show(body)} ${what()}`);
          // A group mute's reason is the call's ("" without one); an unmute has none.
          inGroup[s.where][s.who] = { until: muteUntil(now, resolve(s.seconds, now)), reason: s.reason ?? "" };
        } else if (s.kind === "get") {
          const m = app[s.who]!;
          const got = await noSpeakingOf(accounts[s.who]!, o);
          const wants = [m.reason, m.kept].map((r) =>
            noSpeakingAnswer(secondsLeft(m.c2c, now), secondsLeft(m.group, now), r),
          );
          if (!wants.includes(JSON.stringify(got)))
            throw new PropertyFailure(
              `getnospeaking of ${accounts[s.who]} ${what()}: read ${show(got)}, want ${wants.join(" or ")}`,
            );
        } else {
          const from = s.who === null ? undefined : accounts[s.who]!;
          const sender = from === undefined ? (s.empty ? { From_Account: "" } : {}) : { From_Account: from };
          const body = {
            GroupId: groupOf[s.where],
            ...sender,
            Random: 3_000_000_000 + ++appMuteRandom,
            MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }],
          };
          const answer = await callNow("send_group_msg", body, o);
          const local = s.who === null ? { until: 0, reason: "" } : inGroup[s.where][s.who]!;
          const wide = s.who === null ? { group: 0, reason: "", kept: "" } : app[s.who]!;
          const infos =
            local.until > now
              ? [mutedInfo(`From_Account ${from} is muted in this group`, local.until, local.reason, now)]
              : wide.group > now
                ? [wide.reason, wide.kept].map((r) =>
                    mutedInfo(`From_Account ${from} is muted in every group of the app`, wide.group, r, now),
                  )
                : null;
          const sent = s.where === "pub" ? { MsgSeq: pubSeq + 1 } : {};
          const ok =
            infos === null
              ? answer.ErrorCode === OK && Object.entries(sent).every(([k, v]) => answer[k] === v)
              : answer.ErrorCode === MUTED && infos.includes(answer.ErrorInfo);
          if (!ok) {
            const wanted = infos === null ? `OK ${show(sent)}` : `10017 "${infos.join('" or "')}"`;
            throw new PropertyFailure(
              `send_group_msg ${show(body)} ${what()}: answered ${show(answer)}, want ${wanted}`,
            );
          }
          if (infos === null && s.where === "pub") pubSeq += 1;
        }
      }
    });
  },
};
