import { vi } from "vitest";
import { CALLBACK_URL } from "../fixtures/apps";

/** One callback request as the receiver got it. */
export interface Received {
  query: URLSearchParams;
  // biome-ignore lint/suspicious/noExplicitAny: a callback body is whatever the event carries.
  body: Record<string, any>;
}

/**
 * A mocked callback receiver: the service's fetches to CALLBACK_URL land here
 * (the objects run in the test's isolate), every other fetch goes through.
 * `answer` decides each reply (default: OK); a thrown error is a network fault.
 */
export function mockReceiver() {
  const received: Received[] = [];
  const state = {
    answer: (_r: Received): Response => Response.json({ ActionStatus: "OK", ErrorCode: 0, ErrorInfo: "" }),
  };
  const realFetch = globalThis.fetch;
  const spy = vi.spyOn(globalThis, "fetch").mockImplementation(async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (`${url.origin}${url.pathname}` !== CALLBACK_URL) return realFetch(input, init);
    const text = input instanceof Request ? await input.text() : String(init?.body ?? "");
    const r: Received = { query: url.searchParams, body: JSON.parse(text) };
    received.push(r);
    return state.answer(r);
  });
  return {
    received,
    /** The bodies received, in order. */
    bodies: () => received.map((r) => r.body),
    answerWith(answer: (r: Received) => Response) {
      state.answer = answer;
    },
    restore: () => spy.mockRestore(),
  };
}
