import { clock } from "../clock";
import { type Done, ErrorCode, type Outcome, refuse } from "../wire/errors";
import { PERMANENT, untilAfter } from "../wire/mute-time";
import { BAN_EXPIRY, recordBans, recordUnbans } from "./ban-expiry";
import type { GroupCore } from "./core";
import { whyNoBans, whyNoMemberList } from "./group-types";
import { memberTips } from "./live-frames";
import type { ProfileRow } from "./profile";

/**
 * Bans (ban_group_member, unban_group_member, get_group_ban_member): a banned
 * account is removed from the group and kept out of it until its ban ends, in
 * every way it could come back (add_group_member answers its Result 0, the
 * live channel refuses it, an AVChatRoom refuses its messages). A ban belongs
 * to the (group, account) pair, as a mute does. It ends by itself: reads
 * compare with the clock, and the one alarm removes the row (ban-expiry.ts).
 * Every change is a row of the mute history (Ban, Unban) written with it.
 */
export class Banning {
  constructor(private readonly g: GroupCore) {}

  /** Bans `accounts` for `seconds` (at least 1; 4294967295, or an end past it, never ends). */
  ban(p: ProfileRow, accounts: string[], seconds: number, description: string, operator: string): Done {
    const g = this.g;
    const why = whyNoBans(p.type);
    if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
    if (p.owner !== "" && accounts.includes(p.owner)) {
      return refuse(ErrorCode.NOT_ALLOWED, `Members_Account: ${p.owner} is the group owner and cannot be banned`);
    }
    const now = clock.nowSeconds();
    const until = untilAfter(now, seconds);
    const list = JSON.stringify(accounts);
    g.writeWithSchedule(() => {
      // A ban that ended unswept is recorded as ended before the new one replaces it.
      recordUnbans(g, "", g.bans.remove(list, now));
      g.bans.ban(list, until, description);
      recordBans(g, operator, list, until, description);
      // Removed like a kick: the accounts that were in (members, or an AVChatRoom's connected ones).
      const present = accounts.filter((a) =>
        whyNoMemberList(p.type) === null ? g.members.roleOf(a) !== null : g.ctx.getWebSockets(a).length > 0,
      );
      if (whyNoMemberList(p.type) === null) g.countMembers(-g.members.remove(accounts));
      if (present.length > 0 && g.liveLog.recording(now)) {
        g.liveLog.append(memberTips(p.group_id, "Kicked", present, operator, now), now);
      }
      if (until !== PERMANENT) g.scheduler.dueBy(BAN_EXPIRY, until * 1000);
    });
    return {};
  }

  /** Lifts the bans of `accounts`; an account not banned is left alone. */
  unban(p: ProfileRow, accounts: string[], operator: string): Done {
    const g = this.g;
    const why = whyNoBans(p.type);
    if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
    const now = clock.nowSeconds();
    g.writeWithSchedule(() => {
      const removed = g.bans.remove(JSON.stringify(accounts));
      recordUnbans(
        g,
        "",
        removed.filter((r) => r.until <= now),
      );
      recordUnbans(
        g,
        operator,
        removed.filter((r) => r.until > now),
      );
    });
    return {};
  }

  /** One page of the bans in force, in the order banned, from position `offset` (a NextOffset, 0 first). */
  page(p: ProfileRow, offset: number, limit: number): Outcome<{ bannedJson: string; next: number }> {
    const why = whyNoBans(p.type);
    if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
    const page = this.g.bans.page(offset, limit, clock.nowSeconds());
    return { bannedJson: page.json, next: page.next };
  }
}
