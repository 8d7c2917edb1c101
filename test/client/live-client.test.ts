import { describe, expect, expectTypeOf, it } from "vitest";
import type { ServerFrame } from "../../src/client/frames";
import { LiveClient, liveConnectUrl, type WebSocketConstructorLike } from "../../src/client/live-client";
import { harness, message, TEXT } from "../fixtures/live-fakes";

describe("LiveClient: the connect URL", () => {
  const query = { sdkappid: 1400000000, identifier: "bob", usersig: "a+b/c=", groupId: "g 1" };

  it("is ws: for http: and wss: for https:, under the base's path, with the query of the SPEC", () => {
    expect(liveConnectUrl("http://127.0.0.1:8787", query)).toBe(
      "ws://127.0.0.1:8787/v4/group_live/connect?sdkappid=1400000000&identifier=bob&usersig=a%2Bb%2Fc%3D&GroupId=g+1",
    );
    expect(liveConnectUrl("https://im.example.com/api/", { ...query, since: 42 })).toBe(
      "wss://im.example.com/api/v4/group_live/connect?sdkappid=1400000000&identifier=bob&usersig=a%2Bb%2Fc%3D" +
        "&GroupId=g+1&Since=42",
    );
  });

  it("refuses a base that is not http(s), at construction", () => {
    expect(() => liveConnectUrl("ftp://im.example.com", query)).toThrow(TypeError);
    expect(() => new LiveClient({ ...query, baseUrl: "not a url", WebSocket: class {} as never })).toThrow();
  });

  it("takes the runtime's own WebSocket constructor", () => {
    expectTypeOf(WebSocket).toExtend<WebSocketConstructorLike>();
  });
});

