import { DurableObject } from "cloudflare:workers";
import { clock } from "../clock";
import { Gcra } from "./gcra";

/**
 * The call-rate budget of one app: one GCRA state per command, in memory
 * only. Nothing is written to storage per call, so an admission is one RPC
 * and a few arithmetic steps. If the object is evicted or restarted, every
 * budget starts full again: at worst one extra second's burst is accepted.
 */
export class AppLimiter extends DurableObject<Env> {
  private readonly budgets = new Map<string, Gcra>();

  /** True when one more call of `command` fits `rate` calls per second. */
  admit(command: string, rate: number): boolean {
    const now = clock.nowMs();
    let budget = this.budgets.get(command);
    if (budget === undefined) {
      budget = new Gcra(rate, now);
      this.budgets.set(command, budget);
    } else if (budget.rate !== rate) {
      budget.retune(rate);
    }
    return budget.admit(now);
  }
}
