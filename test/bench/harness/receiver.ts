/**
 * The benchmark's callback receiver: answers every request at once with
 * Tencent's OK, and counts what arrived, by command and EventId (a retry
 * repeats an EventId: counted once).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const OK = '{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}';

export interface Receiver {
  url: string;
  /** Distinct events received, and requests (retries included). */
  counts(): { events: number; requests: number };
  /** Accounts reported expired in `groupId` (each once), from its Expire events. */
  expired(groupId: string): number;
  stop(): Promise<void>;
}

export async function startReceiver(): Promise<Receiver> {
  const seen = new Set<string>();
  const expired = new Map<string, Set<string>>();
  let requests = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      requests += 1;
      const event = JSON.parse(Buffer.concat(chunks).toString()) as {
        EventId?: string;
        GroupId?: string;
        Change?: string;
        MuteChangeList?: { Member_Account: string }[];
      };
      if (event.EventId !== undefined && !seen.has(event.EventId)) {
        seen.add(event.EventId);
        if (event.Change === "Expire" && event.GroupId !== undefined) {
          const set = expired.get(event.GroupId) ?? new Set<string>();
          for (const m of event.MuteChangeList ?? []) set.add(m.Member_Account);
          expired.set(event.GroupId, set);
        }
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(OK);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/im-callback`,
    counts: () => ({ events: seen.size, requests }),
    expired: (groupId) => expired.get(groupId)?.size ?? 0,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
