/**
 * Long answers (the muted list, member pages) as the UTF-8 JSON last built,
 * by the query that built them. An entry is good until `validBefore` (Unix s:
 * the first mute in it runs out) or until a write that could change it clears
 * the cache. Building a 10,000-entry answer in SQLite costs several times what
 * moving it does, and these answers are read far more often than the group
 * changes. They are kept as bytes because bytes cross the RPC and become the
 * response body about seven times cheaper than a string does (docs/benchmarks.md).
 *
 * Many groups, of many apps, share an isolate: besides each cache's own bound,
 * all of them together keep at most ISOLATE_MAX_BYTES, the oldest entry of any
 * group going first.
 */
export class AnswerCache<X = number> {
  private readonly entries = new Map<string, Entry<X>>();
  private bytes = 0;

  /** At most this many bytes kept: a few of the longest answers. */
  constructor(private readonly maxBytes = 8_000_000) {}

  get(key: string, now: number): { json: Uint8Array; extra: X } | null {
    const kept = this.entries.get(key);
    if (kept === undefined) return null;
    if (now < kept.validBefore) return kept;
    this.drop(kept);
    return null;
  }

  /**
   * Answers `json` as UTF-8, kept for `key` with what goes with it (such as a
   * count), when it fits.
   */
  keep(key: string, json: string, validBefore: number, extra: X): Uint8Array {
    const bytes = utf8.encode(json);
    if (bytes.byteLength > this.maxBytes) return bytes;
    const old = this.entries.get(key);
    if (old !== undefined) this.drop(old);
    // Oldest first out: a Map iterates in insertion order.
    for (const entry of this.entries.values()) {
      if (this.bytes + bytes.byteLength <= this.maxBytes) break;
      this.drop(entry);
    }
    for (const entry of isolate.entries.keys()) {
      if (isolate.bytes + bytes.byteLength <= ISOLATE_MAX_BYTES) break;
      entry.owner.drop(entry);
    }
    const entry: Entry<X> = { key, json: bytes, validBefore, extra, owner: this as AnswerCache<unknown> };
    this.entries.set(key, entry);
    this.bytes += bytes.byteLength;
    isolate.entries.set(entry, true);
    isolate.bytes += bytes.byteLength;
    return bytes;
  }

  clear(): void {
    for (const entry of this.entries.values()) this.drop(entry);
  }

  private drop(entry: Entry<X>): void {
    if (!this.entries.delete(entry.key)) return;
    this.bytes -= entry.json.byteLength;
    isolate.entries.delete(entry);
    isolate.bytes -= entry.json.byteLength;
  }
}

interface Entry<X = unknown> {
  key: string;
  json: Uint8Array;
  validBefore: number;
  extra: X;
  owner: AnswerCache<unknown>;
}

/** What every AnswerCache of the isolate keeps together, at most. */
const ISOLATE_MAX_BYTES = 32_000_000;

/** Every kept entry of the isolate, oldest first, and their bytes. */
const isolate = { entries: new Map<Entry<unknown>, true>(), bytes: 0 };

/** The bytes all caches of the isolate keep (tests check the bound). */
export const isolateCacheBytes = (): number => isolate.bytes;

const utf8 = new TextEncoder();
