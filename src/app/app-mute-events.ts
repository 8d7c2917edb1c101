import type { Outbox } from "../scheduler/outbox";
import type { CallbackCommand } from "../wire/callbacks";
import type { AppMuteRow, AppMuteSet } from "./app-mutes";

/** The command of app-wide mute events (docs/api.md, "Callbacks"). */
export const NO_SPEAKING_CHANGED: CallbackCommand = "App.CallbackAfterNoSpeakingChanged";

/** Who made a change: the calling admin and its IP; "" for the service's own (an expiry). */
export interface AppOperator {
  account: string;
  clientIp: string;
}

const SERVICE: AppOperator = { account: "", clientIp: "" };

/** The kinds a setnospeaking gave: seconds, or null for a kind left as it was. */
export interface GivenSeconds {
  group: number | null;
  c2c: number | null;
}

/**
 * App-wide mute changes as events for the app's receiver, written by the
 * caller inside the change's own transaction, as a group's mute events are:
 * one event per change (a setnospeaking, or the rows one sweep run ended),
 * each row as it is after the change.
 */
export class AppMuteEvents {
  constructor(private readonly outbox: Outbox) {}

  /**
   * One setnospeaking of `s` at `now`: first, a kind of the row before that ran
   * out unswept (the set consumed it) as an Expire; then a Mute when the call
   * gave a kind seconds, or an Unmute when it lifted a kind that was in force.
   */
  set(s: AppMuteSet, given: GivenSeconds, now: number, by: AppOperator): void {
    const before = s.before;
    if (before !== null) {
      const ran = (until: number) => until > 0 && until <= now;
      if (ran(before.group_until) || ran(before.c2c_until)) {
        const ended = (until: number) => (ran(until) ? 0 : until);
        const row = { ...before, group_until: ended(before.group_until), c2c_until: ended(before.c2c_until) };
        this.event("Expire", [row], SERVICE);
      }
    }
    const after = s.after ?? { account: before?.account ?? "", group_until: 0, c2c_until: 0, reason: "" };
    if ((given.group ?? 0) > 0 || (given.c2c ?? 0) > 0) {
      this.event("Mute", [after], by);
      return;
    }
    const lifted =
      (given.group === 0 && (before?.group_until ?? 0) > now) || (given.c2c === 0 && (before?.c2c_until ?? 0) > now);
    if (lifted) this.event("Unmute", [after], by);
  }

  /** The rows one sweep run ended, as they are after it. */
  expired(rows: readonly AppMuteRow[]): void {
    this.event("Expire", rows, SERVICE);
  }

  private event(change: "Mute" | "Unmute" | "Expire", rows: readonly AppMuteRow[], by: AppOperator): void {
    this.outbox.add(
      NO_SPEAKING_CHANGED,
      {
        Operator_Account: by.account,
        Change: change,
        MuteChangeList: rows.map((r) => ({
          Member_Account: r.account,
          GroupmsgNospeakingUntil: r.group_until,
          C2CmsgNospeakingUntil: r.c2c_until,
          Reason: r.reason,
        })),
      },
      by.clientIp,
    );
  }
}
