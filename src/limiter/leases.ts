import type { LeaseGrant, LeaseRequest } from "../contract/app-rpc";
import { BoundedMap } from "../memory/bounded-map";
import { LeaseHolder } from "./lease-holder";

/** Asks the app object for a renewal; throws (or answers a refusal as an Error) when it fails. */
export type AskLease = (request: LeaseRequest) => Promise<LeaseGrant>;

/** How a call's admission reports its hops and hands over the work that outlives it. */
export interface AdmissionHooks {
  /** The call waits for a renewal: one Durable Object round trip on its path. */
  critical(): void;
  /** A renewal sent off the call's path: the runtime keeps it running after the answer (waitUntil). */
  background(work: Promise<unknown>): void;
  /** A background renewal failed (logged: the next call asks again). */
  failed(error: unknown): void;
}

/** Renewals one call may wait for before it is refused: the budget is contended that hard. */
const MAX_WAITS = 3;
/** Holders an isolate keeps (one per app and command it served recently). */
const MAX_HOLDERS = 4096;

interface Slot {
  holder: LeaseHolder;
  inflight: Promise<void> | null;
}

/**
 * An isolate's leases, one per app and command (docs/design.md, "Leases"): a
 * call is admitted from its lease without a hop; the next lease is asked for
 * off the call's path. Only a holder with no token (a cold or idle isolate, or
 * a budget run dry) makes its call wait for the app object.
 */
export class Leases {
  private readonly slots = new BoundedMap<string, Slot>(MAX_HOLDERS);

  constructor(private readonly now: () => number) {}

  /**
   * Admits one call of `key` (app and command): true, false for 60007. A
   * promise only when the call must wait for a renewal.
   */
  admit(key: string, wantsPromise: boolean, ask: AskLease, hooks: AdmissionHooks): boolean | Promise<boolean> {
    const slot = this.slot(key, wantsPromise);
    slot.holder.count(this.now());
    const first = slot.holder.take(this.now());
    if (first !== "wait") {
      this.ahead(slot, ask, hooks);
      return first === "admitted";
    }
    return this.waitFor(slot, ask, hooks);
  }

  /** Whether a send admitted by `key`'s lease may skip its sender's app-wide mute now. */
  promised(key: string): boolean {
    return this.slots.get(key)?.holder.promised(this.now()) ?? false;
  }

  /** This isolate set an app-wide mute in `keys`' app: their own next sends read it. */
  dropPromise(key: string): void {
    this.slots.get(key)?.holder.dropPromise();
  }

  private async waitFor(slot: Slot, ask: AskLease, hooks: AdmissionHooks): Promise<boolean> {
    for (let waits = 0; waits < MAX_WAITS; waits++) {
      const inflight = slot.inflight ?? this.start(slot, slot.holder.renewal(this.now(), true), ask);
      if (inflight === null) return false;
      hooks.critical();
      await inflight;
      const taken = slot.holder.take(this.now());
      if (taken !== "wait") {
        this.ahead(slot, ask, hooks);
        return taken === "admitted";
      }
    }
    return false;
  }

  /** Sends the next renewal off the call's path when the holder wants one. */
  private ahead(slot: Slot, ask: AskLease, hooks: AdmissionHooks): void {
    if (slot.inflight !== null) return;
    const work = this.start(slot, slot.holder.renewal(this.now(), false), ask);
    if (work !== null) hooks.background(work.catch(hooks.failed));
  }

  /** Sends `request` (when there is one) as the slot's one renewal in flight. */
  private start(slot: Slot, request: LeaseRequest | null, ask: AskLease): Promise<void> | null {
    if (request === null) return null;
    const work: Promise<void> = Promise.resolve()
      .then(() => ask(request))
      .then(
        (grant) => slot.holder.settle(grant),
        (error: unknown) => {
          slot.holder.settle(null);
          throw error;
        },
      )
      .finally(() => {
        if (slot.inflight === work) slot.inflight = null;
      });
    slot.inflight = work;
    return work;
  }

  private slot(key: string, wantsPromise: boolean): Slot {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = { holder: new LeaseHolder(crypto.randomUUID(), wantsPromise), inflight: null };
      this.slots.set(key, slot);
    }
    return slot;
  }
}
