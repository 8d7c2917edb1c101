/**
 * The live channel end to end, in Node around a real `wrangler dev`: a member's LiveClient
 * (src/client/live-client.ts, on undici's WebSocket: Node 20 has no global one) sees the mute
 * of its account as a Tips MemberInfoChange, is refused while muted (SendAck 10017), sees the
 * Expire Tips when the mute runs out (by the object's alarm, on the wall clock: the one place
 * this test waits on real time), and then sends (SendAck 0, and its own Message).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WebSocket as UndiciWebSocket } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MemberInfoChangeTips, MessageFrame, SendAckFrame, StateFrame, TipsFrame } from "../../src/client/frames";
import { LiveClient, type LiveError, type WebSocketConstructorLike } from "../../src/client/live-client";
import { DEMO_APP } from "../fixtures/apps";
import {
  DEMO_QUERY,
  killWranglerDev,
  startWranglerDev,
  type WranglerDev,
  waitUntilServing,
} from "../fixtures/wrangler-dev";

const require = createRequire(import.meta.url);
/** undici's WebSocket: it fits the client's WebSocketLike as it is (the type checker says so), no adapter. */
const WebSocket: WebSocketConstructorLike = UndiciWebSocket;
const { Api } = require("tls-sig-api-v2") as {
  Api: new (id: number, key: string) => { genUserSig(id: string, s: number): string };
};

// Not the ranges of the other Node tests, which may run at the same time.
const PORT = 19200 + Math.floor(Math.random() * 50);
const ORIGIN = `http://127.0.0.1:${PORT}`;
const BASE = `${ORIGIN}/v4/group_open_http_svc`;
const persist = mkdtempSync(join(tmpdir(), "mute-live-"));
/** How late the Expire may arrive after MuteUntil, by the wall clock (the alarm, then the push). */
const EXPIRE_SLACK_MS = 1500;
/** How long to wait for a frame that is due now. */
const FRAME_MS = 10_000;

let dev: WranglerDev;
const clients: LiveClient[] = [];

beforeAll(async () => {
  dev = startWranglerDev(PORT, persist);
  await waitUntilServing(dev, BASE, DEMO_QUERY);
}, 120_000);

afterAll(() => {
  for (const c of clients) c.close();
  killWranglerDev(dev);
  rmSync(persist, { recursive: true, force: true });
});

async function call(command: string, body: unknown): Promise<{ ErrorCode: number } & Record<string, unknown>> {
  const response = await fetch(`${BASE}/${command}?${DEMO_QUERY}`, { method: "POST", body: JSON.stringify(body) });
  expect(response.status).toBe(200);
  return (await response.json()) as { ErrorCode: number };
}

/** The client's events in order, each with the wall-clock time it arrived. */
type Seen =
  | { at: number; kind: "state"; frame: StateFrame }
  | { at: number; kind: "tips"; frame: TipsFrame }
  | { at: number; kind: "message"; frame: MessageFrame }
  | { at: number; kind: "sendAck"; frame: SendAckFrame }
  | { at: number; kind: "error"; error: LiveError };

