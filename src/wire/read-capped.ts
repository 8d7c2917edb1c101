/**
 * Reads a whole stream, but never more than `maxBytes`: past the cap the
 * stream is cancelled and the answer is null, so an oversized body or a zlib
 * bomb costs at most the cap. Errors of the stream itself propagate.
 *
 * With `pastCap` "release", the stream is not cancelled past the cap: the lock
 * is released and the rest is left to the caller. A request body needs that:
 * cancelling it costs the caller its keep-alive connection (see body.ts).
 */
export async function readCapped(
  stream: ReadableStream<Uint8Array> | null,
  maxBytes: number,
  pastCap: "cancel" | "release" = "cancel",
): Promise<Uint8Array | null> {
  if (stream === null) return new Uint8Array();
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      if (pastCap === "release") reader.releaseLock();
      else await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0]!;
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}
