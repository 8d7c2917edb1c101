import type { LeaseGrant, LeaseRequest } from "../contract/app-rpc";
import { BoundedMap } from "../memory/bounded-map";
import { LEASE_MARGIN_MS, LeaseHolder } from "./lease-holder";

/** Asks the app object for a renewal; throws (or answers a refusal as an Error) when it fails. */
export type AskLease = (request: LeaseRequest) => Promise<LeaseGrant>;

/** How a call's admission hands over the renewals that outlive it. */
export interface AdmissionHooks {
  /** A renewal sent (off the call's path: nobody waits for it). */
  offPath(): void;
  /** Keeps a renewal running until it settles, whatever becomes of the call (the runtime's waitUntil). */
  waitUntil(work: Promise<unknown>): void;
  /** A renewal failed (logged: a later call asks again). */
  failed(error: unknown): void;
}

/** Holders an isolate keeps (one per app and command it served recently). */
const MAX_HOLDERS = 4096;
/** Senders an isolate remembers as not muted app-wide (each for a second at most). */
const MAX_SENDERS = 10_000;
/** A renewal not settled after this long is given up for lost: a later call asks again. */
const LOST_AFTER_MS = 10_000;

interface Slot {
  holder: LeaseHolder;
  /** The renewal in flight: its number and when it was sent; null when none is. */
  inflight: { n: number; sentAt: number } | null;
  sent: number;
}

/**
 * An isolate's leases, one per app and command (docs/design.md, "Leases"): a
 * call is admitted from its lease without a hop, or refused without one while
 * the app object said the budget is dry. A call that finds no token renews the
 * lease itself (one hop, as an admission was before leases), or is admitted by
 * the app object directly; the next renewals go off every call's path.
 *
 * No call ever waits for another's renewal: the Workers runtime does not let a
 * request wait on I/O of another request (it cancels it as hung), so each call
 * waits only for its own hops, and a renewal only changes what later calls find.
 */
export class Leases {
  private readonly slots = new BoundedMap<string, Slot>(MAX_HOLDERS);
  /** Senders the app object promised are not muted app-wide, by app and account: since and until when (ms). */
  private readonly cleared = new BoundedMap<string, { from: number; until: number }>(MAX_SENDERS);

  constructor(private readonly now: () => number) {}

  /**
   * One call of `key` (app and command): "admitted" or "refused" from the
   * lease; or, with no token in hand, the call's own renewal (it asks, and
   * spends a token of the grant at once: true when it got one); or "direct"
   * when the app object must admit the call itself (a renewal is in flight
   * already, or the call names a sender, whose mute that hop reads), after
   * which renew() is called.
   */
  take(
    key: string,
    wantsPromise: boolean,
    ask: AskLease,
    hooks: AdmissionHooks,
  ): "admitted" | "refused" | "direct" | Promise<boolean> {
    const slot = this.slot(key, wantsPromise);
    slot.holder.count(this.now());
    const taken = slot.holder.take(this.now());
    if (taken !== "wait") {
      this.renew(key, ask, hooks);
      return taken;
    }
    this.forgetLost(slot);
    if (wantsPromise || slot.inflight !== null) return "direct";
    const request = slot.holder.renewal(this.now(), true);
    if (request === null) return "direct";
    const work = this.start(slot, request, ask);
    hooks.waitUntil(work.catch(() => undefined));
    return work.then((got) => {
      // The next one goes ahead, off the path of the calls to come.
      this.renew(key, ask, hooks);
      return got;
    });
  }

  /** Sends the next renewal of `key`'s lease, off the call's path, when its holder wants one. */
  renew(key: string, ask: AskLease, hooks: AdmissionHooks): void {
    const slot = this.slots.get(key);
    if (slot === undefined) return;
    this.forgetLost(slot);
    if (slot.inflight !== null) return;
    const request = slot.holder.renewal(this.now(), false);
    if (request === null) return;
    hooks.offPath();
    hooks.waitUntil(this.start(slot, request, ask).catch(hooks.failed));
  }

  /**
   * A token of `key`'s lease for a call the app object refused directly: a renewal that landed
   * meanwhile may hold the budget it found dry (else those tokens could go unused).
   */
  retake(key: string): boolean {
    return this.slots.get(key)?.holder.take(this.now()) === "admitted";
  }

  /** Whether a send admitted by `key`'s lease may skip its sender's app-wide mute now. */
  promised(key: string): boolean {
    return this.slots.get(key)?.holder.promised(this.now()) ?? false;
  }

  /** Whether the app object promised, within the last second, that `account` is not muted app-wide. */
  senderCleared(sdkappid: number, account: string): boolean {
    const promise = this.cleared.get(`${sdkappid}\n${account}`);
    const now = this.now();
    return promise !== undefined && now >= promise.from && now < promise.until;
  }

  /** The app object's promise that `account` is not muted app-wide, asked at `sentAt`, for `promiseMs`. */
  clearSender(sdkappid: number, account: string, sentAt: number, promiseMs: number): void {
    if (promiseMs > 0)
      this.cleared.set(`${sdkappid}\n${account}`, { from: sentAt, until: sentAt + promiseMs - LEASE_MARGIN_MS });
  }

  /**
   * This isolate set an app-wide mute of `account` in the app of `key` (its send lease): its own
   * next sends read it, whatever was promised.
   */
  dropPromise(key: string, sdkappid: number, account: string): void {
    this.slots.get(key)?.holder.dropPromise();
    this.cleared.delete(`${sdkappid}\n${account}`);
  }

  /** Sends `request` as the slot's one renewal in flight; settles the holder (true: the asking call got its token). */
  private start(slot: Slot, request: LeaseRequest, ask: AskLease): Promise<boolean> {
    slot.sent += 1;
    const n = slot.sent;
    slot.inflight = { n, sentAt: this.now() };
    let asked: Promise<LeaseGrant>;
    try {
      asked = ask(request);
    } catch (error) {
      asked = Promise.reject(error);
    }
    const settle = (grant: LeaseGrant | null) => {
      // One given up for lost settles nothing: a newer one was sent since.
      if (slot.inflight?.n !== n) return false;
      slot.inflight = null;
      return slot.holder.settle(grant);
    };
    return asked.then(settle, (error: unknown) => {
      settle(null);
      throw error;
    });
  }

  /** Gives up a renewal that never settled (its request was cancelled, say). */
  private forgetLost(slot: Slot): void {
    if (slot.inflight === null || this.now() - slot.inflight.sentAt < LOST_AFTER_MS) return;
    slot.inflight = null;
    slot.holder.settle(null);
  }

  private slot(key: string, wantsPromise: boolean): Slot {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = { holder: new LeaseHolder(crypto.randomUUID(), wantsPromise), inflight: null, sent: 0 };
      this.slots.set(key, slot);
    }
    return slot;
  }
}
