/**
 * What a property is, and the context every property runs in.
 */

import type { Answer } from "../../helpers";
import type { World } from "./world";

// ---------------------------------------------------------------------------------------------
// Properties

/** What a property runs against: the world, and the sentinel as read before any property ran. */
export interface FuzzContext {
  world: World;
  snapshot: Record<string, Answer>;
}

export interface Property {
  name: string;
  /** Share of the base run count this property gets. */
  weight: number;
  /** Runs `numRuns` generated cases; answers how many ran. */
  run(ctx: FuzzContext, numRuns: number): Promise<number>;
}
