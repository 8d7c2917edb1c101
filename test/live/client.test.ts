import { env, runDurableObjectAlarm } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import type { ServerFrame } from "../../src/client/frames";
import { LiveClient, type WebSocketLike } from "../../src/client/live-client";
import worker from "../../src/index";
import { DEMO_APP } from "../fixtures/apps";
import { call, createGroup, groupStub, OK, T0, type TestClock, textBody, useTestClock, validSig } from "../helpers";

let clock: TestClock;
beforeEach(() => {
  clock = useTestClock();
});

type Listener = (event: never) => void;

/** A WebSocket of the client's shape that reaches the Worker's handler in this runtime, not the network. */
class WorkerSocket implements WebSocketLike {
  private socket: WebSocket | undefined;
  private readonly listeners: Record<string, Listener[]> = { open: [], message: [], close: [] };

  constructor(url: string) {
    const request = new Request(url.replace(/^ws/, "http"), { headers: { Upgrade: "websocket" } });
    void worker.fetch(request, env).then((response) => {
      const ws = response.webSocket!;
      ws.accept();
      this.socket = ws;
      ws.addEventListener("message", (e) => this.emit("message", { data: e.data }));
      ws.addEventListener("close", (e) => this.emit("close", { code: e.code, reason: e.reason }));
      this.emit("open", undefined);
    });
  }

  send(data: string): void {
    this.socket!.send(data);
  }

  close(code?: number, reason?: string): void {
    this.socket?.close(code, reason);
  }

  addEventListener(type: string, listener: Listener): void {
    this.listeners[type]!.push(listener);
  }

  private emit(type: string, event: unknown): void {
    for (const listener of this.listeners[type]!) listener(event as never);
  }
}

/** A client of `account` on `groupId`, with the frames it delivered, and a wait for the next one. */
async function client(groupId: string, account: string) {
  const live = new LiveClient({
    baseUrl: "https://im.example.test",
    sdkappid: DEMO_APP.sdkappid,
    identifier: account,
    usersig: await validSig(DEMO_APP.sdkappid, account),
    groupId,
    WebSocket: WorkerSocket,
  });
  const seen: ServerFrame[] = [];
  const waiting: ((f: ServerFrame) => void)[] = [];
  const deliver = (f: ServerFrame) => {
    seen.push(f);
    waiting.shift()?.(f);
  };
  for (const kind of ["state", "tips", "message"] as const) live.on(kind, deliver as never);
  let taken = 0;
  const next = (): Promise<ServerFrame> => {
    if (taken < seen.length) return Promise.resolve(seen[taken++]!);
    return new Promise((resolve) =>
      waiting.push((f) => {
        taken++;
        resolve(f);
      }),
    );
  };
  live.connect();
  return { live, next };
}

describe("the typed client against the service", () => {
  it("sees its mute, is refused while muted, sees it run out on time, then sends", async () => {
    const g = await createGroup({ Owner_Account: "owner", MemberList: [{ Member_Account: "bob" }] });
    const bob = await client(g, "bob");
    expect(await bob.next()).toMatchObject({ Type: "State", Self: { Member_Account: "bob", MuteUntil: 0 } });
    expect(
      await call("forbid_send_msg", { GroupId: g, Members_Account: ["bob"], MuteTime: 5, Reason: "calm" }),
    ).toEqual(OK);
    expect(await bob.next()).toMatchObject({
      TipsType: "MemberInfoChange",
      Change: "Mute",
      MemberChangeInfoList: [{ Member_Account: "bob", MuteTime: 5, MuteUntil: T0 + 5, Reason: "calm" }],
    });
    expect(await bob.live.send(textBody("hi"), { random: 1 })).toMatchObject({ ErrorCode: 10017 });
    clock.advance(5);
    await runDurableObjectAlarm(groupStub(g));
    expect(await bob.next()).toMatchObject({
      Change: "Expire",
      MemberChangeInfoList: [{ Member_Account: "bob", MuteTime: 0 }],
    });
    expect(await bob.live.send(textBody("back"), { random: 2 })).toEqual({
      Type: "SendAck",
      Random: 2,
      ErrorCode: 0,
      ErrorInfo: "",
      MsgSeq: 1,
      MsgTime: T0 + 5,
    });
    expect(await bob.next()).toMatchObject({ Type: "Message", From_Account: "bob", MsgSeq: 1 });
    bob.live.close();
  });
});
