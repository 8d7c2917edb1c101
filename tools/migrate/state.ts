/**
 * What a run has done, kept in a file so that the next run resumes where it
 * stopped: per group, the next step and, for the messages, how far the copy
 * went on both sides. Written whole after every step and batch, to a temporary
 * file renamed over the old one, so that a kill leaves the old state or the new.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

/** A group's steps, in order (messages before members, as Tencent advises for unread counts). */
export const STEPS = ["profile", "messages", "members", "mutes", "muteAll", "done"] as const;
type Step = (typeof STEPS)[number];

export interface MessagesState {
  /** The source's MsgSeq range to copy, fixed when the step began: later messages are not copied. */
  fromSeq: number;
  toSeq: number;
  /** The source MsgSeq of the last message dealt with (imported or refused), fromSeq - 1 before any. */
  lastSourceSeq: number;
  /** The target's newest MsgSeq after it. */
  targetSeq: number;
  /**
   * The source MsgSeq of the last message of the batch under way, written before it is sent: if
   * the run stops before its answer, a target past targetSeq took it (a batch is one transaction).
   */
  sending?: number;
}

export interface GroupState {
  step: Step;
  messages?: MessagesState;
  /** What did not copy cleanly, in words: the report's line. */
  issues: string[];
  copied: { members: number; mutes: number; messages: number };
}

export interface StateFile {
  version: 1;
  source: { url: string; sdkappid: number };
  target: { url: string; sdkappid: number };
  groups: Record<string, GroupState>;
}

export class StateStore {
  private constructor(
    private readonly path: string,
    readonly state: StateFile,
  ) {}

  /**
   * The state at `path`, or a new one. A state made for another source or
   * target is refused: resuming it here would skip groups never copied here.
   */
  static open(path: string, source: StateFile["source"], target: StateFile["target"]): StateStore {
    if (!existsSync(path)) return new StateStore(path, { version: 1, source, target, groups: {} });
    const state = JSON.parse(readFileSync(path, "utf8")) as StateFile;
    if (state.version !== 1) throw new Error(`${path}: not a state file of this tool (version ${state.version})`);
    const same = (a: StateFile["source"], b: StateFile["source"]) => a.url === b.url && a.sdkappid === b.sdkappid;
    if (!same(state.source, source) || !same(state.target, target)) {
      throw new Error(
        `${path} is the state of a copy from ${state.source.url} (${state.source.sdkappid}) to ` +
          `${state.target.url} (${state.target.sdkappid}); give another --state for this one`,
      );
    }
    return new StateStore(path, state);
  }

  group(groupId: string): GroupState {
    let g = this.state.groups[groupId];
    if (g === undefined) {
      g = { step: "profile", issues: [], copied: { members: 0, mutes: 0, messages: 0 } };
      this.state.groups[groupId] = g;
    }
    return g;
  }

  save(): void {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, `${JSON.stringify(this.state, null, 1)}\n`);
    renameSync(tmp, this.path);
  }
}
