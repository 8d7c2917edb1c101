/**
 * How Durable Objects are named: one app object per app, one group object per
 * (app, GroupId). The sdkappid is digits only, so "sdkappid:GroupId" can never
 * name another app's group, whatever the GroupId holds.
 */
export const appObjectName = (sdkappid: number): string => String(sdkappid);

export const groupObjectName = (sdkappid: number, groupId: string): string => `${sdkappid}:${groupId}`;

/** The sdkappid a group object's name holds, or null for a name not made by groupObjectName. */
export function sdkappidOfGroupObject(name: string | undefined): number | null {
  const match = name === undefined ? null : /^(\d{1,10}):/.exec(name);
  return match === null ? null : Number(match[1]);
}

/**
 * Shards of an app's joined-group index: an account's groups live in one shard,
 * picked by a hash of the account. Fixed: changing it would move every account.
 * Few, since a change of many members is one commit in each shard they fall in
 * (docs/design.md, "The joined-group index").
 */
export const JOINED_SHARDS = 4;

/** The shard of `account` (FNV-1a over its UTF-16 code units: stable, cheap, well spread). */
export function joinedShardOf(account: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < account.length; i++) {
    hash ^= account.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % JOINED_SHARDS;
}

/** One shard of an app's joined-group index; digits and a fixed word, so no GroupId or account can name it. */
export const joinedIndexName = (sdkappid: number, shard: number): string => `${sdkappid}/joined/${shard}`;
