/** What every step of a group's copy works with. */
import type { ApiClient } from "./client";
import type { StateStore } from "./state";

export interface CopyContext {
  source: ApiClient;
  target: ApiClient;
  store: StateStore;
  /** The most recent messages to copy per group. */
  maxMessages: number;
  /** Unix seconds now. */
  now(): number;
  /** Counts copied, as they are. */
  counted(what: "members" | "mutes" | "messages", n: number): void;
}
