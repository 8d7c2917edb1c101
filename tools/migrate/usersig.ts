/**
 * UserSig v2, as the service verifies it (src/auth/usersig.ts) and Tencent's
 * generators make it: HMAC-SHA256 with the app's key over the fields as lines,
 * then the JSON document deflated (zlib) and base64 with `+ / =` as `* - _`.
 */
import { createHmac } from "node:crypto";
import { deflateSync } from "node:zlib";

export function signUserSig(sdkappid: number, identifier: string, key: string, time: number, expire: number): string {
  const content =
    `TLS.identifier:${identifier}\nTLS.sdkappid:${sdkappid}\n` + `TLS.time:${time}\nTLS.expire:${expire}\n`;
  const sig = createHmac("sha256", key).update(content).digest("base64");
  const doc = {
    "TLS.ver": "2.0",
    "TLS.identifier": identifier,
    "TLS.sdkappid": sdkappid,
    "TLS.expire": expire,
    "TLS.time": time,
    "TLS.sig": sig,
  };
  return deflateSync(Buffer.from(JSON.stringify(doc)))
    .toString("base64")
    .replace(/\+/g, "*")
    .replace(/\//g, "-")
    .replace(/=/g, "_");
}
