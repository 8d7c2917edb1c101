/**
 * Keep-alive after a refused body, in Node around a real `wrangler dev`: a
 * body over the 1 MiB cap is answered with 10004, and the caller's next call
 * on the same connection is served as usual, whether the oversized body came
 * with a Content-Length or chunked. A body cancelled unread made workerd drop
 * the connection, and the next call on it got 503 "Your worker restarted
 * mid-request" (src/wire/body.ts, MAX_DRAIN_BYTES).
 *
 * wrangler's own dev-only middleware that drains unread bodies is turned off,
 * as it does not exist in production: the service has to do it itself.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { Agent, request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_QUERY,
  killWranglerDev,
  startWranglerDev,
  type WranglerDev,
  waitUntilServing,
} from "../fixtures/wrangler-dev";

// Not the range of crash.test.ts, which may run at the same time.
const PORT = 18950 + Math.floor(Math.random() * 50);
const PATH = "/v4/group_open_http_svc";
const ONE_MIB = 1024 * 1024;
const persist = mkdtempSync(join(tmpdir(), "mute-keep-alive-"));

/** One socket for every call: a call goes out only once the one before it is answered. */
const agent = new Agent({ keepAlive: true, maxSockets: 1 });

interface Answer {
  status: number;
  reusedSocket: boolean;
  /** The client's port of the connection: the same port, the same connection. */
  localPort: number | undefined;
  text: string;
}

/** One POST through the keep-alive agent; a chunked body is written in 64 KiB chunks, without Content-Length. */
function post(command: string, body: Buffer, framing: "content-length" | "chunked"): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers =
      framing === "chunked" ? { "transfer-encoding": "chunked" } : { "content-length": String(body.byteLength) };
    const req = request(
      { host: "127.0.0.1", port: PORT, method: "POST", path: `${PATH}/${command}?${DEMO_QUERY}`, agent, headers },
      (res) => {
        const localPort = res.socket.localPort; // read now: once the answer is read, the agent takes the socket back
        const parts: Buffer[] = [];
        res.on("data", (b: Buffer) => parts.push(b));
        res.on("error", reject);
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            reusedSocket: req.reusedSocket,
            localPort,
            text: Buffer.concat(parts).toString(),
          }),
        );
      },
    );
    req.on("error", (error) =>
      reject(
        new Error(
          `${command} (${framing}, ${body.byteLength} bytes, reused socket: ${req.reusedSocket}): ${error.message}`,
        ),
      ),
    );
    void (async () => {
      for (let at = 0; at < body.byteLength; at += 64 * 1024) {
        if (!req.write(body.subarray(at, at + 64 * 1024))) await new Promise((r) => req.once("drain", r));
        if (req.destroyed) return;
      }
      req.end();
    })();
  });
}

async function call(
  command: string,
  body: unknown,
): Promise<Answer & { json: { ErrorCode: number } & Record<string, unknown> }> {
  const answer = await post(command, Buffer.from(JSON.stringify(body)), "content-length");
  expect(answer.status, answer.text).toBe(200);
  return { ...answer, json: JSON.parse(answer.text) as { ErrorCode: number } };
}

/** A JSON body of `size` bytes that would be a valid call if it were not too long. */
function oversized(groupId: string, size: number): Buffer {
  const head = `{"GroupId":"${groupId}","Members_Account":["a"],"MuteTime":60,"pad":"`;
  return Buffer.concat([Buffer.from(head), Buffer.alloc(size - head.length - 2, "x"), Buffer.from('"}')]);
}

let dev: WranglerDev | undefined;
beforeAll(async () => {
  dev = startWranglerDev(PORT, persist, { WRANGLER_DISABLE_REQUEST_BODY_DRAINING: "true" });
  await waitUntilServing(dev, `http://127.0.0.1:${PORT}${PATH}`, DEMO_QUERY);
}, 60_000);
afterAll(() => {
  agent.destroy();
  if (dev) killWranglerDev(dev);
  rmSync(persist, { recursive: true, force: true });
});

describe("keep-alive after a body over the cap, under wrangler dev", () => {
  it("answers 10004, then serves the next call on the same connection (Content-Length or chunked)", async () => {
    const groupId = `keep-alive-${PORT}-${Date.now()}`;
    const created = await call("create_group", { Type: "Public", Name: "keep-alive", GroupId: groupId });
    expect(created.json.ErrorCode).toBe(0);
    const port = created.localPort;
    expect(port).toBeDefined();

    // Just past the cap, and far past it (several reads of the drain).
    for (const size of [ONE_MIB + 1, 3 * ONE_MIB, 16 * ONE_MIB]) {
      for (const framing of ["content-length", "chunked"] as const) {
        const what = `${framing}, ${size} bytes`;
        const refused = await post("forbid_send_msg", oversized(groupId, size), framing);
        expect(refused.status, `${what}: ${refused.text}`).toBe(200);
        expect(JSON.parse(refused.text), what).toEqual({
          ActionStatus: "FAIL",
          ErrorCode: 10004,
          ErrorInfo: "request body is over 1048576 bytes",
        });
        expect(refused.reusedSocket, what).toBe(true);
        expect(refused.localPort, what).toBe(port);

        const next = await call("get_group_info", { GroupIdList: [groupId] });
        expect(next.reusedSocket, `the call after ${what}`).toBe(true);
        expect(next.localPort, `the call after ${what}`).toBe(port);
        expect(next.json, `the call after ${what}`).toMatchObject({
          ActionStatus: "OK",
          ErrorCode: 0,
          GroupInfo: [{ GroupId: groupId, ErrorCode: 0 }],
        });
      }
    }

    // The refused calls changed nothing.
    const muted = await call("get_group_muted_account", { GroupId: groupId });
    expect(muted.json).toMatchObject({ ErrorCode: 0, MutedAccountList: [] });
    expect(muted.reusedSocket).toBe(true);
  });
});
