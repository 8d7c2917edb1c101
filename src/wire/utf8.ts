/** Refuses invalid UTF-8 instead of repairing it; stateless, so one per isolate serves every call. */
export const strictUtf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false });
