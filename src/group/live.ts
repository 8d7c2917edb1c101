import { clock } from "../clock";
import { LIVE_HEADERS } from "../contract/live";
import { Gcra } from "../limiter/gcra";
import { log } from "../log";
import { takeRows } from "../sql";
import { type Done, ErrorCode } from "../wire/errors";
import { errorFrame, readClientFrame, refusedSocket } from "../wire/live";
import { messageTooLong } from "../wire/msg-elements";
import type { GroupCore } from "./core";
import { NOT_FOUND } from "./core";
import { frameFor, notification, removedBy, rightsChange, type SocketWho } from "./live-frames";
import { LIVE_PRUNE, livePruneDue } from "./live-log";
import { GROUP_SCOPE } from "./mute-store";
import { muteAllOn, type ProfileRow } from "./profile";
import type { Sending } from "./sending";
import { admitSocketSend, socketSendRate } from "./socket-admission";

/**
 * Sockets one account keeps on a group, as Tencent's web instances (and peers' devices):
 * a newer one retires the oldest, so one member's reconnect loop cannot fill the group.
 */
const SOCKETS_PER_ACCOUNT = 10;

/** A socket's frames a second (of any kind, read or not), per Send it may make: room for a few bad ones. */
const FRAMES_PER_SEND = 2;

/**
 * The live channel (SPEC.md, "Live channel"): members' sockets, held with the
 * hibernation API (each socket's account and rights in its attachment, so an
 * evicted object comes back knowing every socket; `ping` answered by the
 * runtime without waking it). Frames are logged by the changes themselves, in
 * their transactions (LiveLog); `push` sends what was committed since the last
 * push, in Seq order, to every socket that may see it.
 */
export class Live {
  /** The last Seq pushed to the sockets; undefined until the object has started. */
  private pushed: number | undefined;
  /** Whether a pushAfterAnswer is waiting for its turn. */
  private pushQueued = false;
  /** Each socket's send budget (in memory: a woken object starts them full). */
  private readonly budgets = new WeakMap<WebSocket, { sends: Gcra; frames: Gcra }>();
  /**
   * Each socket's attachment as last read or written: a push to N sockets then
   * deserializes none (a wake starts it empty, and it fills on first use).
   */
  private readonly whos = new WeakMap<WebSocket, SocketWho>();
  /**
   * The sockets of each connected account, kept as they come and go, with the
   * sockets counted in it: a connect's OnlineMemberNum then reads no socket.
   * Undefined until first needed (a woken object counts its sockets once).
   */
  private online: { accounts: Map<string, number>; sockets: WeakSet<WebSocket> } | undefined;

  constructor(
    private readonly g: GroupCore,
    private readonly sending: Sending,
  ) {}

