/**
 * Long answers (the muted list, member pages) as the UTF-8 JSON last built,
 * by the query that built them. An entry is good until `validBefore` (Unix s:
 * the first mute in it runs out) or until a write that could change it clears
 * the cache. Building a 10,000-entry answer in SQLite costs several times what
 * moving it does, and these answers are read far more often than the group
 * changes. They are kept as bytes because bytes cross the RPC and become the
 * response body about seven times cheaper than a string does (docs/benchmarks.md).
 */
export class AnswerCache {
  private readonly entries = new Map<string, { json: Uint8Array; validBefore: number; extra: number }>();
  private bytes = 0;

  /** At most this many bytes kept: a few of the longest answers. */
  constructor(private readonly maxBytes = 8_000_000) {}

  get(key: string, now: number): { json: Uint8Array; extra: number } | null {
    const kept = this.entries.get(key);
    if (kept === undefined) return null;
    if (now < kept.validBefore) return kept;
    this.drop(key, kept.json.byteLength);
    return null;
  }

  /**
   * Answers `json` as UTF-8, kept for `key` with one number that goes with it
   * (such as a count), when it fits.
   */
  keep(key: string, json: string, validBefore: number, extra = 0): Uint8Array {
    const bytes = utf8.encode(json);
    if (bytes.byteLength > this.maxBytes) return bytes;
    const old = this.entries.get(key);
    if (old !== undefined) this.drop(key, old.json.byteLength);
    // Oldest first out: a Map iterates in insertion order.
    for (const [k, v] of this.entries) {
      if (this.bytes + bytes.byteLength <= this.maxBytes) break;
      this.drop(k, v.json.byteLength);
    }
    this.entries.set(key, { json: bytes, validBefore, extra });
    this.bytes += bytes.byteLength;
    return bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private drop(key: string, length: number): void {
    this.entries.delete(key);
    this.bytes -= length;
  }
}

const utf8 = new TextEncoder();
