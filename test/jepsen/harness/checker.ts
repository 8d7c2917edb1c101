/**
 * A linearizability checker: the Wing-Gong search as Lowe improved it (the
 * history as a linked list of call and return entries, a call "lifted" out of
 * it when linearized, backtracking at a return whose call could not be placed),
 * with memoization of the (linearized set, state) pairs already explored, so
 * that no configuration is searched twice.
 *
 * A model may be nondeterministic (a mute's end depends on the second the call
 * arrived; an indeterminate call may or may not have taken effect): the search
 * then runs over sets of states, the determinization porcupine uses, and an
 * operation is possible where at least one state of the set allows it.
 *
 * There is no maintained checker of this kind on npm; this one is small on
 * purpose and proven by its own table (checker.test.ts).
 */

/** One operation of a history, as the checker sees it. */
export interface CheckOp<I> {
  /** Unique within its history. */
  id: number;
  /** When it was invoked and when its answer came (ms, the recorder's clock). */
  inv: number;
  /** For an indeterminate call, the last moment it could have taken effect (a kill of the server, say). */
  ret: number;
  /** What was asked and what was answered: the model's to read. */
  input: I;
  /** No answer came: it may have taken effect, or not at all. */
  unknown?: boolean;
  /**
   * A place in an order the service itself promises (the live log's Seq): of
   * two operations that carry one, the smaller is linearized first (equal ones in any order).
   */
  order?: number;
  /** The recorded operation it was read from, for the report. */
  source?: number;
}

export interface Model<S, I> {
  /** The possible states before the first operation. */
  init: readonly S[];
  /** The states `op` may lead to from `state` given its answer; none when its answer is impossible there. */
  step(state: S, op: CheckOp<I>): S[];
  /** A canonical text of a state: equal states, equal keys. */
  key(state: S): string;
  /**
   * Optional: the states of a set that no other state of it dominates (one that
   * allows every continuation it allows). Smaller sets, and reads that leave the set as it was.
   */
  prune?(states: S[]): S[];
  /** Optional: whether an operation only reads (it may narrow the states, never change one). */
  readOnly?(input: I): boolean;
}

export type Verdict =
  | { linearizable: true; explored: number }
  | {
      linearizable: false;
      explored: number;
      /** The most operations the search could place in one order, and the call it could not place next. */
      deepest: number;
      blocked: number;
    }
  | { linearizable: "unknown"; explored: number };

interface Entry {
  op: number;
  isCall: boolean;
  time: number;
  match: Entry | null;
  prev: Entry | null;
  next: Entry | null;
}

/** At most this many steps of the search per history, then the answer is "unknown" (never a false verdict). */
const DEFAULT_BUDGET = 5_000_000;

/**
 * Is there a total order of `ops`, consistent with their real-time order (an
 * operation answered before another was invoked comes first), in which the
 * model accepts every answer?
 */
export function check<S, I>(model: Model<S, I>, ops: readonly CheckOp<I>[], budget = DEFAULT_BUDGET): Verdict {
  const head = buildList(ops);
  // Zobrist hashing of the linearized set: two random 32-bit words per operation, XORed in and out.
  const z1 = Uint32Array.from(ops, () => (Math.random() * 0x1_0000_0000) >>> 0);
  const z2 = Uint32Array.from(ops, () => (Math.random() * 0x1_0000_0000) >>> 0);
  let h1 = 0;
  let h2 = 0;
  let count = 0;
  const seen = new Set<string>();
  /** `neutral`: the step left the set of states as it was (a read that narrowed nothing). */
  const stack: { entry: Entry; states: Map<string, S>; neutral: boolean }[] = [];
  let states = canonical(model, [...model.init]);
  let deepest = 0;
  let blocked = -1;
  let steps = 0;
  const ordered = orderGate(ops);
  let entry = head.next;
  while (head.next !== null) {
    if (++steps > budget) return { linearizable: "unknown", explored: seen.size };
    const current = entry!;
    if (current.isCall) {
      const op = ops[current.op]!;
      if (!ordered.open(current.op)) {
        entry = current.next;
        continue;
      }
      const next = successors(model, states, op);
      if (next.size > 0) {
        const a = (h1 ^ z1[current.op]!) >>> 0;
        const b = (h2 ^ z2[current.op]!) >>> 0;
        const stateKey = [...next.keys()].join("\u0001");
        const key = `${a}:${b}|${stateKey}`;
        if (!seen.has(key)) {
          seen.add(key);
          const neutral = model.readOnly?.(op.input) === true && stateKey === [...states.keys()].join("\u0001");
          stack.push({ entry: current, states, neutral });
          states = next;
          h1 = a;
          h2 = b;
          count += 1;
          ordered.placed(current.op, 1);
          if (count > deepest) {
            deepest = count;
            blocked = -1;
          }
          lift(current);
          entry = head.next;
          continue;
        }
      }
      entry = current.next;
    } else {
      if (count === deepest && blocked === -1) blocked = ops[current.op]!.id;
      // Backtrack. A read that left the states as they were dominates every other choice at its level
      // (placed later it could only narrow the states), so a failure after it fails the level too.
      let top = stack.pop();
      while (true) {
        if (top === undefined) return { linearizable: false, explored: seen.size, deepest, blocked };
        states = top.states;
        h1 = (h1 ^ z1[top.entry.op]!) >>> 0;
        h2 = (h2 ^ z2[top.entry.op]!) >>> 0;
        count -= 1;
        ordered.placed(top.entry.op, -1);
        unlift(top.entry);
        if (!top.neutral) break;
        top = stack.pop();
      }
      entry = top.entry.next;
    }
  }
  return { linearizable: true, explored: seen.size };
}

