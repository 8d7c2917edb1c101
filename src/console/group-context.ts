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
   * Reloads every part (the first load, the Refresh button, a Resync of the
   * live channel); `reset` also drops unsaved edits (the Refresh button).
   */
  refresh(reset?: boolean): Promise<void>;
  /**
   * After a change made here: with the live channel up, its Tips show the
   * change in every part with no read, and only the profile is read again when
   * `profile` says the change has no Tips (quiet hours saved); with the channel
   * down, every part is read again.
   */
  changed(profile?: boolean): Promise<void>;
}

/** A part of the group's view: its element, and how to (re)load it. */
export interface Part {
  el: HTMLElement;
  load(reset?: boolean): Promise<void>;
  /** Stops its timers. */
  dispose?(): void;
}
