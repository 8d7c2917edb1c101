/**
 * How Durable Objects are named: one limiter per app, one group object per
 * (app, GroupId). The sdkappid is digits only, so "sdkappid:GroupId" can never
 * name another app's group, whatever the GroupId holds.
 */
export const limiterObjectName = (sdkappid: number): string => String(sdkappid);

export const groupObjectName = (sdkappid: number, groupId: string): string => `${sdkappid}:${groupId}`;
