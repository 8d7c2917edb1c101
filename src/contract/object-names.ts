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