/** A LiveClient of `account` on `groupId`, recording what it sees; `until` waits for an event. */
function member(groupId: string, account: string) {
  const client = new LiveClient({
    baseUrl: ORIGIN,
    sdkappid: DEMO_APP.sdkappid,
    identifier: account,
    usersig: new Api(DEMO_APP.sdkappid, DEMO_APP.key).genUserSig(account, 600),
    groupId,
    WebSocket,
  });
  clients.push(client);
  const seen: Seen[] = [];
  const waiters = new Set<() => void>();
  const record = (s: Seen) => {
    seen.push(s);
    for (const w of [...waiters]) w();
  };
  client.on("state", (frame) => record({ at: Date.now(), kind: "state", frame }));
  client.on("tips", (frame) => record({ at: Date.now(), kind: "tips", frame }));
  client.on("message", (frame) => record({ at: Date.now(), kind: "message", frame }));
  client.on("sendAck", (frame) => record({ at: Date.now(), kind: "sendAck", frame }));
  client.on("error", (error) => record({ at: Date.now(), kind: "error", error }));
  /** The first event from `from` on that `test` accepts; fails after `ms`. */
  const until = <S extends Seen>(test: (s: Seen) => s is S, from = 0, ms = FRAME_MS): Promise<S> =>
    new Promise((resolve, reject) => {
      const check = () => {
        const found = seen.slice(from).find(test);
        if (found === undefined) return;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(found);
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${account}: nothing awaited within ${ms} ms; seen ${JSON.stringify(seen)}`));
      }, ms);
      waiters.add(check);
      check();
    });
  return { client, seen, until };
}

const isState = (s: Seen): s is Extract<Seen, { kind: "state" }> => s.kind === "state";
const muteTips =
  (change: "Mute" | "Expire") =>
  (s: Seen): s is { at: number; kind: "tips"; frame: MemberInfoChangeTips } =>
    s.kind === "tips" && s.frame.TipsType === "MemberInfoChange" && s.frame.Change === change;
const isMessage = (s: Seen): s is Extract<Seen, { kind: "message" }> => s.kind === "message";
const text = (t: string) => [{ MsgType: "TIMTextElem", MsgContent: { Text: t } }];

describe("the live channel under wrangler dev, through LiveClient on undici's WebSocket", () => {
  it("a member sees its mute, is refused while muted, sees the Expire on time, then sends", async () => {
    const GroupId = `live-${PORT}-${Date.now()}`;
    expect(
      (
        await call("create_group", {
          Type: "Public",
          Name: "live",
          GroupId,
          Owner_Account: "owner",
          MemberList: [{ Member_Account: "bob" }],
        })
      ).ErrorCode,
    ).toBe(0);
    const bob = member(GroupId, "bob");
    bob.client.connect();
    const state = await bob.until(isState);
    expect(state.frame).toMatchObject({ GroupId, Self: { Member_Account: "bob", Role: "Member", MuteUntil: 0 } });

    // A mute of 3 s: the Tips of its account, with its Reason (bob is the muted account).
    expect(
      (await call("forbid_send_msg", { GroupId, Members_Account: ["bob"], MuteTime: 3, Reason: "calm" })).ErrorCode,
    ).toBe(0);
    const muted = await bob.until(muteTips("Mute"));
    const [entry] = muted.frame.MemberChangeInfoList;
    expect(muted.frame.MemberChangeInfoList).toHaveLength(1);
    expect(entry).toMatchObject({ Member_Account: "bob", MuteTime: 3, Reason: "calm" });
    const muteUntil = entry!.MuteUntil;
    expect(muteUntil).toBe(muted.frame.Time + 3);

    // Refused while muted, with the seconds left and the reason; no Message.
    const refused = await bob.client.send(text("let me speak"), { random: 1 });
    expect(Date.now()).toBeLessThan(muteUntil * 1000); // the send went out while the mute held
    expect(refused).toMatchObject({ Type: "SendAck", Random: 1, ErrorCode: 10017 });
    expect(refused.ErrorInfo).toContain("calm");

    // The Expire, pushed by the object's alarm when the mute runs out: not before MuteUntil, and at most
    // EXPIRE_SLACK_MS after it by the wall clock (the one wait on real time here: expiry is wall-clock by nature).
    const expired = await bob.until(muteTips("Expire"), 0, (muteUntil + 5) * 1000 - Date.now());
    expect(expired.frame.MemberChangeInfoList).toEqual([
      expect.objectContaining({ Member_Account: "bob", MuteTime: 0 }),
    ]);
    expect(expired.at).toBeGreaterThanOrEqual(muteUntil * 1000 - 50);
    expect(expired.at).toBeLessThanOrEqual(muteUntil * 1000 + EXPIRE_SLACK_MS);
    console.log(`live: the Expire arrived ${expired.at - muteUntil * 1000} ms after MuteUntil`);

    // Free again: taken, with its own Message on the channel before the ack.
    const from = bob.seen.length;
    const ack = await bob.client.send(text("thanks"), { random: 2 });
    expect(ack).toMatchObject({ Type: "SendAck", Random: 2, ErrorCode: 0, MsgSeq: 1 });
    const message = await bob.until(isMessage, from);
    expect(message.frame).toMatchObject({
      GroupId,
      From_Account: "bob",
      Random: 2,
      MsgSeq: ack.MsgSeq,
      MsgTime: ack.MsgTime,
      MsgBody: text("thanks"),
    });
    expect(message.frame.Seq).toBeGreaterThan(expired.frame.Seq);
    expect(bob.seen.filter((s) => s.kind === "error")).toEqual([]);
  });

  it("a client resumes across a SIGKILL and restart: the change it missed arrives once, with no Resync", async () => {
    const GroupId = `live-restart-${PORT}-${Date.now()}`;
    const members = [{ Member_Account: "bob" }, { Member_Account: "ann" }];
    expect((await call("create_group", { Type: "Public", Name: "live", GroupId, MemberList: members })).ErrorCode).toBe(
      0,
    );
    const bob = member(GroupId, "bob");
    bob.client.connect();
    await bob.until(isState);
    expect((await call("forbid_send_msg", { GroupId, Members_Account: ["ann"], MuteTime: 600 })).ErrorCode).toBe(0);
    const first = await bob.until(muteTips("Mute"));

    // The whole service goes (its objects with it), and comes back on the same storage. What the
    // client sees from here on counts: it may reconnect before the restart is seen to serve.
    const from = bob.seen.length;
    killWranglerDev(dev);
    await new Promise((resolve) => dev.child.once("exit", resolve));
    dev = startWranglerDev(PORT, persist);
    await waitUntilServing(dev, BASE, DEMO_QUERY);
    expect((await call("forbid_send_msg", { GroupId, Members_Account: ["ann"], MuteTime: 0 })).ErrorCode).toBe(0);

    // The client reconnects by itself with Since: a State (no Resync), then the Unmute, once.
    const again = await bob.until(isState, from, 30_000);
    expect(again.frame.Resync).toBeUndefined();
    const unmute = await bob.until(
      (x): x is Extract<Seen, { kind: "tips" }> => x.kind === "tips" && x.frame.Seq === first.frame.Seq + 1,
      from,
      30_000,
    );
    expect(unmute.frame).toMatchObject({ TipsType: "MemberInfoChange", Change: "Unmute" });
    const seqs = bob.seen.filter((x) => x.kind === "tips").map((x) => (x.frame as TipsFrame).Seq);
    expect(seqs).toEqual([first.frame.Seq, first.frame.Seq + 1]);
  }, 120_000);
});