  /** A connect the Worker has authenticated and admitted: membership here, then the socket. */
  connect(request: Request): Response {
    const g = this.g;
    const account = request.headers.get(LIVE_HEADERS.account) ?? "";
    const appAdmin = request.headers.get(LIVE_HEADERS.admin) === "1";
    const sinceText = request.headers.get(LIVE_HEADERS.since);
    const p = g.profile();
    if (p === null) return refusedSocket(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
    const role = g.members.roleOf(account);
    // In an AVChatRoom the socket is the presence: anyone with a valid UserSig.
    if (role === null && !appAdmin && p.type !== "AVChatRoom") {
      return refusedSocket(ErrorCode.NOT_ALLOWED, `${account} is not a member of the group`);
    }
    const banned = role === null && !appAdmin ? g.bans.untilOf(account, clock.nowSeconds()) : 0;
    if (banned > 0) return refusedSocket(ErrorCode.NOT_ALLOWED, `${account} is banned from the group until ${banned}`);
    this.push();
    const now = clock.nowSeconds();
    const seq = g.liveLog.opening(now);
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    const ip = request.headers.get(LIVE_HEADERS.clientIp) ?? "";
    const admin = appAdmin || role === "Owner" || role === "Admin";
    const who: SocketWho = { account, admin, appAdmin, ...(ip === "" ? {} : { ip }), at: clock.nowMs() };
    g.ctx.acceptWebSocket(server, [account]);
    server.serializeAttachment(who);
    this.whos.set(server, who);
    this.countIn(server, who.account);
    this.retireOldest(account);
    this.pushed = seq;
    const since = sinceText === null ? null : Number(sinceText);
    const resync = since !== null && !g.liveLog.replayable(since);
    server.send(this.state(p, who, seq, now, resync));
    for (const frame of since === null || resync ? [] : g.liveLog.between(since, seq)) {
      const text = frameFor(frame.text, who);
      if (text !== null) server.send(text);
    }
    g.scheduler.dueBy(LIVE_PRUNE, livePruneDue(clock.nowMs()));
    return new Response(null, { status: 101, webSocket: client });
  }

  /** The State frame of `who`: first on every connect, `resync` after a gap that cannot be replayed. */
  private state(p: ProfileRow, who: SocketWho, seq: number, now: number, resync: boolean): string {
    const mute = this.g.mutes.muteOf(GROUP_SCOPE, who.account, now);
    return JSON.stringify({
      Type: "State",
      Seq: seq,
      GroupId: p.group_id,
      ServerTime: now,
      Self: {
        Member_Account: who.account,
        Role: this.g.members.roleOf(who.account) ?? "NotMember",
        MuteUntil: mute?.until ?? 0,
        ...(mute === null || mute.reason === "" ? {} : { Reason: mute.reason }),
      },
      MuteAllMember: muteAllOn(p, now) ? "On" : "Off",
      OnlineMemberNum: this.onlineCount(),
      ...(resync ? { Resync: true } : {}),
    });
  }

  /**
   * After a call: pushes once its answer is on its way, so that the caller does
   * not wait for a fan-out to thousands of sockets. Calls in between join it.
   */
  pushAfterAnswer(): void {
    if (this.pushQueued) return;
    this.pushQueued = true;
    setTimeout(() => {
      this.pushQueued = false;
      try {
        this.push();
      } catch (error) {
        log.fault("live_push_failed", error);
      }
    }, 0);
  }

  /**
   * Sends every frame committed since the last push to the sockets that may
   * see it, in Seq order; closes the sockets of accounts a frame removed.
   */
  push(): void {
    const g = this.g;
    // profile(), not the cached row: a create rolled back leaves the cache unread and no tables.
    if (this.pushed === undefined || g.profile() === null) return;
    const last = g.liveLog.lastSeq();
    if (last <= this.pushed) return;
    const from = this.pushed;
    this.pushed = last;
    if (g.socketCount() === 0) return;
    const frames = g.liveLog.between(from, last);
    const sockets = g.ctx.getWebSockets();
    for (const frame of frames) {
      const removed = removedBy(frame.text);
      const rights = rightsChange(frame.text);
      // What a non-admin sees of a frame that does not name it is the same for all of them.
      let others: string | null | undefined;
      for (const ws of sockets) {
        let who = this.whoOf(ws);
        const admin = rights?.get(who.account);
        if (admin !== undefined && !who.appAdmin) {
          who = { ...who, admin };
          ws.serializeAttachment(who);
          this.whos.set(ws, who);
        }
        let text: string | null;
        if (who.admin || frame.text.includes(JSON.stringify(who.account))) text = frameFor(frame.text, who);
        else {
          if (others === undefined) others = frameFor(frame.text, who);
          text = others;
        }
        if (text === null) continue;
        try {
          ws.send(text);
          if (removed.includes(who.account)) ws.close(REMOVED_CLOSE, "removed from the group");
        } catch {
          // A socket closing meanwhile: its close handler counts it out.
        }
      }
    }
  }

  /** Starts from what the log holds: frames committed before a restart were pushed then, or are lost with it. */
  started(): void {
    this.pushed = this.g.profile() === null ? 0 : this.g.liveLog.lastSeq();
  }

  /**
   * A client's frame: a Send goes through send_group_msg's gate; anything else gets an Error frame.
   * Every frame counts against its socket's frame budget before it is read, so a socket that floods
   * (junk or not) costs the others one cheap refusal a frame, never a parse.
   */
  async message(ws: WebSocket, data: string | ArrayBuffer): Promise<void> {
    const nowMs = clock.nowMs();
    let budget = this.budgets.get(ws);
    if (budget === undefined) {
      // A socket's sends a second, and its burst: a flooding client is refused per socket.
      const rate = socketSendRate(this.g);
      budget = { sends: new Gcra(rate, nowMs), frames: new Gcra(rate * FRAMES_PER_SEND, nowMs) };
      this.budgets.set(ws, budget);
    }
    if (!budget.frames.admit(nowMs)) {
      const most = budget.frames.rate;
      return ws.send(errorFrame(ErrorCode.RATE_LIMITED, `a socket sends at most ${most} frames a second`));
    }
    const frame = readClientFrame(data);
    if (typeof frame === "string") return ws.send(frame);
    const who = this.whoOf(ws);
    const ack = (code: number, info: string, sent?: { seq: number; time: number }) =>
      ws.send(
        JSON.stringify({
          Type: "SendAck",
          Random: frame.Random,
          ErrorCode: code,
          ErrorInfo: info,
          ...(sent === undefined ? {} : { MsgSeq: sent.seq, MsgTime: sent.time }),
        }),
      );
    if (!budget.sends.admit(nowMs)) {
      return ack(ErrorCode.RATE_LIMITED, `a socket sends at most ${budget.sends.rate} messages a second`);
    }
    const body = JSON.stringify(frame.MsgBody);
    const cloudCustomData = frame.CloudCustomData ?? "";
    const tooLong = messageTooLong(body, cloudCustomData);
    if (tooLong !== null) return ack(ErrorCode.MSG_TOO_LONG, tooLong);
    let rpcs = 0;
    const outcome = await this.g.rpc("liveSend", async () => {
      const { admission: appMute, hops } = await admitSocketSend(this.g, who.account);
      rpcs = hops;
      if (appMute.refused !== undefined) return appMute;
      return this.sending.send({
        from: who.account,
        sender: who.account,
        random: frame.Random,
        body,
        priority: "Normal",
        cloudCustomData,
        onlineOnly: false,
        appMutedUntil: appMute.until,
        appMuteReason: appMute.reason,
        topicId: frame.TopicId ?? null,
        operator: who.account,
        clientIp: who.ip ?? "",
      });
    });
    // A socket's Send has no access line of its own: this is its line, with its hops to the app
    // object (0 while this isolate's lease holds tokens) and the rows it cost (the app's too).
    const [rowsRead, rowsWritten] = takeRows(outcome);
    log.event("live_send", { code: outcome.refused ?? 0, rpcs, rowsRead, rowsWritten });
    // The Message reaches everyone, the sender too, before the sender's SendAck.
    this.push();
    if (outcome.refused !== undefined) ack(outcome.refused, outcome.info);
    else ack(0, "", outcome);
  }

  /** A socket closed: the close is completed (the runtime then forgets it). */
  closed(ws: WebSocket, code: number): void {
    const online = this.online;
    if (online?.sockets.has(ws)) {
      online.sockets.delete(ws);
      const account = this.whoOf(ws).account;
      const left = (online.accounts.get(account) ?? 1) - 1;
      if (left > 0) online.accounts.set(account, left);
      else online.accounts.delete(account);
    }
    try {
      ws.close(code === 1005 || code === 1006 ? 1000 : code, "closed");
    } catch {
      // Already closed.
    }
  }

  /** Closes an account's oldest sockets past SOCKETS_PER_ACCOUNT (a close not yet answered still counts). */
  private retireOldest(account: string): void {
    const mine = this.g.ctx.getWebSockets(account);
    if (mine.length <= SOCKETS_PER_ACCOUNT) return;
    mine.sort((a, b) => (this.whoOf(a).at ?? 0) - (this.whoOf(b).at ?? 0));
    for (const ws of mine.slice(0, mine.length - SOCKETS_PER_ACCOUNT)) {
      try {
        ws.close(REPLACED_CLOSE, `replaced: ${account} has ${SOCKETS_PER_ACCOUNT} newer sockets on this group`);
      } catch {
        // Closed already.
      }
    }
  }

  /** get_online_member_num: the distinct accounts connected now. */
  onlineCount(): number {
    return this.counted().accounts.size;
  }

  private counted(): { accounts: Map<string, number>; sockets: WeakSet<WebSocket> } {
    if (this.online === undefined) {
      this.online = { accounts: new Map(), sockets: new WeakSet() };
      for (const ws of this.g.ctx.getWebSockets()) this.countIn(ws, this.whoOf(ws).account);
    }
    return this.online;
  }

  /** Counts a socket in (once) under its account. */
  private countIn(ws: WebSocket, account: string): void {
    const online = this.counted();
    if (online.sockets.has(ws)) return;
    online.sockets.add(ws);
    online.accounts.set(account, (online.accounts.get(account) ?? 0) + 1);
  }

  /** A socket's account and rights, from memory or its attachment. */
  private whoOf(ws: WebSocket): SocketWho {
    let who = this.whos.get(ws);
    if (who === undefined) {
      who = ws.deserializeAttachment() as SocketWho;
      this.whos.set(ws, who);
    }
    return who;
  }

  /** send_group_system_notification: a SystemNotification to those connected (`to` null: all). */
  notify(p: ProfileRow, content: string, to: string[] | null, topicId: string | null): Done {
    const g = this.g;
    const scoped = g.scopeOf(p, topicId);
    if (scoped.refused !== undefined) return scoped;
    const now = clock.nowSeconds();
    g.transaction(() => g.liveLog.append(notification(p.group_id, scoped.scope, content, to), now));
    return {};
  }

  /** The group is gone: every socket is told and closed; a group created again starts its log afresh. */
  destroyed(): void {
    this.pushed = 0;
    this.online = undefined;
    this.g.liveLog.forget();
    for (const ws of this.g.ctx.getWebSockets()) {
      try {
        ws.send(errorFrame(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND));
        ws.close(REMOVED_CLOSE, "the group was dismissed");
      } catch (error) {
        log.fault("live_close_failed", error);
      }
    }
  }
}

/** The close code of a socket whose account left the group, or whose group is gone. */
const REMOVED_CLOSE = 4001;
/** The close code of a socket retired by newer ones of its account. */
const REPLACED_CLOSE = 4002;
