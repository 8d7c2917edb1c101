/**
 * The model of requests aimed at the sentinel: refused, or valid and changing nothing.
 */

import fc from "fast-check";
import { NO_LADDER } from "../arbitraries/profile";
import { send } from "../bodies";
import { RECALL_NOT_FOUND } from "../codes";
import { expectCode, PropertyFailure, runProperty, show } from "../harness";
import type { Property } from "../property";
import { serviceOf } from "../raw-bodies";
import { touchSentinelInfo } from "../world";
import { sentinelModelCases } from "./sentinel-model-cases";

/**
 * Requests aimed at the sentinel whose outcome the model knows: taking its GroupId (10021),
 * messages from muted senders or non-members (10017/10007), and writes that are valid but change
 * nothing (adding members already in, removing non-members, re-muting permanently muted accounts,
 * setting what is already set), which must answer OK.
 */
export const sentinelModelProperty: Property = {
  name: "model: requests aimed at the sentinel answer what the model says and change nothing",
  weight: 2,
  run: ({ world, snapshot }, numRuns) => {
    const { id, cases, extras } = sentinelModelCases(world);
    const arb = fc.tuple(cases, extras).map(([k, x]) => ({ ...k, body: { ...x, ...k.body } }));
    return runProperty(arb, numRuns, async ({ command, body, codes }) => {
      const answer = await send(command, body, world, serviceOf(command));
      expectCode(answer, codes, `${command} ${show(body)}`);
      if (command === "forbid_send_msg" && body.Escalate === 1 && answer.ErrorInfo !== NO_LADDER)
        throw new PropertyFailure(`${command} ${show(body)}: want the 10004 "${NO_LADDER}": ${show(answer)}`);
      if (command === "modify_group_base_info" && answer.ErrorCode === 0) {
        // Nothing changed but LastInfoTime, now.
        touchSentinelInfo(snapshot, world, world.clock.now);
        const info = await send("get_group_info", { GroupIdList: [id] }, world);
        if (JSON.stringify(info) !== JSON.stringify(snapshot.info))
          throw new PropertyFailure(
            `${command} ${show(body)}: changed more than LastInfoTime: ` +
              `read ${show(info, 2000)}, want ${show(snapshot.info, 2000)}`,
          );
      }
      if (command === "add_group_member" && answer.ErrorCode === 0) {
        const results = Array.isArray(answer.MemberList)
          ? (answer.MemberList as { Result?: unknown }[]).map((m) => m.Result)
          : [];
        if (results.length === 0 || !results.every((r) => r === 2)) {
          throw new PropertyFailure(`${command} ${show(body)}: members already in must get Result 2: ${show(answer)}`);
        }
      }
      if (command === "group_msg_recall") {
        const codes = ((answer.RecallRetList ?? []) as { RetCode?: unknown }[]).map((r) => r.RetCode);
        if (codes.length === 0 || !codes.every((code) => code === RECALL_NOT_FOUND))
          throw new PropertyFailure(`${command} ${show(body)}: nothing is there to recall: ${show(answer)}`);
      }
    });
  },
};
