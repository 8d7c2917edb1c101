import type { CallbackCommand } from "../auth/apps";
import { GROUP_SCOPE, type MuteRow } from "./mute-store";
import type { Outbox } from "./outbox";

/** The command of mute events (SPEC.md, "Callbacks"). */
const MUTE_CHANGED: CallbackCommand = "Group.CallbackAfterMuteChanged";

export type MuteChange = "Mute" | "Unmute" | "Expire" | "MuteAll" | "UnmuteAll";

/** What the events need to know of their group. */
export interface EventSource {
  groupId(): string;
  type(): string;
  /** Whether the app's receiver wants `command` now (throws when the configuration is broken). */
  wants(command: CallbackCommand): boolean;
}

/**
 * Group.CallbackAfterMuteChanged events: one per accepted change (a call, or
 * the rows one sweep run removed in one scope), written to the outbox inside
 * the change's own transaction by the caller, and only when the app's receiver
 * wants them.
 */
export class MuteEvents {
  constructor(
    private readonly outbox: Outbox,
    private readonly source: EventSource,
  ) {}

  get wanted(): boolean {
    return this.source.wants(MUTE_CHANGED);
  }

  /** One event; `rows` are the accounts it reports with their MutedUntil (0 once unmuted). */
  add(change: MuteChange, scope: string, operator: string, rows: readonly MuteRow[]): void {
    this.outbox.add(MUTE_CHANGED, {
      GroupId: this.source.groupId(),
      Type: this.source.type(),
      ...(scope === GROUP_SCOPE ? {} : { TopicId: scope }),
      Operator_Account: operator,
      Change: change,
      MuteChangeList: rows.map((r) => ({ Member_Account: r.account, MutedUntil: r.until, Reason: "" })),
    });
  }

  /** Expire events for rows removed by the sweep, one per scope, in the order removed. */
  expired(rows: readonly (MuteRow & { topic: string })[]): void {
    const byScope = new Map<string, MuteRow[]>();
    for (const r of rows) {
      const list = byScope.get(r.topic) ?? [];
      list.push({ account: r.account, until: r.until });
      byScope.set(r.topic, list);
    }
    for (const [scope, list] of byScope) this.add("Expire", scope, "", list);
  }
}
