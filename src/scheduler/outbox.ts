import { postCallback } from "../callbacks/request";
import { clock } from "../clock";
import { log } from "../log";
import type { CallbackCommand, CallbackTarget } from "../wire/callbacks";
import type { DueWork } from "./scheduler";

/** The kind under which the schedule keeps callback delivery. */
export const CALLBACK_DELIVERY = "callback-delivery";

/** Events one alarm run delivers at most: a run is short, so an expiry due meanwhile waits little. */
const DELIVERY_BATCH = 50;
/** A failed event is retried after 1 s, doubling up to 5 min, each with up to 20 % jitter. */
const FIRST_RETRY_MS = 1000;
const MAX_RETRY_MS = 5 * 60 * 1000;
/** How long an event is retried before it is given up (logged as callback_dropped): three days. */
const GIVE_UP_MS = 72 * 60 * 60 * 1000;

/**
 * How many events an outbox keeps: past them the oldest are dropped (logged as
 * callback_dropped), so that a receiver long down cannot fill the object's
 * storage (a busy group makes 200 events a second, and keeps each three days).
 */
export interface OutboxBounds {
  maxEvents: number;
  /** Events added between two looks at the outbox's size. */
  checkEvery: number;
}
const OUTBOX_BOUNDS: OutboxBounds = { maxEvents: 100_000, checkEvery: 1024 };
/** The outbox's first and last ids: two subqueries, since SQLite seeks for a lone MIN or MAX and scans for both. */
export const OUTBOX_SPAN = `SELECT (SELECT MIN(id) FROM outbox) AS first, (SELECT MAX(id) FROM outbox) AS last`;

/** One event waiting for delivery, as the outbox keeps it. */
interface OutboxRow {
  id: number;
  sdkappid: number;
  event_id: string;
  command: CallbackCommand;
  /** The event's fields (all but CallbackCommand, EventTime, EventId) as JSON text. */
  payload: string;
  event_ms: number;
  attempts: number;
  next_at: number;
  /** The IP of the call that made the change (ClientIP of the request); "" for the service's own. */
  client_ip?: string;
}

/**
 * An object's events for its app's callback receiver (a group's, or the app
 * object's own). An event is written in the same transaction as the change it
 * reports, so no change is without its event and no event without its change;
 * it leaves only once the receiver took it (at least once, in the order
 * written: a failed event holds back the ones after it). A group's table
 * outlives destroy_group until it is empty.
 */
export class Outbox {
  /** Events added since the outbox's size was last looked at: a woken object looks at its first. */
  private sinceCheck: number;
  /** Drops not yet logged: the last id each deleted, and how many (see report). */
  private readonly unreported: { upTo: number; dropped: number }[] = [];

  /**
   * `app`: the object's sdkappid (throws when unknown); `added`: an event was
   * written (its delivery is due now), inside the caller's transaction.
   */
  constructor(
    private readonly sql: SqlStorage,
    private readonly app: () => number,
    private readonly added: () => void,
    private readonly bounds: OutboxBounds = OUTBOX_BOUNDS,
  ) {
    // An object woken for a burst shorter than checkEvery still looks once (a count kept in memory
    // alone would start at 0 on every wake, and never reach it).
    this.sinceCheck = bounds.checkEvery - 1;
  }

