/**
 * set_unread_msg_num's body property.
 */

import fc from "fast-check";
import { badAccount, badUint32, goodAccount, goodUint32 } from "./arbitraries/accounts";
import { bodyFor, checkNamesField, send } from "./bodies";
import { BODY_NOT_JSON, INVALID, MALFORMED_ID, UNKNOWN_COMMAND } from "./codes";
import { expectCode, PropertyFailure, runProperty, show } from "./harness";
import type { Property } from "./property";
import { type CommandSpec, isObject } from "./specs/spec";

/**
 * set_unread_msg_num: the service keeps no read positions, so a body the schema takes answers 10003,
 * saying so, whatever group it names; any other body gets 10004, 10015 or 60003, naming the field.
 */
export const unreadBodyProperty: Property = {
  name: "set_unread_msg_num: a valid body answers 10003; any other the code of its fault",
  weight: 0.5,
  run: ({ world: w }, numRuns) => {
    const spec: CommandSpec = {
      name: "set_unread_msg_num",
      codes: [INVALID, MALFORMED_ID, BODY_NOT_JSON, UNKNOWN_COMMAND],
      groupIds: fc.constantFrom(w.sentinel.id, ...Object.values(w.playground), ...w.absent),
      fields: [
        { name: "Member_Account", good: goodAccount, bad: badAccount },
        { name: "UnreadMsgNum", good: goodUint32, bad: badUint32 },
      ],
      okShape: () => "set_unread_msg_num is never OK",
    };
    return runProperty(bodyFor(spec), numRuns, async ({ body, valid }) => {
      const answer = await send(spec.name, body, w);
      const what = `${spec.name} ${show(body)}`;
      expectCode(answer, valid ? [UNKNOWN_COMMAND] : spec.codes, what);
      // [] is {} (leniencyProperty); any other array is no object.
      if (!isObject(body) && !(Array.isArray(body) && body.length === 0)) expectCode(answer, [BODY_NOT_JSON], what);
      if (answer.ErrorCode === UNKNOWN_COMMAND && !answer.ErrorInfo.includes("keeps no read positions"))
        throw new PropertyFailure(`${what}: the 10003 does not say why: ${show(answer)}`);
      checkNamesField(spec, answer, body);
    });
  },
};
