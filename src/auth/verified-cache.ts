/**
 * A bounded per-isolate memory of UserSigs that verified, so that a client
 * which reuses one signature (as Tencent's SDKs do) skips inflate and HMAC.
 * Oldest entries are dropped first; an entry is only trusted until its
 * signature expires.
 */
export class VerifiedCache {
  private readonly entries = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  /** True when `key` verified before and is still valid at `now`. */
  has(key: string, now: number): boolean {
    const validUntil = this.entries.get(key);
    if (validUntil === undefined) return false;
    if (now > validUntil) {
      this.entries.delete(key);
      return false;
    }
    return true;
  }

  remember(key: string, validUntil: number): void {
    if (this.entries.size >= this.capacity && !this.entries.has(key)) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, validUntil);
  }
}
