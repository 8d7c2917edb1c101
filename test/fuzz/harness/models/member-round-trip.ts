/**
 * The model of modify_group_member_info: what it sets, the member info reads back.
 */

import fc from "fast-check";
import { APP_KEYS, goodAppData, goodMsgFlag, goodNameCard } from "../arbitraries/app-data";
import { goodRole } from "../arbitraries/members";
import { goodReason } from "../arbitraries/profile";
import { send } from "../bodies";
import { NOT_ALLOWED, OK, PERMANENT, UINT32_MAX } from "../codes";
import { expectCode, PropertyFailure, runProperty, show } from "../harness";
import type { Property } from "../property";
import { MUTE_NAMES } from "../sentinel/slots";
import { PG_KEPT } from "../world";

/**
 * modify_group_member_info on a playground member, read back with get_specified_group_member_info
 * before and after: the member reads as before with exactly the change applied (the last Value of
 * a Key counts; a mute is until now + seconds, 0 unmutes; its Reason, last, only when there is
 * one and the mute runs), or unchanged when the change is refused (a mute in a Private group).
 */
export const memberRoundTripProperty: Property = {
  name: "model: what modify_group_member_info sets is what get_specified_group_member_info reads",
  weight: 0.5,
  run: ({ world }, numRuns) => {
    const pg = world.playground;
    const arb = fc.record({
      GroupId: fc.constantFrom(pg.public, pg.private, pg.community),
      Member_Account: fc.constantFrom(...PG_KEPT),
      change: fc.record(
        {
          Role: goodRole,
          MsgFlag: goodMsgFlag,
          NameCard: goodNameCard,
          AppMemberDefinedData: goodAppData,
          // Kept with a mute given with it; without one, ignored.
          Reason: goodReason,
        },
        { requiredKeys: [] },
      ),
      mute: fc.option(
        fc.tuple(fc.constantFrom(...MUTE_NAMES), fc.constantFrom(0, 60, 3600, UINT32_MAX - 1, PERMANENT)),
        {
          nil: null,
        },
      ),
    });
    return runProperty(arb, numRuns, async ({ GroupId, Member_Account, change, mute }) => {
      const read = { GroupId, Member_List_Account: [Member_Account], AppDefinedDataFilter_GroupMember: [...APP_KEYS] };
      const before = await send("get_specified_group_member_info", read, world);
      const prev = (before.MemberList as Record<string, unknown>[] | undefined)?.[0];
      if (before.ErrorCode !== 0 || prev === undefined)
        throw new PropertyFailure(`${Member_Account} is no longer a member of ${GroupId}: ${show(before)}`);
      const body = { GroupId, Member_Account, ...change, ...(mute === null ? {} : { [mute[0]]: mute[1] }) };
      const what = `modify_group_member_info ${show(body)}`;
      const answer = await send("modify_group_member_info", body, world);
      const refused = mute !== null && GroupId === pg.private;
      expectCode(answer, [refused ? NOT_ALLOWED : OK], what);
      const changedAt = world.clock.now;
      const after = await send("get_specified_group_member_info", read, world);

      const want: Record<string, unknown> = { ...prev };
      const until = prev.MuteUntil as number;
      want.MuteUntil = want.ShutUpUntil = until > world.clock.now ? until : 0;
      // A mute's Reason (last) goes with it: a mute that ran out, or an unmute, answers none.
      if (want.MuteUntil === 0) delete want.Reason;
      if (!refused) {
        for (const k of ["Role", "MsgFlag", "NameCard"] as const) if (change[k] !== undefined) want[k] = change[k];
        const set = new Map<string, string>((change.AppMemberDefinedData ?? []).map((d) => [d.Key, d.Value]));
        want.AppMemberDefinedData = (prev.AppMemberDefinedData as { Key: string; Value: string }[]).map((d) => ({
          Key: d.Key,
          Value: set.get(d.Key) ?? d.Value,
        }));
        if (mute !== null) {
          const s = mute[1];
          want.MuteUntil = want.ShutUpUntil =
            s === 0 ? 0 : s === PERMANENT ? PERMANENT : Math.min(changedAt + s, PERMANENT);
          delete want.Reason;
          if (s !== 0 && (change.Reason ?? "") !== "") want.Reason = change.Reason;
        }
      }
      const got = JSON.stringify(after.MemberList);
      if (after.ErrorCode !== 0 || got !== JSON.stringify([want])) {
        throw new PropertyFailure(`${what} (${show(answer)}): read ${show(after, 800)}, want ${show([want], 800)}`);
      }
    });
  },
};
