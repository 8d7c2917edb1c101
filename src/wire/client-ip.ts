/** The longest text of an IP: an IPv6 address ending in an IPv4 one. */
const MAX_IP_CHARS = 45;
const IP_TEXT = /^[0-9A-Fa-f:.]+$/;

/**
 * The caller's IP as Cloudflare gives it (`CF-Connecting-IP`), for the ClientIP
 * of the callbacks its call causes, as Tencent's carry the caller's; "" when
 * there is none. Only an IP's characters are taken: under `wrangler dev` a
 * caller may send the header itself, and its text goes into every event.
 */
export function clientIpOf(headers: Headers): string {
  const ip = headers.get("cf-connecting-ip") ?? "";
  return ip.length <= MAX_IP_CHARS && IP_TEXT.test(ip) && /[.:]/.test(ip) ? ip : "";
}
