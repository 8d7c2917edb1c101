import { clock } from "../clock";
import type { AccountsJson } from "../contract/group-rpc";
import type { Outbox } from "../scheduler/outbox";
import type { CallbackCommand } from "../wire/callbacks";
import { recordHistory } from "./mute-history";
import { GROUP_SCOPE, type MuteRow } from "./mute-store";

/** The command of mute events (SPEC.md, "Callbacks"). */
const MUTE_CHANGED: CallbackCommand = "Group.CallbackAfterMuteChanged";

export type MuteChange = "Mute" | "Unmute" | "Expire" | "MuteAll" | "UnmuteAll";

/**
 * Who made a change: the calling admin (Operator_Account; "" for the service's
 * own, an expiry or quiet hours) and the IP of that call (the ClientIP of its
 * callback), both recorded with the change.
 */
export interface Operator {
  account: string;
  clientIp: string;
}

/** The service itself: an expiry, a quiet-hours edge. */
export const SERVICE: Operator = { account: "", clientIp: "" };

/** What the records need to know of their group. */
export interface EventSource {
  groupId(): string;
  type(): string;
  /** Whether the app's receiver wants `command` now (throws when the configuration is broken). */
  wants(command: CallbackCommand): boolean;
  /** History rows were written (inside the caller's transaction): their pruning gets due. */
  recorded(): void;
  /** The live channel's record of the change (its Tips frame), when it records; `rows` read only then. */
  tips(change: MuteChange, scope: string, operator: string, rows: () => readonly MuteRow[], at: number): void;
}

/**
 * Every mute change of a group, recorded inside the change's own transaction
 * by the caller: its rows in the mute history (always: get_group_mute_history
 * and escalation read them), and, when the app's receiver wants them, one
 * Group.CallbackAfterMuteChanged event per change (a call, or the rows one
 * sweep run removed in one scope). The history and the outbox are apart: the
 * history is per account and kept for months, events leave once delivered and
 * exist only for apps with a receiver.
 */
export class MuteEvents {
  constructor(
    private readonly sql: SqlStorage,
    private readonly outbox: Outbox,
    private readonly source: EventSource,
  ) {}

  private get wanted(): boolean {
    return this.source.wants(MUTE_CHANGED);
  }

  /** A change of `rows` (their MutedUntil: 0 once unmuted); mute-all switches have none. */
  add(change: MuteChange, scope: string, by: Operator, rows: readonly MuteRow[], at = clock.nowSeconds()): void {
    const entries = rows.length === 0 ? [["", 0, ""]] : rows.map((r) => [r.account, r.until, r.reason]);
    this.history(change, scope, by.account, entries, at);
    this.source.tips(change, scope, by.account, () => rows, at);
    if (this.wanted) this.event(change, scope, by, rows);
  }

  /**
   * A mute of every account of `accounts` until `until`: one history row,
   * however many, holding the accounts' JSON as the call gave it (the shared
   * MutedUntil and Reason beside it), and one compact row per account
   * (recordHistory): no row per account and entry.
   */
  muted(scope: string, by: Operator, accounts: AccountsJson, until: number, reason: string): void {
    const time = clock.nowSeconds();
    recordHistory(this.sql, {
      time,
      action: "Mute",
      topic: scope,
      operator: by.account,
      entries: accounts,
      mutedUntil: until,
      reason,
    });
    this.source.recorded();
    const rows = () => (JSON.parse(accounts) as string[]).map((account) => ({ account, until, reason }));
    this.source.tips("Mute", scope, by.account, rows, time);
    if (this.wanted) this.event("Mute", scope, by, rows());
  }

  /** Expire records for rows removed by the sweep, one per scope, in the order removed. */
  expired(rows: readonly (MuteRow & { topic: string })[]): void {
    const byScope = new Map<string, MuteRow[]>();
    for (const r of rows) {
      const list = byScope.get(r.topic) ?? [];
      list.push({ account: r.account, until: r.until, reason: r.reason });
      byScope.set(r.topic, list);
    }
    for (const [scope, list] of byScope) this.add("Expire", scope, SERVICE, list);
  }

  /** One history row: the change and its entries ([account, MutedUntil, Reason]), numbered on from the last. */
  private history(
    change: MuteChange,
    scope: string,
    operator: string,
    entries: (string | number)[][],
    at: number,
  ): void {
    recordHistory(this.sql, { time: at, action: change, topic: scope, operator, entries: JSON.stringify(entries) });
    this.source.recorded();
  }

  private event(change: MuteChange, scope: string, by: Operator, rows: readonly MuteRow[]): void {
    this.outbox.add(
      MUTE_CHANGED,
      {
        GroupId: this.source.groupId(),
        Type: this.source.type(),
        ...(scope === GROUP_SCOPE ? {} : { TopicId: scope }),
        Operator_Account: by.account,
        Change: change,
        MuteChangeList: rows.map((r) => ({ Member_Account: r.account, MutedUntil: r.until, Reason: r.reason })),
      },
      by.clientIp,
    );
  }
}
