import { clock } from "../clock";
import { ApiError, ErrorCode } from "../wire/errors";
import type { CallerQuery } from "../wire/query";
import type { App, AppRegistry } from "./apps";
import { verifyUserSig } from "./usersig";
import { VerifiedCache } from "./verified-cache";

/**
 * One cache for the isolate, whatever the number of apps: 10,000 signatures, and
 * at most 4M characters of them (8 MB), however long each is.
 */
export const verifiedSigs = new VerifiedCache(10_000, 4_000_000);

/**
 * A number per App object, in each cache key: a new configuration (new App
 * objects, perhaps a new key) trusts nothing verified under the old one.
 */
const appNumbers = new WeakMap<App, number>();
let lastAppNumber = 0;

/**
 * Proves that the caller is an admin of the app it names. Every check that
 * needs no cryptography (known app, admin identifier) runs before the UserSig
 * is even decoded. A UserSig verified before is answered synchronously: the
 * usual call then costs no promise and no turn of the event loop here.
 */
export function authenticate(query: CallerQuery, apps: AppRegistry): App | Promise<App> {
  const app = appOf(query, apps);
  if (!app.admins.has(query.identifier)) {
    throw new ApiError(
      ErrorCode.NOT_APP_ADMIN,
      "identifier is not an app admin of this app; REST calls must be made as an app admin",
    );
  }
  return verified(query, app);
}

/**
 * Proves that the caller is the account it names, by that account's own UserSig
 * (Tencent's client login): the live channel's members, and the app's admins.
 */
export function authenticateAccount(
  query: Pick<CallerQuery, "sdkappid" | "identifier" | "usersig">,
  apps: AppRegistry,
): App | Promise<App> {
  return verified(query, appOf(query, apps));
}

function appOf(query: Pick<CallerQuery, "sdkappid">, apps: AppRegistry): App {
  const app = apps.get(query.sdkappid);
  if (app === undefined)
    throw new ApiError(ErrorCode.SDKAPPID_INVALID, `sdkappid ${query.sdkappid} is not an app of this service`);
  return app;
}

/** `app` once `query`'s UserSig is proven, from the cache when it verified before. */
function verified(query: Pick<CallerQuery, "identifier" | "usersig">, app: App): App | Promise<App> {
  let appNumber = appNumbers.get(app);
  if (appNumber === undefined) {
    appNumber = ++lastAppNumber;
    appNumbers.set(app, appNumber);
  }
  const cacheKey = `${appNumber}\n${query.identifier}\n${query.usersig}`;
  const now = clock.nowSeconds();
  if (verifiedSigs.has(cacheKey, now)) return app;
  return verifyAndRemember(query, app, cacheKey, now);
}

async function verifyAndRemember(
  query: Pick<CallerQuery, "identifier" | "usersig">,
  app: App,
  cacheKey: string,
  now: number,
): Promise<App> {
  const validUntil = await verifyUserSig(query.usersig, {
    sdkappid: app.sdkappid,
    identifier: query.identifier,
    key: app.key,
    nowSeconds: now,
  });
  verifiedSigs.remember(cacheKey, validUntil);
  return app;
}
