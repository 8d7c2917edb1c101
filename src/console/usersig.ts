/**
 * UserSig v2, made and read in the browser (Web Crypto and CompressionStream),
 * exactly as Tencent's tls-sig-api-v2 makes it and src/auth/usersig.ts checks it.
 */

const utf8 = new TextEncoder();

const base64 = (bytes: Uint8Array): string => btoa(Array.from(bytes, (b) => String.fromCharCode(b)).join(""));
const unbase64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

async function through(bytes: Uint8Array<ArrayBuffer>, transform: CompressionStream | DecompressionStream) {
  return new Uint8Array(await new Response(new Blob([bytes]).stream().pipeThrough(transform)).arrayBuffer());
}

/** Web Crypto exists only in a secure context (https, or http on localhost). */
export const canSign = (): boolean => globalThis.crypto?.subtle !== undefined && "CompressionStream" in globalThis;

/** A UserSig of `identifier` for app `sdkappid`, valid `expire` seconds from now. */
export async function makeUserSig(sdkappid: number, identifier: string, key: string, expire: number): Promise<string> {
  const time = Math.floor(Date.now() / 1000);
  const content = `TLS.identifier:${identifier}\nTLS.sdkappid:${sdkappid}\nTLS.time:${time}\nTLS.expire:${expire}\n`;
  // Not extractable: the imported key cannot be read back, and it is dropped with this call.
  const hmac = await crypto.subtle.importKey("raw", utf8.encode(key), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const sig = base64(new Uint8Array(await crypto.subtle.sign("HMAC", hmac, utf8.encode(content))));
  const doc = {
    "TLS.ver": "2.0",
    "TLS.identifier": identifier,
    "TLS.sdkappid": sdkappid,
    "TLS.time": time,
    "TLS.expire": expire,
    "TLS.sig": sig,
  };
  // CompressionStream("deflate") writes the zlib format, which is what the verifier inflates.
  const deflated = await through(utf8.encode(JSON.stringify(doc)), new CompressionStream("deflate"));
  return base64(deflated).replace(/\+/g, "*").replace(/\//g, "-").replace(/=/g, "_");
}

export interface UserSigFacts {
  identifier: string;
  sdkappid: number;
  /** Unix seconds. */
  expiresAt: number;
}

/** What a pasted UserSig says of itself (not whether its signature is good: only the service knows the key). */
export async function readUserSig(usersig: string): Promise<UserSigFacts | null> {
  try {
    const bytes = unbase64(usersig.trim().replace(/\*/g, "+").replace(/-/g, "/").replace(/_/g, "="));
    const doc = JSON.parse(new TextDecoder().decode(await through(bytes, new DecompressionStream("deflate"))));
    const identifier = doc["TLS.identifier"];
    const [sdkappid, time, expire] = ["TLS.sdkappid", "TLS.time", "TLS.expire"].map((k) => Number(doc[k]));
    const expiresAt = time! + expire!;
    if (typeof identifier !== "string" || !Number.isSafeInteger(sdkappid) || !Number.isSafeInteger(expiresAt)) {
      return null;
    }
    return { identifier, sdkappid: sdkappid!, expiresAt };
  } catch {
    return null;
  }
}
