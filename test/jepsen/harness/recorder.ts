/**
 * The recorder: 32 concurrent clients run random operations on a few groups
 * of a few accounts each, through the REST API and the live channel, while the
 * server is SIGKILLed at random moments and restarted on the same storage.
 * Every operation is recorded with its invocation and completion times and its
 * answer; a call that got no answer is recorded as indeterminate (ret null).
 * A call refused at connect (the server was down) never reached it and is not
 * an operation: its client waits a little and picks another.
 */
import { createRequire } from "node:module";
import { setTimeout as delay } from "node:timers/promises";
import { WebSocket as UndiciWebSocket } from "undici";
import type { SendAckFrame } from "../../../src/client/frames";
import { LiveClient, type WebSocketConstructorLike } from "../../../src/client/live-client";
import { DEMO_APP } from "../../fixtures/apps";
import type { HistoryFile, Recorded, RecordedF } from "./history";
import type { Service } from "./service";

const require = createRequire(import.meta.url);
const { Api } = require("tls-sig-api-v2") as {
  Api: new (id: number, key: string) => { genUserSig(id: string, s: number): string };
};
const WebSocket: WebSocketConstructorLike = UndiciWebSocket;

/** The app of the run: the demo app, with limits no run reaches (the limiter is not what is checked). */
export const JEPSEN_APPS = JSON.stringify([
  { sdkappid: DEMO_APP.sdkappid, key: DEMO_APP.key, admins: [DEMO_APP.admin], limits: { default: 1_000_000 } },
]);

export interface WorkloadOptions {
  operations: number;
  crashes: number;
  seed: number;
  clients?: number;
  groups?: number;
  mutant?: string | null;
  /** Progress lines (crashes), for the run's log. */
  say?: (line: string) => void;
}

/** Accounts of each group: u0 and u1 are members throughout and hold sockets; u2 and u3 join and leave. */
const ACCOUNTS = ["u0", "u1", "u2", "u3"];
const INITIAL_MEMBERS = ["u0", "u1", "u2"];
const SOCKET_ACCOUNTS = ["u0", "u1"];
const CHURN = ["u2", "u3"];

/** How often each operation is picked. */
const WEIGHTS: [RecordedF, number][] = [
  ["mute", 20],
  ["unmute", 8],
  ["listMuted", 14],
  ["memberInfo", 8],
  ["groupInfo", 4],
  ["send", 14],
  ["liveSend", 12],
  ["muteAll", 5],
  ["add", 7],
  ["delete", 5],
];
const TOTAL_WEIGHT = WEIGHTS.reduce((n, [, w]) => n + w, 0);

/** The operation at `at` (in [0, TOTAL_WEIGHT)) along the weights. */
function pickWeighted(at: number): RecordedF {
  let left = at;
  for (const [f, weight] of WEIGHTS) {
    if (left < weight) return f;
    left -= weight;
  }
  return WEIGHTS[0]![0];
}

/** A small seeded generator (mulberry32): a run's choices follow from its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Whether a fetch failed before the request left: the server was not listening. */
function refusedAtConnect(error: unknown): boolean {
  const cause = (error as { cause?: { code?: string } }).cause;
  return cause?.code === "ECONNREFUSED";
}

