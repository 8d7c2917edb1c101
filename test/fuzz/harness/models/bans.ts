/**
 * The model of the bans.
 */

import fc from "fast-check";
import { rawCall, uniqueGroupId } from "../../../helpers";
import { secondApp } from "../app/calls";
import { NOT_ALLOWED, OK, PERMANENT } from "../codes";
import { expectCode, PropertyFailure, readAnswer, runProperty, show } from "../harness";
import type { Property } from "../property";
import { must } from "../world";

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Models of bans and of the group attributes

/** One step of the ban model: `who` are indexes into the case's accounts. */
type BanStep =
  | { kind: "ban"; who: number[]; where: "pub" | "av"; seconds: number }
  | { kind: "unban"; who: number[]; where: "pub" | "av" }
  | { kind: "add"; who: number[] }
  | { kind: "send"; who: number }
  | { kind: "list"; where: "pub" | "av"; limit: number }
  | { kind: "advance"; seconds: number };

/**
 * A ban keeps its account out of the group (add_group_member's Result 0, an AVChatRoom's 10007 on a
 * send) exactly while it runs, by the clock alone (no alarm runs here); get_group_ban_member pages
 * the bans in force in the order banned (a ban renewed in force keeps its place, one renewed after
 * its end goes last) and ends with NextOffset 0.
 */
export const banModelProperty: Property = {
  name: "model: a ban keeps its account out exactly while it runs; the list pages the bans in force",
  // About twenty calls a case.
  weight: 0.5,
  run: async ({ world }, numRuns) => {
    const o = secondApp(world);
    const tag = crypto.randomUUID().slice(0, 6);
    const groupOf = { pub: uniqueGroupId("fuzz-bm-pub"), av: uniqueGroupId("fuzz-bm-av") };
    await must("create_group", { Type: "Public", Name: "bans", GroupId: groupOf.pub, Owner_Account: `bm-${tag}` }, o);
    await must("create_group", { Type: "AVChatRoom", Name: "bans", GroupId: groupOf.av }, o);
    const call = async (command: string, body: unknown) =>
      readAnswer(await rawCall(command, body, o), `${command} ${show(body)}`);
    const who = fc.uniqueArray(fc.nat({ max: 2 }), { minLength: 1, maxLength: 3 });
    const where = fc.constantFrom<"pub" | "av">("pub", "av");
    const step: fc.Arbitrary<BanStep> = fc.oneof(
      {
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant("ban" as const),
          who,
          where,
          seconds: fc.oneof(fc.integer({ min: 1, max: 6 }), fc.constantFrom(59, 60, PERMANENT - 1, PERMANENT)),
        }),
      },
      { weight: 2, arbitrary: fc.record({ kind: fc.constant("unban" as const), who, where }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant("add" as const), who }) },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant("send" as const), who: fc.nat({ max: 2 }) }) },
      {
        weight: 3,
        arbitrary: fc.record({ kind: fc.constant("list" as const), where, limit: fc.integer({ min: 1, max: 3 }) }),
      },
      {
        weight: 3,
        arbitrary: fc.record({ kind: fc.constant("advance" as const), seconds: fc.integer({ min: 0, max: 4 }) }),
      },
    );
    let round = 0;
    return runProperty(fc.array(step, { minLength: 2, maxLength: 20 }), numRuns, async (steps) => {
      round += 1;
      world.clock.advance(1);
      const accounts = [0, 1, 2].map((i) => `bm-${tag}-${round}-${i}`);
      const members = new Set(accounts);
      await must(
        "add_group_member",
        { GroupId: groupOf.pub, MemberList: accounts.map((a) => ({ Member_Account: a })) },
        o,
      );
      /** The bans of each group in the order banned: account and until. */
      const bans = { pub: [] as [string, number][], av: [] as [string, number][] };
      const until = (g: "pub" | "av", a: string) => bans[g].find(([b]) => b === a)?.[1] ?? 0;
      const log: string[] = [];
      for (const s of steps) {
        const now = world.clock.now;
        log.push(`${JSON.stringify(s)} at ${now}`);
        const what = () => `after ${log.join("; ")}`;
        const names = "who" in s && Array.isArray(s.who) ? s.who.map((i) => accounts[i]!) : [];
        if (s.kind === "advance") {
          world.clock.advance(s.seconds);
        } else if (s.kind === "ban") {
          const answer = await call("ban_group_member", {
            GroupId: groupOf[s.where],
            Members_Account: names,
            Duration: s.seconds,
          });
          expectCode(answer, [OK], what());
          const end = Math.min(now + s.seconds, PERMANENT);
          for (const a of names) {
            const at = bans[s.where].findIndex(([b]) => b === a);
            if (at >= 0 && bans[s.where][at]![1] > now) bans[s.where][at]![1] = end;
            else {
              if (at >= 0) bans[s.where].splice(at, 1);
              bans[s.where].push([a, end]);
            }
            if (s.where === "pub") members.delete(a);
          }
        } else if (s.kind === "unban") {
          expectCode(
            await call("unban_group_member", { GroupId: groupOf[s.where], Members_Account: names }),
            [OK],
            what(),
          );
          bans[s.where] = bans[s.where].filter(([b]) => !names.includes(b));
        } else if (s.kind === "add") {
          const answer = await call("add_group_member", {
            GroupId: groupOf.pub,
            MemberList: names.map((a) => ({ Member_Account: a })),
          });
          const want = names.map((a) => {
            const result = until("pub", a) > now ? 0 : members.has(a) ? 2 : 1;
            if (result === 1) members.add(a);
            return { Member_Account: a, Result: result };
          });
          if (JSON.stringify(answer.MemberList) !== JSON.stringify(want))
            throw new PropertyFailure(`add ${show(answer)}, want ${show(want)} ${what()}`);
        } else if (s.kind === "send") {
          const a = accounts[s.who]!;
          const answer = await call("send_group_msg", {
            GroupId: groupOf.av,
            From_Account: a,
            Random: round * 100 + log.length,
            MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "hi" } }],
          });
          expectCode(answer, [until("av", a) > now ? NOT_ALLOWED : OK], what());
        } else {
          const listed: unknown[] = [];
          let offset = 0;
          for (let pages = 0; ; pages++) {
            if (pages > 10) throw new PropertyFailure(`the list does not end ${what()}`);
            const page = await call("get_group_ban_member", {
              GroupId: groupOf[s.where],
              Offset: offset,
              Limit: s.limit,
            });
            expectCode(page, [OK], what());
            listed.push(...(page.BannedAccountList as unknown[]));
            offset = page.NextOffset as number;
            if (offset === 0) break;
          }
          const want = bans[s.where]
            .filter(([, end]) => end > now)
            .map(([a, end]) => ({ BannedUntil: end, Member_Account: a }));
          if (JSON.stringify(listed) !== JSON.stringify(want))
            throw new PropertyFailure(`listed ${show(listed)}, want ${show(want)} ${what()}`);
        }
      }
      // The next case starts from no bans: each group's list holds only its own.
      for (const GroupId of Object.values(groupOf))
        await must("unban_group_member", { GroupId, Members_Account: accounts }, o);
    });
  },
};
