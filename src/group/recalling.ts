import { clock } from "../clock";
import type { Recalled } from "../contract/group-rpc";
import type { CallbackCommand } from "../wire/callbacks";
import { type Done, RECALL_NOT_FOUND } from "../wire/errors";
import type { GroupCore } from "./core";
import { whyNoHistory } from "./group-types";
import { recallFrame } from "./live-frames";
import { GROUP_SCOPE } from "./mute-store";
import type { ProfileRow } from "./profile";

const AFTER_RECALL: CallbackCommand = "Group.CallbackAfterRecallMsg";

/**
 * Recalls (group_msg_recall, delete_group_msg_by_sender): a recalled message
 * keeps its row without its body, so the history answers it as recalled; the
 * live channel's Recall frame and Tencent's Group.CallbackAfterRecallMsg are
 * written in the recall's own transaction. An AVChatRoom keeps no messages:
 * there a recall reaches only those connected (Tencent's: "only members online
 * see it"), and delete_group_msg_by_sender does nothing, without an error.
 */
export class Recalling {
  constructor(private readonly g: GroupCore) {}

  /** group_msg_recall: per distinct seq of `seqs`, in order, 0 or RECALL_NOT_FOUND. */
  recall(seqs: number[], topicId: string | null, operator: string, reason: string): Recalled {
    const g = this.g;
    const scoped = g.scopedGroup(topicId);
    if (scoped.refused !== undefined) return scoped;
    const { p, scope } = scoped;
    const asked = [...new Set(seqs)];
    const recalled = g.transaction(() => {
      // No history: any seq the group gave out is recalled for those online (nothing is kept to check).
      const done =
        whyNoHistory(p.type) === null
          ? g.messages.recall(scope, JSON.stringify(asked))
          : asked.filter((s) => s >= 1 && s <= p.last_seq).sort((a, b) => a - b);
      this.tell(p, scope, done, operator, reason);
      return new Set(done);
    });
    return { results: asked.map((seq) => ({ seq, code: recalled.has(seq) ? 0 : RECALL_NOT_FOUND })) };
  }

  /** delete_group_msg_by_sender: `sender`'s messages among the scope's last 1,000. */
  recallBySender(sender: string, topicId: string | null, operator: string): Done {
    const g = this.g;
    const scoped = g.scopedGroup(topicId);
    if (scoped.refused !== undefined) return scoped;
    const { p, scope } = scoped;
    // Tencent's: an AVChatRoom stores no messages to delete, and the call is no error there.
    if (whyNoHistory(p.type) !== null) return {};
    g.transaction(() => {
      // Read inside the transaction: the sends queued before it are written by then.
      const last = scope === GROUP_SCOPE ? (g.profile()?.last_seq ?? 0) : (g.topics.get(scope)?.last_seq ?? 0);
      this.tell(p, scope, g.messages.recallBySender(scope, sender, last), operator, "");
    });
    return {};
  }

  /** The frame and the event of a recall of `seqs` (none when it recalled nothing), in its transaction. */
  private tell(p: ProfileRow, scope: string, seqs: number[], operator: string, reason: string): void {
    if (seqs.length === 0) return;
    const g = this.g;
    const now = clock.nowSeconds();
    if (g.liveLog.recording(now)) g.liveLog.append(recallFrame(p.group_id, scope, seqs, operator, reason, now), now);
    if (g.wants(AFTER_RECALL)) {
      g.outbox.add(AFTER_RECALL, {
        Operator_Account: operator,
        Type: p.type,
        GroupId: p.group_id,
        MsgSeqList: seqs.map((MsgSeq) => ({ MsgSeq })),
        ...(scope === GROUP_SCOPE ? {} : { TopicId: scope }),
      });
    }
  }
}