  /**
   * Writes one event; `fields` become the body after CallbackCommand, EventTime
   * and EventId, `clientIp` the request's ClientIP.
   */
  add(command: CallbackCommand, fields: Record<string, unknown>, clientIp = ""): void {
    const now = clock.nowMs();
    this.sql.exec(
      `INSERT INTO outbox (sdkappid, event_id, command, payload, event_ms, next_at, client_ip)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      this.app(),
      crypto.randomUUID(),
      command,
      JSON.stringify(fields),
      now,
      now,
      clientIp,
    );
    if (++this.sinceCheck >= this.bounds.checkEvery) this.bound();
    this.added();
  }

  /**
   * Drops the oldest events past maxEvents. Ids grow by one an event and events
   * leave in order, so the span of ids is the count, read from the key's two ends.
   */
  private bound(): void {
    this.sinceCheck = 0;
    const span = this.sql.exec<{ first: number | null; last: number | null }>(OUTBOX_SPAN).one();
    if (span.first === null || span.last === null || span.last - span.first < this.bounds.maxEvents) return;
    const upTo = span.last - this.bounds.maxEvents;
    this.sql.exec(`DELETE FROM outbox WHERE id <= ?`, upTo);
    // Told once the change that dropped them is known to have stuck (see report): it may yet roll back.
    this.unreported.push({ upTo, dropped: upTo - span.first + 1 });
  }

  /**
   * After a change (a call, an alarm run): logs the drops of its events that stuck, one
   * callback_dropped line each. A drop whose transaction rolled back left its events in place: it
   * is not told, and the next event looks at the size again.
   */
  report(): void {
    if (this.unreported.length === 0) return;
    const first = this.sql.exec<{ id: number }>(`SELECT id FROM outbox ORDER BY id LIMIT 1`).toArray()[0]?.id;
    for (const { upTo, dropped } of this.unreported.splice(0)) {
      if (first !== undefined && first <= upTo) {
        this.sinceCheck = this.bounds.checkEvery - 1;
        continue;
      }
      log.fault("callback_dropped", `over ${this.bounds.maxEvents} events waiting for the receiver`, {
        sdkappid: this.app(),
        dropped,
      });
    }
  }

  /** Events not yet delivered. */
  count(): number {
    return this.sql.exec<{ n: number }>(`SELECT count(*) AS n FROM outbox`).one().n;
  }

  /** When the oldest event is next due (Unix ms), or null when there is none. */
  nextDue(): number | null {
    const row = this.sql.exec<{ next_at: number }>(`SELECT next_at FROM outbox ORDER BY id LIMIT 1`).toArray()[0];
    return row?.next_at ?? null;
  }

  head(limit: number): OutboxRow[] {
    return this.sql
      .exec<OutboxRow & Record<string, SqlStorageValue>>(`SELECT * FROM outbox ORDER BY id LIMIT ?`, limit)
      .toArray();
  }

  delivered(id: number): void {
    this.sql.exec(`DELETE FROM outbox WHERE id = ?`, id);
  }

  /** A failed attempt: the event waits until `nextAt`. */
  failed(id: number, nextAt: number): void {
    this.sql.exec(`UPDATE outbox SET attempts = attempts + 1, next_at = ? WHERE id = ?`, nextAt, id);
  }

  /** The request body of an event. */
  static body(row: OutboxRow): string {
    const head = JSON.stringify({ CallbackCommand: row.command, EventTime: row.event_ms, EventId: row.event_id });
    return row.payload === "{}" ? head : `${head.slice(0, -1)},${row.payload.slice(1)}`;
  }
}

/** The wait before attempt `attempts + 1`: doubling from 1 s to 5 min, less up to 20 % of jitter. */
export function retryDelayMs(attempts: number, random = Math.random()): number {
  const base = Math.min(FIRST_RETRY_MS * 2 ** attempts, MAX_RETRY_MS);
  return Math.round(base * (1 - 0.2 * random));
}

/** Where an object's events go: the receiver of an app (null when it has none now; throws when APPS is broken). */
export interface DeliveryTarget {
  /** Whose events they are, as the log lines of their delivery say it (`{group}`, `{app}`). */
  source(): Record<string, string>;
  target(sdkappid: number): CallbackTarget | null;
}

/**
 * The alarm's share: delivers the oldest events, in order, up to
 * DELIVERY_BATCH a run; the first that fails waits for its retry, and so do
 * the ones after it. An app that no longer has a receiver (or no longer
 * wants an event's command) drops what waits for it.
 */
export function callbackDelivery(outbox: Outbox, to: DeliveryTarget): DueWork {
  return {
    kind: CALLBACK_DELIVERY,
    async run() {
      for (const row of outbox.head(DELIVERY_BATCH)) {
        if (row.next_at > clock.nowMs()) return null;
        const target = to.target(row.sdkappid);
        if (target === null || !target.commands.has(row.command)) {
          outbox.delivered(row.id);
          continue;
        }
        const attempt = await postCallback(target, row.sdkappid, row.command, Outbox.body(row), row.client_ip ?? "");
        log.event("callback_delivery", {
          ...to.source(),
          eventId: row.event_id,
          command: row.command,
          attempt: row.attempts + 1,
          status: attempt.status,
          ok: attempt.fault === null,
          ms: attempt.ms,
          ...(attempt.fault === null ? {} : { fault: attempt.fault }),
        });
        if (attempt.fault === null) {
          outbox.delivered(row.id);
          continue;
        }
        if (clock.nowMs() - row.event_ms > GIVE_UP_MS) {
          // Gone first, then told: a line never names an event that is still there.
          outbox.delivered(row.id);
          log.fault("callback_dropped", attempt.fault, {
            ...to.source(),
            eventId: row.event_id,
            attempts: row.attempts + 1,
          });
          continue;
        }
        outbox.failed(row.id, clock.nowMs() + retryDelayMs(row.attempts));
        return null;
      }
      // Done with this batch: the next run is due at the next event's time (now, when more wait).
      return null;
    },
    nextDue: () => outbox.nextDue(),
  };
}