/**
 * The operations that carry an `order`, placed in it: one may be placed once
 * every one with a smaller order is. Placed in that order, the ones placed are
 * always all below some order and some at it, so counting them is enough.
 */
function orderGate(ops: readonly CheckOp<unknown>[]): {
  open(i: number): boolean;
  placed(i: number, by: 1 | -1): void;
} {
  const orders = ops.flatMap((o) => (o.order === undefined ? [] : [o.order])).sort((a, b) => a - b);
  const below = ops.map((o) => {
    if (o.order === undefined) return 0;
    let lo = 0;
    let hi = orders.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (orders[mid]! < o.order) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  });
  let placed = 0;
  return {
    open: (i) => placed >= below[i]!,
    placed: (i, by) => {
      if (ops[i]!.order !== undefined) placed += by;
    },
  };
}

/** Every state `op` may lead to from any of `states`; an indeterminate op may also have done nothing. */
function successors<S, I>(model: Model<S, I>, states: Map<string, S>, op: CheckOp<I>): Map<string, S> {
  const out: S[] = [];
  for (const state of states.values()) out.push(...model.step(state, op));
  if (op.unknown === true) out.push(...states.values());
  return canonical(model, out);
}

/** A set of states as a map by key, in key order, without dominated states. */
function canonical<S, I>(model: Model<S, I>, states: S[]): Map<string, S> {
  const kept = model.prune === undefined ? states : model.prune(states);
  return new Map(kept.map((s) => [model.key(s), s] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The history as a list of call and return entries in time order. At equal
 * times calls come first: two operations that touch in time are concurrent,
 * which never rejects a history that a finer clock would accept.
 */
function buildList<I>(ops: readonly CheckOp<I>[]): Entry {
  const entries: Entry[] = [];
  ops.forEach((op, i) => {
    if (!(op.ret >= op.inv)) throw new Error(`operation ${op.id} returns (${op.ret}) before it is invoked (${op.inv})`);
    const call: Entry = { op: i, isCall: true, time: op.inv, match: null, prev: null, next: null };
    const ret: Entry = { op: i, isCall: false, time: op.ret, match: null, prev: null, next: null };
    call.match = ret;
    ret.match = call;
    entries.push(call, ret);
  });
  entries.sort((a, b) => a.time - b.time || (a.isCall === b.isCall ? a.op - b.op : a.isCall ? -1 : 1));
  const head: Entry = { op: -1, isCall: false, time: -Infinity, match: null, prev: null, next: null };
  let last = head;
  for (const e of entries) {
    e.prev = last;
    last.next = e;
    last = e;
  }
  return head;
}

/** Takes a call and its return out of the list. */
function lift(call: Entry): void {
  call.prev!.next = call.next;
  call.next!.prev = call.prev;
  const ret = call.match!;
  ret.prev!.next = ret.next;
  if (ret.next !== null) ret.next.prev = ret.prev;
}

/** Puts them back, in the reverse order. */
function unlift(call: Entry): void {
  const ret = call.match!;
  ret.prev!.next = ret;
  if (ret.next !== null) ret.next.prev = ret;
  call.prev!.next = call;
  call.next!.prev = call;
}

/**
 * A smallest non-linearizable part of a rejected history. First the shortest
 * prefix that the model rejects (by time: the reads answered by then, the
 * writes invoked by then); then each read whose removal keeps it rejected is
 * removed (a read: the model's readOnly); then each write that overlaps no read
 * left, as long as it stays rejected and every read left can still be
 * explained by the writes left (so that a write is never removed only to leave
 * a read nothing could have produced, which would be a different fault).
 * `budget` bounds each check.
 */
export function minimize<S, I>(model: Model<S, I>, ops: readonly CheckOp<I>[], budget = 200_000): CheckOp<I>[] {
  const isRead = (o: CheckOp<I>) => model.readOnly?.(o.input) === true;
  const rejected = (candidate: readonly CheckOp<I>[]) => check(model, candidate, budget).linearizable === false;
  if (!rejected(ops)) return [...ops];
  const byReturn = [...ops].sort((a, b) => a.ret - b.ret);
  // Up to the n-th answer: the reads answered by then, and every write invoked by then (one that
  // reads answered by then may have seen, whether or not its own answer came later).
  const prefix = (n: number) => {
    const cut = byReturn[n - 1]!.ret;
    return ops.filter((o) => (isRead(o) ? o.ret <= cut : o.inv <= cut));
  };
  let lo = 1;
  let hi = byReturn.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (rejected(prefix(mid))) hi = mid;
    else lo = mid + 1;
  }
  let kept = prefix(lo);
  for (let i = kept.length - 1; i >= 0; i--) {
    if (!isRead(kept[i]!)) continue;
    const without = kept.filter((_, j) => j !== i);
    if (rejected(without)) kept = without;
  }
  /** Each read, alone with the writes as calls that may or may not have happened, has an order. */
  const explained = (candidate: readonly CheckOp<I>[]) => {
    const writes = candidate.filter((o) => !isRead(o)).map((o) => ({ ...o, unknown: true }));
    return candidate.filter(isRead).every((r) => check(model, [...writes, r], budget).linearizable === true);
  };
  // A write that overlaps a read left may be what it saw: it stays.
  const overlapsRead = (w: CheckOp<I>, among: readonly CheckOp<I>[]) =>
    among.some((r) => isRead(r) && r.inv <= w.ret && w.inv <= r.ret);
  for (let i = kept.length - 1; i >= 0; i--) {
    if (isRead(kept[i]!) || overlapsRead(kept[i]!, kept)) continue;
    const without = kept.filter((_, j) => j !== i);
    if (without.length > 0 && rejected(without) && explained(without)) kept = without;
  }
  return kept;
}
