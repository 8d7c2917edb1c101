/**
 * What one answer may hold. Apps share an isolate (128 MB in production), so no
 * call may build an answer that crowds the others out: past these, the entry or
 * the call answers 10018, as Tencent does for an answer over its packet size.
 */

/** Members one answer lists, across all its groups (get_group_member_info's largest page). */
export const MAX_ANSWER_MEMBERS = 6000;

/** Bytes of JSON one answer may carry, across all its entries. */
export const MAX_ANSWER_BYTES = 8_000_000;

/** What is left of an answer's budget when a group writes its part. */
export interface AnswerBudget {
  members: number;
  bytes: number;
}

export const tooLarge = (what: string) =>
  `${what} would be over ${MAX_ANSWER_BYTES} bytes of answer; ask for fewer members or fields (Limit)`;
