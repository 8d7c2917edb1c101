import { clock } from "../clock";
import type { AccountsJson, HistoryPage, MuteLadder } from "../contract/group-rpc";
import { type Done, ErrorCode, type Outcome, refuse } from "../wire/errors";
import { untilAfter } from "../wire/mute-time";
import type { GroupCore } from "./core";
import { whyNoMutes } from "./group-types";
import { type Operator, SERVICE } from "./mute-events";
import { expiryOf, MUTE_EXPIRY } from "./mute-expiry";

import type { ProfileRow } from "./profile";

/**
 * Mutes of members in the group or one topic (forbid_send_msg, and the mute of
 * modify_group_member_info), the muted list, escalation along the app's ladder,
 * and the mute history. Expiry is the alarm's (mute-expiry.ts); every read
 * compares with the clock.
 */
export class Muting {
  constructor(private readonly g: GroupCore) {}

  /**
   * Mutes `accounts` (a JSON array) for `seconds` from now (0 unmutes,
   * 4294967295 is permanent). The hottest call: one statement, written with the
   * mutes of the calls that arrive meanwhile under one commit (group commit),
   * and no query for the next expiry (the schedule only ever moves earlier).
   */
  async forbid(
    accounts: AccountsJson,
    seconds: number | MuteLadder,
    topicId: string | null,
    by: Operator,
    reason: string,
  ): Promise<Done> {
    const g = this.g;
    const scoped = g.scopedGroup(topicId);
    if (scoped.refused !== undefined) return scoped;
    const why = whyNoMutes(scoped.p.type);
    if (why !== null) return refuse(ErrorCode.NOT_ALLOWED, why);
    // The mute counts from the call's arrival, not from its batch's write.
    const arrived = clock.nowSeconds();
    await g.scheduler.queueWrite(
      () => this.writeMute(scoped.scope, accounts, seconds, arrived, by, reason),
      accounts.length,
    );
    return {};
  }

  /**
   * One call's mute (`seconds` 0 unmutes; a ladder mutes each account for its
   * step) with its history rows and events and, when it moves the sweep
   * earlier, its schedule row: in one transaction (a savepoint of the batch's
   * commit), so that a call that fails leaves none of it. Any of its accounts
   * whose mute ran out unswept is recorded as expired first: no expiry goes
   * unreported because a later call replaced its row.
   */
  writeMute(
    scope: string,
    accounts: AccountsJson,
    seconds: number | MuteLadder,
    arrived: number,
    by: Operator,
    reason: string,
  ): void {
    const g = this.g;
    g.ctx.storage.transactionSync(() => {
      const now = clock.nowSeconds();
      // The sweep is due no later than the earliest finite expiry: before it, nothing ran out unswept.
      // (A sweep waiting for its retry may be due later than that: then look.)
      const sweep = g.scheduler.entry(MUTE_EXPIRY);
      if (sweep !== undefined && (sweep.failures > 0 || sweep.dueAt <= now * 1000)) {
        const expired = g.mutes.expiredAmong(scope, accounts, now);
        if (expired.length > 0) g.muteEvents.add("Expire", scope, SERVICE, expired);
      }
      if (seconds === 0) {
        const removed = g.mutes.unmute(scope, accounts);
        const active = removed.filter((r) => r.until > now).map((r) => ({ ...r, until: 0 }));
        if (active.length > 0) g.muteEvents.add("Unmute", scope, by, active);
        return;
      }
      const plan =
        typeof seconds === "number"
          ? new Map([[untilAfter(arrived, seconds), accounts]])
          : this.escalated(accounts, seconds, arrived);
      for (const [until, list] of plan) {
        g.mutes.muteUntil(scope, list, until, reason);
        const sweepAt = expiryOf(until);
        if (sweepAt !== null) g.scheduler.dueBy(MUTE_EXPIRY, sweepAt);
        g.muteEvents.muted(scope, by, list, until, reason);
      }
    });
  }

  /**
   * Escalate: each account's mute is the ladder's step after the mutes it
   * received in this group (any scope) within the last decayDays days, the last
   * step repeating. Answers the accounts (as JSON) by until-time.
   */
  private escalated(accounts: AccountsJson, ladder: MuteLadder, arrived: number): Map<number, AccountsJson> {
    const since = arrived - ladder.decayDays * 86_400;
    const counts = this.g.muteHistory.muteCounts(accounts, since);
    const byUntil = new Map<number, string[]>();
    for (const account of JSON.parse(accounts) as string[]) {
      const step = ladder.steps[Math.min(counts.get(account) ?? 0, ladder.steps.length - 1)]!;
      const until = untilAfter(arrived, step);
      byUntil.set(until, [...(byUntil.get(until) ?? []), account]);
    }
    return new Map([...byUntil].map(([until, list]) => [until, JSON.stringify(list)]));
  }

  /**
   * The accounts muted now in the group or in one topic (each list its own
   * scope), as the JSON text of the wire's list (legacy: ShuttedUinList's entry names).
   */
  listMuted(
    p: ProfileRow,
    legacy: boolean,
    topicId: string | null,
  ): Outcome<{ groupId: string; mutedJson: Uint8Array }> {
    const scoped = this.g.scopeOf(p, topicId);
    if (scoped.refused !== undefined) return scoped;
    const untilKey = legacy ? "ShuttedUntil" : "MutedUntil";
    return {
      groupId: p.group_id,
      mutedJson: this.g.mutes.mutedJson(clock.nowSeconds(), scoped.scope, "Member_Account", untilKey),
    };
  }

  /** get_group_mute_history (extension): one page, newest first; `next` is a Next this answered, or "". */
  historyPage(
    p: ProfileRow,
    account: string | null,
    next: string,
    limit: number,
  ): Outcome<HistoryPage & { groupId: string }> {
    if (next !== "" && !/^\d{1,15}$/.test(next)) {
      return refuse(ErrorCode.INVALID_PARAMETER, 'Next: must be "" or the Next of the previous page');
    }
    this.g.scheduler.flushWrites();
    return { groupId: p.group_id, ...this.g.muteHistory.page(account, next === "" ? null : Number(next), limit) };
  }
}
