import type { Client } from "./api";
import type { Status } from "./status";

/** What every part of one group's view shares. */
export interface GroupContext {
  client: Client;
  status: Status;
  groupId: string;
  /** False once another group is shown: late answers for this one are dropped. */
  alive(): boolean;
  /**
   * Reloads every part, after a change that touches several (a mute: members,
   * muted list, history); `reset` also drops unsaved edits (the Refresh button).
   */
  refresh(reset?: boolean): Promise<void>;
}

/** A part of the group's view: its element, and how to (re)load it. */
export interface Part {
  el: HTMLElement;
  load(reset?: boolean): Promise<void>;
  /** Stops its timers. */
  dispose?(): void;
}