/** Runs the workload against `service` and answers its history. */
export async function record(service: Service, o: WorkloadOptions): Promise<HistoryFile> {
  const rnd = random(o.seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const say = o.say ?? (() => {});
  const sig = (who: string) => new Api(DEMO_APP.sdkappid, DEMO_APP.key).genUserSig(who, 86_400);
  const query = `sdkappid=${DEMO_APP.sdkappid}&identifier=${DEMO_APP.admin}&usersig=${sig(DEMO_APP.admin)}`;
  const ops: Recorded[] = [];
  const kills: HistoryFile["meta"]["kills"] = [];
  let nextId = 1;
  const groups = Array.from({ length: o.groups ?? 4 }, (_, i) => `jepsen-${o.seed}-g${i}`);

  const post = async (command: string, body: unknown, id: number, service_ = "group_open_http_svc") => {
    const url = `${service.url}/v4/${service_}/${command}?${query}&random=${id}&contenttype=json`;
    const response = await fetch(url, {
      method: "POST",
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(20_000),
    });
    if (response.status !== 200) throw new Error(`HTTP ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  };

  // The groups, before anything is recorded.
  for (const GroupId of groups) {
    const answer = await post(
      "create_group",
      {
        Type: "Public",
        Name: "jepsen",
        GroupId,
        Owner_Account: "owner",
        MemberList: INITIAL_MEMBERS.map((a) => ({ Member_Account: a })),
      },
      0,
    );
    if (answer.ErrorCode !== 0) throw new Error(`create_group ${GroupId}: ${JSON.stringify(answer)}`);
  }

  // The live channel: an app admin's socket sees every frame of its group; u0 and u1 send through theirs.
  const sockets = new Map<string, LiveClient>();
  const openSockets = new Set<string>();
  for (const group of groups) {
    for (const who of [DEMO_APP.admin, ...SOCKET_ACCOUNTS]) {
      const name = `${group}/${who}`;
      const client = new LiveClient({
        baseUrl: service.url,
        sdkappid: DEMO_APP.sdkappid,
        identifier: who,
        usersig: sig(who),
        groupId: group,
        WebSocket,
        backoff: { initialDelayMs: 50, maxDelayMs: 400, jitter: 0.2 },
      });
      const frame = (f: object) => {
        const now = Date.now();
        ops.push({
          id: nextId++,
          process: name,
          group,
          f: "frame",
          account: who,
          inv: now,
          ret: now,
          answer: { ...f },
        });
      };
      client.on("state", frame);
      client.on("tips", frame);
      client.on("message", frame);
      client.on("open", () => openSockets.add(name));
      client.on("close", () => openSockets.delete(name));
      client.connect();
      sockets.set(name, client);
    }
  }
  for (let i = 0; openSockets.size < sockets.size; i++) {
    if (i > 500) throw new Error(`only ${openSockets.size} of ${sockets.size} sockets opened`);
    await delay(10);
  }

  const start = Date.now();
  let invoked = 0;
  let completed = 0;

  /** One REST call, recorded; false when the server was not listening (nothing was invoked). */
  const call = async (r: Omit<Recorded, "id" | "inv" | "ret">, command: string, body: unknown): Promise<boolean> => {
    const id = nextId++;
    const inv = Date.now();
    try {
      const answer = await post(command, body, id);
      ops.push({ ...r, id, inv, ret: Date.now(), answer });
    } catch (error) {
      if (refusedAtConnect(error)) return false;
      ops.push({ ...r, id, inv, ret: null });
    }
    return true;
  };

  const operation = async (c: number): Promise<boolean> => {
    const group = pick(groups);
    const f = pickWeighted(rnd() * TOTAL_WEIGHT);
    const base = { process: `c${c}`, group, f };
    switch (f) {
      case "mute": {
        const account = pick(ACCOUNTS);
        const seconds = 1 + Math.floor(rnd() * 5);
        return call({ ...base, account, seconds }, "forbid_send_msg", {
          GroupId: group,
          Members_Account: [account],
          MuteTime: seconds,
        });
      }
      case "unmute": {
        const account = pick(ACCOUNTS);
        return call({ ...base, account }, "forbid_send_msg", {
          GroupId: group,
          Members_Account: [account],
          MuteTime: 0,
        });
      }
      case "muteAll": {
        const on = rnd() < 0.4;
        return call({ ...base, on }, "modify_group_base_info", { GroupId: group, ShutUpAllMember: on ? "On" : "Off" });
      }
      case "add": {
        const account = pick(CHURN);
        return call({ ...base, account }, "add_group_member", {
          GroupId: group,
          MemberList: [{ Member_Account: account }],
        });
      }
      case "delete": {
        const account = pick(CHURN);
        return call({ ...base, account }, "delete_group_member", { GroupId: group, MemberToDel_Account: [account] });
      }
      case "listMuted":
        return call(base, "get_group_muted_account", { GroupId: group });
      case "memberInfo":
        return call(base, "get_group_member_info", { GroupId: group, MemberInfoFilter: ["Role", "MuteUntil"] });
      case "groupInfo":
        return call(base, "get_group_info", {
          GroupIdList: [group],
          ResponseFilter: { GroupBaseInfoFilter: ["MuteAllMember"] },
        });
      case "send": {
        const account = pick(ACCOUNTS);
        const id = nextId;
        return call({ ...base, account }, "send_group_msg", {
          GroupId: group,
          From_Account: account,
          Random: id,
          MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: `m${id}` } }],
        });
      }
      case "liveSend": {
        const account = pick(SOCKET_ACCOUNTS);
        const name = `${group}/${account}`;
        if (!openSockets.has(name)) return false;
        const id = nextId++;
        const inv = Date.now();
        let ack: SendAckFrame;
        try {
          ack = await sockets.get(name)!.send([{ MsgType: "TIMTextElem", MsgContent: { Text: `m${id}` } }], {
            random: id,
          });
        } catch (error) {
          // Not open: nothing left; closed before the ack: it may have been taken.
          if (String(error).includes("not open")) return false;
          ops.push({ ...base, process: name, account, id, inv, ret: null });
          return true;
        }
        ops.push({ ...base, process: name, account, id, inv, ret: Date.now(), answer: { ...ack } });
        return true;
      }
      default:
        return false;
    }
  };

  const client = async (c: number) => {
    while (invoked < o.operations) {
      invoked += 1;
      if (await operation(c)) completed += 1;
      else {
        invoked -= 1;
        await delay(20);
      }
    }
  };

  // The crashes: at random moments, spread over the run (after a random number of operations around each mark).
  const crasher = async () => {
    const marks = Array.from({ length: o.crashes }, (_, i) =>
      Math.floor(((i + 0.25 + rnd() * 0.5) / (o.crashes + 0.5)) * o.operations),
    );
    for (const mark of marks) {
      while (completed < mark) await delay(5);
      await delay(rnd() * 50);
      const killedAt = await service.kill();
      await delay(50 + rnd() * 350);
      await service.restart();
      kills.push({ killedAt, restartedAt: Date.now() });
      say(`  crash ${kills.length}: SIGKILL after ${completed} operations, back in ${Date.now() - killedAt} ms`);
    }
  };

  await Promise.all([crasher(), ...Array.from({ length: o.clients ?? 32 }, (_, c) => client(c))]);
  // Frames of the last changes (and the Expires of the last mutes, due within 5 s) may still come.
  await delay(500);
  for (const s of sockets.values()) s.close();
  await delay(50);
  return {
    format: "jepsen-history/1",
    meta: {
      seed: o.seed,
      mutant: o.mutant ?? null,
      groups: groups.map((id) => ({ id, accounts: ACCOUNTS, members: INITIAL_MEMBERS })),
      kills,
      start,
      end: Date.now(),
    },
    ops,
  };
}