describe("LiveClient: reconnect and resume", () => {
  it("connects without Since, and resumes after a drop with the last Seq it saw", () => {
    const h = harness();
    expect(h.socket().url.startsWith("wss://im.example.com/v4/group_live/connect?")).toBe(true);
    expect(h.socket().query.get("Since")).toBeNull();
    h.accept(7);
    h.socket().push(message(8));
    h.socket().drop();
    h.timers.advance(500);
    expect(h.sockets).toHaveLength(2);
    expect(h.socket().query.get("Since")).toBe("8");
    expect(h.client.lastSeq).toBe(8);
  });

  it("starts from a given since, e.g. an earlier client's lastSeq", () => {
    const h = harness({ since: 30 });
    expect(h.socket().query.get("Since")).toBe("30");
  });

  it("waits 0.5 s, doubling to 30 s, after each failed attempt; a State starts the count again", () => {
    const h = harness();
    const delays: unknown[] = [];
    for (let i = 0; i < 9; i++) {
      h.socket().drop();
      const { retryInMs } = h.named("close").at(-1) as { retryInMs: number };
      delays.push(retryInMs);
      h.timers.advance(retryInMs - 1);
      expect(h.sockets).toHaveLength(i + 1); // not a moment sooner
      h.timers.advance(1);
      expect(h.sockets).toHaveLength(i + 2);
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
    h.accept(1);
    h.socket().drop();
    expect(h.named("close").at(-1)).toMatchObject({ retryInMs: 500 });
  });

  it.each([
    [0, 400, 24_000],
    [0.999_999, 600, 36_000],
  ])("jitters each wait by at most 20 %% (random %d)", (r, first, last) => {
    const h = harness({ random: () => r });
    for (let i = 0; i < 8; i++) {
      h.socket().drop();
      h.timers.advance(40_000);
    }
    const delays = h.named("close").map((info) => (info as { retryInMs: number }).retryInMs);
    expect(delays[0]).toBe(first);
    expect(delays.at(-1)).toBe(last);
  });

  it("delivers no Seq twice across a resume: the replay's overlap is dropped", () => {
    const h = harness();
    h.accept(7);
    h.socket().push(message(8));
    h.socket().push(message(9));
    h.socket().drop();
    h.timers.advance(500);
    h.accept(9); // the resumed socket's State, then frames it replays, some already seen
    for (const seq of [8, 9, 10]) h.socket().push(message(seq));
    h.socket().push(message(10));
    expect(h.named("message").map((m) => (m as { Seq: number }).Seq)).toEqual([8, 9, 10]);
    expect(h.named("state")).toHaveLength(2);
  });

  it("hands a Recall frame to the recall handlers, in Seq order with the rest", () => {
    const h = harness();
    h.accept(7);
    h.socket().push(message(8));
    const recall = {
      Type: "Recall",
      Seq: 9,
      GroupId: "g1",
      Time: 1,
      Operator_Account: "a",
      MsgSeqList: [{ MsgSeq: 8 }],
    };
    h.socket().push(recall as ServerFrame);
    expect(h.named("recall")).toEqual([recall]);
    expect(h.events.slice(-2).map((e) => e.name)).toEqual(["message", "recall"]);
  });

  it("on a Resync State, starts again from its Seq (even a lower one)", () => {
    const h = harness();
    h.accept(7);
    h.socket().push(message(9));
    h.socket().drop();
    h.timers.advance(500);
    h.accept(3, { Resync: true });
    h.socket().push(message(4));
    expect(h.client.lastSeq).toBe(4);
    expect(h.named("state").at(-1)).toMatchObject({ Seq: 3, Resync: true });
    expect(h.named("message").map((m) => (m as { Seq: number }).Seq)).toEqual([9, 4]);
  });
});

describe("LiveClient: ping", () => {
  it("sends ping every interval, ignores pong, and drops a socket silent for a whole interval", () => {
    const h = harness({ pingIntervalMs: 10_000 });
    h.accept(1);
    h.timers.advance(9_999);
    expect(h.socket().sent).toEqual([]);
    h.timers.advance(1);
    expect(h.socket().sent).toEqual(["ping"]);
    h.socket().push("pong");
    h.timers.advance(10_000);
    expect(h.socket().sent).toEqual(["ping", "ping"]);
    expect(h.events.map((e) => e.name)).toEqual(["open", "state"]); // pong is no event, no error
    h.timers.advance(10_000); // no pong to the second ping
    expect(h.socket().closedWith).toBeDefined();
    expect(h.named("close")).toEqual([{ code: 1006, reason: "no answer to ping", retryInMs: 500 }]);
    h.timers.advance(500);
    expect(h.sockets).toHaveLength(2);
  });
});

describe("LiveClient: send", () => {
  it("resolves each send with the SendAck of its Random, whatever order they come in", async () => {
    const h = harness();
    h.accept(1);
    const first = h.client.send(TEXT, { random: 11, topicId: "@TGS#_t1", cloudCustomData: "x" });
    const second = h.client.send(TEXT);
    expect(h.socket().frames).toEqual([
      { Type: "Send", Random: 11, MsgBody: TEXT, TopicId: "@TGS#_t1", CloudCustomData: "x" },
      { Type: "Send", Random: 0x8000_0000, MsgBody: TEXT }, // random() is 0.5
    ]);
    h.socket().push({ Type: "SendAck", Random: 0x8000_0000, ErrorCode: 0, ErrorInfo: "", MsgSeq: 2, MsgTime: 5 });
    h.socket().push({ Type: "SendAck", Random: 11, ErrorCode: 10017, ErrorInfo: "bob is muted" });
    await expect(first).resolves.toMatchObject({ Random: 11, ErrorCode: 10017 });
    await expect(second).resolves.toMatchObject({ MsgSeq: 2 });
    expect(h.named("sendAck")).toHaveLength(2);
  });

  it("rejects a send when the socket closes before its ack, and while not open", async () => {
    const h = harness();
    await expect(h.client.send(TEXT)).rejects.toThrow("not open");
    h.accept(1);
    const pending = h.client.send(TEXT, { random: 5 });
    h.socket().drop();
    await expect(pending).rejects.toThrow("closed before the ack");
    await expect(h.client.send(TEXT)).rejects.toThrow("not open");
  });

  it("refuses a Random that is not a uint32, or one still awaiting its ack", async () => {
    const h = harness();
    h.accept(1);
    await expect(h.client.send(TEXT, { random: -1 })).rejects.toThrow(RangeError);
    void h.client.send(TEXT, { random: 7 }).catch(() => {});
    await expect(h.client.send(TEXT, { random: 7 })).rejects.toThrow("awaits its ack");
  });
});

describe("LiveClient: stopping", () => {
  it("does not reconnect after a refusal (close code 4000 or more), and reports its Error frame", () => {
    const h = harness();
    h.socket().accept();
    const refusal = { Type: "Error", ErrorCode: 70001, ErrorInfo: "UserSig expired" } as const;
    h.socket().push(refusal);
    h.socket().drop(4001, "refused");
    h.timers.advance(3_600_000);
    expect(h.sockets).toHaveLength(1);
    expect(h.named("error")).toEqual([{ kind: "server", frame: refusal }]);
    expect(h.named("close")).toEqual([{ code: 4001, reason: "refused", retryInMs: null, refusal }]);
  });

  it("keeps the socket after an Error frame the server sends on an open channel", () => {
    const h = harness();
    h.accept(1);
    h.socket().push({ Type: "Error", ErrorCode: 60003, ErrorInfo: "bad JSON" });
    h.socket().push(message(2));
    expect(h.named("message")).toHaveLength(1);
    expect(h.named("close")).toEqual([]);
  });

  it("close() stops for good: the socket is closed, no reconnect, later events are ignored", () => {
    const h = harness();
    h.accept(1);
    h.client.close();
    expect(h.socket().closedWith).toEqual({ code: 1000, reason: "closed by the client" });
    h.socket().drop(1000);
    h.socket().push(message(2));
    h.timers.advance(3_600_000);
    h.client.connect();
    expect(h.sockets).toHaveLength(1);
    expect(h.named("message")).toEqual([]);
    expect(h.named("close")).toEqual([{ code: 1000, reason: "closed by the client", retryInMs: null }]);
  });
});

describe("LiveClient: junk", () => {
  it("reports a frame it cannot read as a junk error, and goes on", () => {
    const h = harness();
    h.accept(1);
    const binary = new ArrayBuffer(2);
    for (const junk of ["{", "[]", '{"Type":"Nope","Seq":2}', '{"Type":"Message","Seq":"2"}', binary]) {
      expect(() => h.socket().push(junk)).not.toThrow();
    }
    h.socket().push(message(2));
    expect(h.named("error").map((e) => (e as { kind: string }).kind)).toEqual(Array(5).fill("junk"));
    expect(h.named("error").at(-1)).toEqual({ kind: "junk", data: binary });
    expect(h.named("message")).toHaveLength(1);
    expect(h.named("close")).toEqual([]);
  });

  it("a handler that throws breaks neither the channel nor the other handlers", () => {
    const h = harness();
    h.client.on("message", () => {
      throw new Error("caller's bug");
    });
    const errors: unknown[] = [];
    const seen: number[] = [];
    h.client.on("message", (m) => void seen.push(m.Seq));
    h.accept(1);
    // The thrown error is reported after the turn (queueMicrotask): caught here so that the test sees it.
    const original = globalThis.queueMicrotask;
    globalThis.queueMicrotask = (task) => {
      try {
        task();
      } catch (error) {
        errors.push(error);
      }
    };
    try {
      h.socket().push(message(2));
    } finally {
      globalThis.queueMicrotask = original;
    }
    expect(seen).toEqual([2]);
    expect(errors).toEqual([new Error("caller's bug")]);
  });
});
