/**
 * The messages step: the source's most recent messages (at most the run's
 * --messages), oldest first, into the target with import_group_msg, seven a
 * call (Tencent's most), each with its original time and sender, in MsgSeq
 * order. Resumable without a duplicate: the state notes the batch under way
 * before sending it, and the target's newest MsgSeq tells afterwards whether it
 * went in. A batch the target refuses whole is sent again one message a call, so
 * that one message it cannot take does not hold back the others.
 */
import type { CopyContext } from "./context";
import { type Message, type Profile, readMessages, readProfile } from "./read";
import type { GroupState, MessagesState } from "./state";

/** import_group_msg's most a call. */
const MESSAGES_A_CALL = 7;

/** What a message is, for finding it on the other side: not its MsgSeq, which differs there. */
const sameMessage = (a: Message, b: Message): boolean =>
  a.from === b.from && a.time === b.time && a.random === b.random && JSON.stringify(a.body) === JSON.stringify(b.body);

export async function copyMessages(ctx: CopyContext, p: Profile, g: GroupState): Promise<void> {
  // An AVChatRoom keeps none; a BChatRoom's history cannot be imported (create_group dates it now).
  if (p.type === "AVChatRoom" || p.type === "BChatRoom" || ctx.maxMessages === 0) return;
  const target = await readProfile(ctx.target, p.groupId);
  if (target === null) {
    g.issues.push("the group is gone from the target; messages not copied");
    return;
  }
  let m = g.messages;
  let pending: Message[];
  if (m === undefined) {
    const toSeq = p.lastSeq;
    const fromSeq = Math.max(1, toSeq - ctx.maxMessages + 1);
    m = { fromSeq, toSeq, lastSourceSeq: fromSeq - 1, targetSeq: 0 };
    pending = toSeq === 0 ? [] : await readMessages(ctx.source, p.groupId, fromSeq, toSeq);
    if (target.lastSeq > 0) {
      // Messages this state does not know of: a copy whose state was lost. Resume after the newest of them.
      const newest = (await readMessages(ctx.target, p.groupId, target.lastSeq, target.lastSeq))[0];
      let at = pending.length - 1;
      while (at >= 0 && (newest === undefined || !sameMessage(pending[at]!, newest))) at -= 1;
      if (at < 0) {
        g.issues.push(`the target already has ${target.lastSeq} messages, not the source's; messages not copied`);
        return;
      }
      m.lastSourceSeq = pending[at]!.seq;
      m.targetSeq = target.lastSeq;
      pending = pending.slice(at + 1);
    }
    g.messages = m;
    ctx.store.save();
  } else {
    pending = await readMessages(ctx.source, p.groupId, m.lastSourceSeq + 1, m.toSeq);
    if (!settle(ctx, m, g, pending, target.lastSeq)) return;
    pending = pending.filter((x) => x.seq > m!.lastSourceSeq);
  }
  const refused = new Map<string, number>();
  for (let i = 0; i < pending.length; i += MESSAGES_A_CALL) {
    await importBatch(ctx, p.groupId, m, g, pending.slice(i, i + MESSAGES_A_CALL), refused);
  }
  for (const [why, n] of refused) g.issues.push(`${n} messages refused by the target: ${why}`);
}

/**
 * After an interruption: whether the batch under way went in (the target's
 * newest MsgSeq moved), and the state brought up to what the target holds.
 * False, with an issue, when the target holds less than the state says.
 */
function settle(ctx: CopyContext, m: MessagesState, g: GroupState, pending: Message[], targetSeq: number): boolean {
  if (targetSeq < m.targetSeq) {
    g.issues.push(`the target holds ${targetSeq} messages, fewer than the ${m.targetSeq} copied; not copied further`);
    return false;
  }
  if (m.sending !== undefined && targetSeq > m.targetSeq) {
    const batch = pending.filter((x) => x.seq <= m.sending!);
    const took = targetSeq - m.targetSeq;
    if (took < batch.length) g.issues.push(`${batch.length - took} messages refused by the target (before a restart)`);
    g.copied.messages += took;
    ctx.counted("messages", took);
    m.lastSourceSeq = m.sending;
    m.targetSeq = targetSeq;
  }
  delete m.sending;
  ctx.store.save();
  return true;
}

/** One call of up to seven messages; a batch refused whole goes again one message a call. */
async function importBatch(
  ctx: CopyContext,
  groupId: string,
  m: MessagesState,
  g: GroupState,
  batch: Message[],
  refused: Map<string, number>,
): Promise<void> {
  m.sending = batch.at(-1)!.seq;
  ctx.store.save();
  const MsgList = batch.map((x) => ({
    From_Account: x.from,
    SendTime: x.time,
    Random: x.random,
    MsgBody: x.body,
    ...(x.cloudCustomData === "" ? {} : { CloudCustomData: x.cloudCustomData }),
  }));
  const answer = await ctx.target.call("import_group_msg", { GroupId: groupId, MsgList });
  if (answer.ErrorCode !== 0 && batch.length > 1) {
    for (const one of batch) await importBatch(ctx, groupId, m, g, [one], refused);
    return;
  }
  let took = 0;
  if (answer.ErrorCode !== 0) {
    const why = `${answer.ErrorCode} ${answer.ErrorInfo}`;
    refused.set(why, (refused.get(why) ?? 0) + 1);
  } else {
    for (const r of (answer.ImportMsgResult as { MsgSeq: number; Result: number }[] | undefined) ?? []) {
      if (r.Result === 0) {
        took += 1;
        m.targetSeq = r.MsgSeq;
        continue;
      }
      const why = r.Result === 10004 ? "10004, a SendTime out of order or range" : `${r.Result}`;
      refused.set(why, (refused.get(why) ?? 0) + 1);
    }
  }
  m.lastSourceSeq = m.sending;
  delete m.sending;
  g.copied.messages += took;
  ctx.counted("messages", took);
  ctx.store.save();
}
