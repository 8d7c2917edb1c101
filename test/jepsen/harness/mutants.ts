/**
 * The service broken on purpose, to show that the whole chain (recorder,
 * reading, checker) catches real faults. Each mutant is a small patch applied
 * to src/ while it is bundled (service.ts): main's code is never touched, and
 * a patch that no longer matches its source fails the build rather than test
 * the unbroken service.
 */
import type { Patch } from "./service";

export interface Mutant {
  name: string;
  /** The fault, as a person would report it. */
  fault: string;
  patches: Patch[];
}

export const MUTANTS: Mutant[] = [
  {
    name: "stale-muted-list",
    fault: "get_group_muted_account is served from a cache that a mute or an unmute does not invalidate",
    patches: [
      {
        // forgetLists() still clears the member pages, but no longer the muted lists.
        file: "src/group/mute-store.ts",
        find: "    this.lists.clear();\n    for (const cache of this.dependents) cache.clear();",
        replace: "    for (const cache of this.dependents) cache.clear();",
      },
    ],
  },
  {
    name: "mute-answered-before-commit",
    fault: "forbid_send_msg answers at once and commits its mute in a later task (50 ms on)",
    patches: [
      {
        file: "src/group/muting.ts",
        find: `    await g.scheduler.queueWrite(
      () => this.writeMute(scoped.scope, accounts, seconds, arrived, by, reason),
      accounts.length,
    );`,
        replace: `    setTimeout(() => {
      try {
        this.writeMute(scoped.scope, accounts, seconds, arrived, by, reason);
      } catch {}
      g.committed();
    }, 50);`,
      },
    ],
  },
  {
    name: "crash-drops-queued-write",
    fault:
      "the group commit answers each write when it is queued and writes the batch 100 ms later, " +
      "so a crash drops acknowledged writes (reads still flush the queue first)",
    patches: [
      {
        file: "src/scheduler/group-commit.ts",
        find: "      this.pending.push({ write, seenByGate, done, failed });",
        replace: "      this.pending.push({ write, seenByGate, done: () => {}, failed: () => {} });\n      done();",
      },
      { file: "src/scheduler/group-commit.ts", find: "        }, 0);", replace: "        }, 100);" },
    ],
  },
];
