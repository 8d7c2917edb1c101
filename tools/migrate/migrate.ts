/**
 * A run of the copy: the source's groups (every group of the app, or those
 * asked for), a few at a time, each from where the state file says it stands.
 * An interruption (Ctrl-C, or the signal) stops it between calls; the next run
 * with the same state file goes on without copying anything twice.
 */
import { ApiClient, type ClientOptions, type Endpoint, Interrupted } from "./client";
import type { CopyContext } from "./context";
import { copyGroup } from "./copy-group";
import { type Counts, Progress } from "./progress";
import { listGroups } from "./read";
import { StateStore } from "./state";

export interface MigrateOptions {
  source: Endpoint;
  target: Endpoint;
  /** Where the run keeps what it did. */
  statePath: string;
  /** The most recent messages to copy per group (0: none). */
  maxMessages: number;
  /** Groups copied at once. */
  concurrency: number;
  /** Only these groups; every group of the source app when absent. */
  groups?: string[];
  signal?: AbortSignal;
  onAnswer?: ClientOptions["onAnswer"];
  /** Where progress goes (stderr by default). */
  out?: { write(text: string): unknown; isTTY?: boolean };
}

export interface MigrateResult {
  interrupted: boolean;
  /** Groups in the run. */
  total: number;
  /** Groups whose copy is done (this run or an earlier one). */
  done: number;
  counts: Counts;
  /** Each group that did not copy cleanly (or not yet), with why. */
  notClean: { groupId: string; issues: string[] }[];
  /** Calls answered by each side in this run. */
  calls: { source: number; target: number };
}

export async function runMigration(o: MigrateOptions): Promise<MigrateResult> {
  const clientOptions: ClientOptions = { signal: o.signal, onAnswer: o.onAnswer };
  const source = new ApiClient("source", o.source, clientOptions);
  const target = new ApiClient("target", o.target, clientOptions);
  const store = StateStore.open(
    o.statePath,
    { url: o.source.baseUrl, sdkappid: o.source.sdkappid },
    { url: o.target.baseUrl, sdkappid: o.target.sdkappid },
  );
  const progress = new Progress(o.out ?? process.stderr);
  let ids: string[];
  try {
    ids = o.groups ?? (await listGroups(source));
  } catch (error) {
    if (error instanceof Interrupted) {
      const calls = { source: source.calls, target: target.calls };
      return { interrupted: true, total: 0, done: 0, counts: progress.counts, notClean: [], calls };
    }
    throw error;
  }
  progress.start(ids.length);
  const ctx: CopyContext = {
    source,
    target,
    store,
    maxMessages: o.maxMessages,
    now: () => Math.floor(Date.now() / 1000),
    counted: (what, n) => progress.add(what, n),
  };
  /** Failures of this run that another run may not have: a group stopped before its end. */
  const stopped = new Map<string, string>();
  let interrupted = false;
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined && !interrupted; id = queue.shift()) {
      try {
        await copyGroup(ctx, id);
      } catch (error) {
        if (error instanceof Interrupted) {
          interrupted = true;
          return;
        }
        const why = error instanceof Error ? error.message : String(error);
        stopped.set(id, `stopped at its ${store.group(id).step} step (${why}); run again to resume`);
      }
      progress.groupDone(id, [...store.group(id).issues, ...(stopped.has(id) ? [stopped.get(id)!] : [])]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency) }, worker));
  progress.end();
  const notClean = ids.flatMap((groupId) => {
    const g = store.group(groupId);
    const issues = [...g.issues, ...(stopped.has(groupId) ? [stopped.get(groupId)!] : [])];
    if (issues.length === 0 && g.step !== "done") issues.push(`not copied yet: at its ${g.step} step`);
    return issues.length === 0 ? [] : [{ groupId, issues }];
  });
  const done = ids.filter((id) => store.group(id).step === "done").length;
  // Every group of the run is in the file, even one not begun: the file tells where each stands.
  store.save();
  const calls = { source: source.calls, target: target.calls };
  return { interrupted, total: ids.length, done, counts: progress.counts, notClean, calls };
}
