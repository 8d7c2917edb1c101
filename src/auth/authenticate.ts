import { clock } from "../clock";
import { ApiError, ErrorCode } from "../wire/errors";
import type { CallerQuery } from "../wire/query";
import type { App, AppRegistry } from "./apps";
import { verifyUserSig } from "./usersig";
import { VerifiedCache } from "./verified-cache";

const CACHE_CAPACITY = 10_000;

/** One cache per App object: a new configuration (new App objects) starts with an empty one. */
const caches = new WeakMap<App, VerifiedCache>();

/**
 * Proves that the caller is an admin of the app it names. Every check that
 * needs no cryptography (known app, admin identifier) runs before the UserSig
 * is even decoded. A UserSig verified before is answered synchronously: the
 * usual call then costs no promise and no turn of the event loop here.
 */
export function authenticate(query: CallerQuery, apps: AppRegistry): App | Promise<App> {
  const app = apps.get(query.sdkappid);
  if (app === undefined)
    throw new ApiError(ErrorCode.SDKAPPID_INVALID, `sdkappid ${query.sdkappid} is not an app of this service`);
  if (!app.admins.has(query.identifier)) {
    throw new ApiError(
      ErrorCode.NOT_APP_ADMIN,
      "identifier is not an app admin of this app; REST calls must be made as an app admin",
    );
  }

  let cache = caches.get(app);
  if (cache === undefined) {
    cache = new VerifiedCache(CACHE_CAPACITY);
    caches.set(app, cache);
  }
  const cacheKey = `${query.identifier}\n${query.usersig}`;
  const now = clock.nowSeconds();
  if (cache.has(cacheKey, now)) return app;
  return verifyAndRemember(query, app, cache, cacheKey, now);
}

async function verifyAndRemember(
  query: CallerQuery,
  app: App,
  cache: VerifiedCache,
  cacheKey: string,
  now: number,
): Promise<App> {
  const validUntil = await verifyUserSig(query.usersig, {
    sdkappid: app.sdkappid,
    identifier: query.identifier,
    key: app.key,
    nowSeconds: now,
  });
  cache.remember(cacheKey, validUntil);
  return app;
}
