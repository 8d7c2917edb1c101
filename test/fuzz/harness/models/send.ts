/**
 * The model of send_group_msg and the history.
 */

import fc from "fast-check";
import { DEMO_APP } from "../../../helpers";
import { badAccount, badUint32, goodUint32 } from "../arbitraries/accounts";
import {
  badCloudData,
  badControls,
  badFlag,
  badMsgBody,
  badPriority,
  CALLBACK_CONTROLS,
  goodCloudData,
  goodControls,
  goodFlag,
  goodMsgBody,
  goodPriority,
  messageBytes,
  SEND_MSG_CONTROLS,
  tooLongCloudData,
  tooLongMsgBody,
} from "../arbitraries/messages";
import { send } from "../bodies";
import { MAX_MSG_BYTES, MSG_TOO_LONG, NOT_ALLOWED, OK } from "../codes";
import { expectCode, PropertyFailure, runProperty, show } from "../harness";
import { placeholder } from "../oracles/messages-topics";
import type { Property } from "../property";
import { asKind, brokenCodes, change, setField } from "../sentinel/slots";
import { isObject } from "../specs/spec";
import { SM } from "../world";
import { canonical, expectEntry, readInfo } from "./profile";

const PRIORITY_NUMBER: Record<string, number> = { High: 1, Normal: 2, Low: 3, Lowest: 4 };

/**
 * send_group_msg to groups only this model sends to (Public, Community, AVChatRoom, BChatRoom),
 * read back with get_group_info and group_msg_get_simple: a new message takes NextMsgSeq and the
 * time, moves NextMsgSeq and LastMsgTime, and is the newest of the history as sent (From_Account
 * the sender or the admin, MsgPriority as a number, MsgKey, CloudCustomData when set; a placeholder
 * when online only); an AVChatRoom keeps no history (10007). The same sender's Random again within
 * five minutes answers the first send's MsgSeq and MsgTime and changes nothing; so does a refused
 * send: 10004 for a field the schema refuses, 80002 for a valid message over 12 KiB, 10007 for a
 * sender the type does not allow.
 */
