/**
 * A bounded per-isolate memory of UserSigs that verified, so that a client
 * which reuses one signature (as Tencent's SDKs do) skips inflate and HMAC.
 * Oldest entries are dropped first; an entry is only trusted until its
 * signature expires. Bounded by count and by characters: a UserSig may be
 * 4,096 characters, and every app's callers share the isolate's one cache.
 */
export class VerifiedCache {
  private readonly entries = new Map<string, number>();
  private chars = 0;

  constructor(
    private readonly capacity: number,
    private readonly maxChars: number,
  ) {}

  /** True when `key` verified before and is still valid at `now`. */
  has(key: string, now: number): boolean {
    const validUntil = this.entries.get(key);
    if (validUntil === undefined) return false;
    if (now > validUntil) {
      this.forget(key);
      return false;
    }
    return true;
  }

  remember(key: string, validUntil: number): void {
    this.forget(key);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size < this.capacity && this.chars + key.length <= this.maxChars) break;
      this.forget(oldest);
    }
    this.entries.set(key, validUntil);
    this.chars += key.length;
  }

  /** How many entries and characters it holds (tests check the bounds). */
  get size(): { entries: number; chars: number } {
    return { entries: this.entries.size, chars: this.chars };
  }

  private forget(key: string): void {
    if (this.entries.delete(key)) this.chars -= key.length;
  }
}
