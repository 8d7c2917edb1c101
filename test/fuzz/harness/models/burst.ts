/**
 * The model of the frequency control: a burst of messages in one second.
 */

import fc from "fast-check";
import { type Answer, rawCall } from "../../../helpers";
import { goodPriority } from "../arbitraries/messages";
import { send } from "../bodies";
import { OK } from "../codes";
import { expectCode, PropertyFailure, readAnswer, runProperty, show } from "../harness";
import type { Property } from "../property";
import { readInfo } from "./profile";

/** Sends without moving the clock: several in one second. */
export async function sendNow(command: string, body: unknown): Promise<Answer> {
  return readAnswer(await rawCall(command, body), `${command} ${show(body)}`);
}

/**
 * Over 40 messages in one second in one group, Low and Lowest ones are dropped: MsgDropReason
 * MsgFreqCtrl and MsgSeq 0, no MsgSeq taken, nothing kept; High and Normal ones still go through.
 */
export const burstModelProperty: Property = {
  name: "model: past 40 messages a second, Low and Lowest are dropped (MsgFreqCtrl), High and Normal sent",
  weight: 0.05,
  run: ({ world }, numRuns) => {
    let batch = 0;
    const arb = fc.record({
      first: fc.array(goodPriority, { minLength: 40, maxLength: 40 }),
      more: fc.array(goodPriority, { minLength: 1, maxLength: 4 }),
    });
    return runProperty(arb, numRuns, async ({ first, more }) => {
      const GroupId = world.burst;
      batch += 1;
      // A fresh second: the reads move the clock, the sends do not.
      const before = await readInfo(world, GroupId);
      let accepted = 0;
      let lastRandom = -1;
      for (const [i, MsgPriority] of [...first, ...more].entries()) {
        const Random = batch * 1000 + i;
        const body = {
          GroupId,
          Random,
          MsgPriority,
          MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: `${i}` } }],
        };
        const answer = await sendNow("send_group_msg", body);
        const drop = accepted >= 40 && (MsgPriority === "Low" || MsgPriority === "Lowest");
        const what = `send_group_msg ${show(body)}, after ${accepted} messages this second`;
        expectCode(answer, [OK], what);
        const dropped = answer.MsgDropReason === "MsgFreqCtrl" && answer.MsgSeq === 0;
        if (drop !== dropped || (!drop && "MsgDropReason" in answer))
          throw new PropertyFailure(`${what}: ${drop ? "not dropped" : "dropped"}: ${show(answer)}`);
        if (!drop) {
          if (answer.MsgSeq !== (before.NextMsgSeq as number) + accepted)
            throw new PropertyFailure(
              `${what}: MsgSeq ${answer.MsgSeq}, want ${(before.NextMsgSeq as number) + accepted}`,
            );
          accepted += 1;
          lastRandom = Random;
        }
      }
      const after = await readInfo(world, GroupId);
      if (after.NextMsgSeq !== (before.NextMsgSeq as number) + accepted)
        throw new PropertyFailure(
          `after ${accepted} messages kept: NextMsgSeq ${after.NextMsgSeq}, was ${before.NextMsgSeq}`,
        );
      const newest = await send("group_msg_get_simple", { GroupId, ReqMsgNumber: 1 }, world);
      if ((newest.RspMsgList as { MsgRandom?: unknown }[] | undefined)?.[0]?.MsgRandom !== lastRandom)
        throw new PropertyFailure(
          `the newest message is not the last one kept (Random ${lastRandom}): ${show(newest)}`,
        );
    });
  },
};