export const sendModelProperty: Property = {
  name: "model: what send_group_msg sends is what history and get_group_info read; a refused send changes nothing",
  weight: 0.75,
  run: ({ world }, numRuns) => {
    const groups = world.sendModel;
    const typeOf: Record<string, string> = {
      [groups.public]: "Public",
      [groups.community]: "Community",
      [groups.av]: "AVChatRoom",
      [groups.b]: "BChatRoom",
    };
    /** The sends each sender's Random names, by group: what a repeat answers. */
    const recent = new Map<string, { seq: number; time: number }>();
    const breaks = fc.oneof(
      setField(
        "From_Account",
        badAccount.filter((v) => v !== ""),
      ),
      setField("Random", badUint32),
      setField("MsgBody", badMsgBody),
      change((b) => void delete b.MsgBody),
      setField("MsgPriority", badPriority),
      setField("CloudCustomData", badCloudData),
      setField("OnlineOnlyFlag", badFlag),
      setField("SendMsgControl", badControls(SEND_MSG_CONTROLS)),
      fc.subarray([...SEND_MSG_CONTROLS], { minLength: 1 }).chain((controls) =>
        change((b) => {
          b.OnlineOnlyFlag = 1;
          b.SendMsgControl = controls;
        }),
      ),
      setField("ForbidCallbackControl", badControls(CALLBACK_CONTROLS)),
      asKind("size", setField("MsgBody", tooLongMsgBody)),
      asKind("size", setField("CloudCustomData", tooLongCloudData)),
    );
    const arb = fc
      .record({
        message: fc.record(
          {
            GroupId: fc.constantFrom(...Object.values(groups)),
            From_Account: fc.constantFrom("", SM.owner, SM.member, SM.outsider),
            // Few values, so that a sender often repeats one within five minutes.
            Random: fc.oneof(
              { weight: 3, arbitrary: fc.integer({ min: 1, max: 4 }) },
              { weight: 1, arbitrary: goodUint32 },
            ),
            MsgBody: goodMsgBody,
            MsgPriority: goodPriority,
            CloudCustomData: goodCloudData,
            OnlineOnlyFlag: goodFlag,
            SendMsgControl: goodControls(SEND_MSG_CONTROLS),
            ForbidCallbackControl: goodControls(CALLBACK_CONTROLS),
          },
          { requiredKeys: ["GroupId", "Random", "MsgBody"] },
        ),
        broken: fc.option(breaks, { nil: undefined, freq: 4 }),
      })
      .map(({ message, broken }) => {
        const body: Record<string, unknown> = { ...message };
        if (body.OnlineOnlyFlag === 1) delete body.SendMsgControl;
        const kind = broken?.(body) ?? (broken === undefined ? undefined : "schema");
        return { body, kind };
      });
    const history = (GroupId: string) => send("group_msg_get_simple", { GroupId, ReqMsgNumber: 1 }, world);
    return runProperty(arb, numRuns, async ({ body, kind }) => {
      const GroupId = body.GroupId as string;
      const type = typeOf[GroupId]!;
      const what = `send_group_msg ${show(body, 1000)} (a ${type} group)`;
      const before = await readInfo(world, GroupId);
      const historyBefore = await history(GroupId);
      expectCode(historyBefore, [type === "AVChatRoom" ? NOT_ALLOWED : OK], `history of a ${type} group`);
      const answer = await send("send_group_msg", body, world);
      const at = world.clock.now;

      const from = body.From_Account as string | undefined;
      const admin = from === undefined || from === "";
      const sender = admin ? DEMO_APP.admin : from;
      // JSON, not a template: a broken From_Account may be an object without a prototype.
      const key = JSON.stringify([GroupId, sender, body.Random]);
      const earlier = recent.get(key);
      let code: number;
      if (kind !== undefined) code = brokenCodes([kind], body)[0]!;
      else if (messageBytes(body) > MAX_MSG_BYTES) code = MSG_TOO_LONG;
      else if (!admin && (type === "BChatRoom" || (type !== "AVChatRoom" && from !== SM.owner && from !== SM.member)))
        code = NOT_ALLOWED;
      else code = OK;
      expectCode(answer, [code], what);
      const repeat = code === OK && earlier !== undefined && earlier.time > at - 300;
      if (code === OK && !repeat) recent.set(key, { seq: answer.MsgSeq as number, time: answer.MsgTime as number });

      const want = { ...before };
      if (code === OK) {
        const seq = repeat ? earlier.seq : (before.NextMsgSeq as number);
        const time = repeat ? earlier.time : at;
        const got = JSON.stringify(Object.entries(answer).slice(3));
        if (
          got !==
          JSON.stringify([
            ["MsgTime", time],
            ["MsgSeq", seq],
          ])
        )
          throw new PropertyFailure(
            `${what}: answered ${show(answer)}, want MsgTime ${time} and MsgSeq ${seq}${repeat ? " (a repeat)" : ""}`,
          );
        if (!repeat) {
          want.NextMsgSeq = seq + 1;
          want.LastMsgTime = at;
        }
      }
      expectEntry(await readInfo(world, GroupId), want, `${what} (answered ${answer.ErrorCode})`);

      const historyAfter = await history(GroupId);
      if (type === "AVChatRoom" || code !== OK || repeat) {
        if (JSON.stringify(historyAfter) !== JSON.stringify(historyBefore))
          throw new PropertyFailure(`${what}: the history changed: ${show(historyBefore)} → ${show(historyAfter)}`);
        return;
      }
      const seq = answer.MsgSeq as number;
      const cloud = (body.CloudCustomData ?? "") as string;
      const newest =
        body.OnlineOnlyFlag === 1
          ? placeholder(seq)
          : {
              From_Account: sender,
              IsPlaceMsg: 0,
              IsSystemMsg: 0,
              MsgBody: body.MsgBody,
              MsgPriority: PRIORITY_NUMBER[(body.MsgPriority ?? "Normal") as string],
              MsgRandom: body.Random,
              MsgSeq: seq,
              MsgTimeStamp: at,
              MsgKey: `${seq}_${String(body.Random)}_${at}`,
              ...(cloud === "" ? {} : { CloudCustomData: cloud }),
            };
      const list = historyAfter.RspMsgList as unknown[] | undefined;
      const keys = isObject(list?.[0]) ? Object.keys(list[0]).join(",") : "";
      if (list?.length !== 1 || keys !== Object.keys(newest).join(",") || canonical(list[0]) !== canonical(newest))
        throw new PropertyFailure(`${what}: the newest message reads ${show(historyAfter)}, want ${show(newest)}`);
    });
  },
};
