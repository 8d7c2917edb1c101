/**
 * What the Worker tells a group's object of a live connect it has authenticated
 * and admitted, as headers of the upgrade it hands over (the one call that is
 * not RPC). The object trusts them: only the Worker reaches it.
 */
export const LIVE_HEADERS = {
  account: "x-live-account",
  admin: "x-live-admin",
  since: "x-live-since",
  /** The client's IP, as clientIpOf read it ("" when not known). */
  clientIp: "x-live-client-ip",
  /** The object's answer: the rows the connect cost ("read,written"), for the access line; the Worker takes it off. */
  rows: "x-live-rows",
} as const;
