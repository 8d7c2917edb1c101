/**
 * What a run has done so far: on a terminal, one line redrawn in place (a bar
 * of the groups and the counts); elsewhere (a log, CI), a plain line per group
 * as it finishes.
 */
export interface Counts {
  groups: number;
  members: number;
  mutes: number;
  messages: number;
}

const BAR = 24;
/** The terminal line is redrawn at most this often. */
const REDRAW_MS = 100;

export class Progress {
  readonly counts: Counts = { groups: 0, members: 0, mutes: 0, messages: 0 };
  private total = 0;
  private drawn = 0;

  constructor(
    private readonly out: { write(text: string): unknown; isTTY?: boolean },
    private readonly now: () => number = Date.now,
  ) {}

  start(total: number): void {
    this.total = total;
    this.draw(true);
  }

  add(what: "members" | "mutes" | "messages", n: number): void {
    this.counts[what] += n;
    this.draw(false);
  }

  /** A group finished: `issues` is what did not copy cleanly ([] when it did). */
  groupDone(groupId: string, issues: string[]): void {
    this.counts.groups += 1;
    if (this.out.isTTY === true) {
      this.draw(true);
      return;
    }
    const how = issues.length === 0 ? "copied" : `copied with ${issues.length} issue(s)`;
    this.out.write(`[${this.counts.groups}/${this.total}] ${groupId}: ${how}; ${this.tally()}\n`);
  }

  /** Ends the terminal line, so that what follows starts on its own. */
  end(): void {
    if (this.out.isTTY === true) {
      this.draw(true);
      this.out.write("\n");
    }
  }

  private tally(): string {
    const c = this.counts;
    return `${c.members} members, ${c.mutes} mutes, ${c.messages} messages`;
  }

  private draw(force: boolean): void {
    if (this.out.isTTY !== true) return;
    const at = this.now();
    if (!force && at - this.drawn < REDRAW_MS) return;
    this.drawn = at;
    const done = this.total === 0 ? BAR : Math.round((this.counts.groups / this.total) * BAR);
    const bar = `${"#".repeat(done)}${"-".repeat(BAR - done)}`;
    this.out.write(`\r\x1b[2K[${bar}] ${this.counts.groups}/${this.total} groups · ${this.tally()}`);
  }
}
