/**
 * Runs in Node before the suite: makes UserSigs with Tencent's official
 * generator (npm tls-sig-api-v2) and with Node's zlib at every level, so the
 * tests inside the Workers runtime check interoperability with real output.
 */
import { createHmac } from "node:crypto";
import { createRequire } from "node:module";
import { deflateSync } from "node:zlib";
import type { TestProject } from "vitest/node";
import { DEMO_APP } from "./fixtures/apps";
import { toUserSigBase64 } from "./fixtures/base64";
import { FORGED_EXPIRE, type OfficialSigs } from "./fixtures/provided";
import { signedContent } from "./fixtures/usersig";

const require = createRequire(import.meta.url);
const { Api } = require("tls-sig-api-v2") as {
  Api: new (
    sdkappid: number,
    key: string,
  ) => {
    genUserSig(id: string, expire: number): string;
    genPrivateMapKey(id: string, expire: number, room: number, priv: number): string;
  };
};

export default function setup(project: TestProject): void {
  const identifier = DEMO_APP.admin;
  const madeAt = Math.floor(Date.now() / 1000);
  const api = new Api(DEMO_APP.sdkappid, DEMO_APP.key);
  const plain = api.genUserSig(identifier, 86400);
  const withUserbuf = api.genPrivateMapKey(identifier, 86400, 10000, 255);

  const expire = 86400;
  const content = signedContent({ identifier, sdkappid: DEMO_APP.sdkappid, time: madeAt, expire });
  const doc = JSON.stringify({
    "TLS.ver": "2.0",
    "TLS.identifier": identifier,
    "TLS.sdkappid": DEMO_APP.sdkappid,
    "TLS.time": madeAt,
    "TLS.expire": expire,
    "TLS.sig": createHmac("sha256", DEMO_APP.key).update(content).digest("base64"),
  });
  const byLevel = Array.from({ length: 10 }, (_, level) =>
    toUserSigBase64(deflateSync(Buffer.from(doc), { level }).toString("base64")),
  );

  // An ordinary 1-hour UserSig for an identifier that carries, after a newline, the signed lines
  // of a UserSig valid until the year 5195, ending in an empty "TLS.userbuf:" line.
  const forgedLines = [`TLS.sdkappid:${DEMO_APP.sdkappid}`, `TLS.time:${madeAt}`, `TLS.expire:${FORGED_EXPIRE}`];
  const newlineIdentifier = api.genUserSig([identifier, ...forgedLines, "TLS.userbuf:"].join("\n"), 3600);

  const sigs: OfficialSigs = { madeAt, identifier, plain, withUserbuf, byLevel, newlineIdentifier };
  project.provide("officialSigs", sigs);
}
