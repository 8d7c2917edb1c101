/**
 * The physical baselines, served by the same workerd as the service:
 * - /hello: a trivial Worker, the runtime's ceiling;
 * - /two_hop: the service's path before leases, stripped bare: one RPC to a
 *   per-app object that keeps a counter in memory, then one RPC to a per-group
 *   object that writes one SQLite row;
 * - /one_hop: the path with a lease in hand: the second RPC alone.
 *
 * The row gets a new value on every call, so that every call really writes.
 * An earlier version wrote Date.now(), which in workerd advances only between
 * I/O events: under load, calls handled together wrote the value already
 * stored, SQLite dirtied no page, and their commit wrote no WAL frame and no
 * fsync. With 16 connections 20 to 30 % of the calls did no storage I/O at all
 * (strace: 0.7 to 0.8 fsync per call instead of 1.0, as for forbid_send_msg),
 * which put this "ceiling" about 15 % too high.
 */
import { DurableObject } from "cloudflare:workers";

interface Env {
  HOP_APP: DurableObjectNamespace<HopApp>;
  HOP_GROUP: DurableObjectNamespace<HopGroup>;
}

export class HopApp extends DurableObject<Env> {
  private calls = 0;
  admit(): boolean {
    this.calls += 1;
    return true;
  }
}

export class HopGroup extends DurableObject<Env> {
  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    ctx.storage.sql.exec("CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY, v INTEGER NOT NULL) WITHOUT ROWID");
  }
  write(k: string, v: number): void {
    this.ctx.storage.sql.exec("INSERT INTO t (k, v) VALUES (?, ?) ON CONFLICT (k) DO UPDATE SET v = excluded.v", k, v);
  }
}

/** Per-isolate call counter: the value written, distinct on every call. */
let calls = 0;

export default {
  async fetch(request: Request, env: Env): Promise<Response> {
    const url = new URL(request.url);
    if (url.pathname === "/two_hop" || url.pathname === "/one_hop") {
      if (url.pathname === "/two_hop") await env.HOP_APP.get(env.HOP_APP.idFromName("app")).admit();
      await env.HOP_GROUP.get(env.HOP_GROUP.idFromName("group")).write("account", ++calls);
      return new Response('{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}', {
        headers: { "content-type": "application/json" },
      });
    }
    return new Response("ok");
  },
} satisfies ExportedHandler<Env>;
