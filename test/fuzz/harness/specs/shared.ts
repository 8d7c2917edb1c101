/**
 * What the command specs share: GroupIds to read and to write, members, fields, bases of codes,
 * TopicIds.
 */

import fc from "fast-check";
import type { Answer } from "../../../helpers";
import { badAccount, badUint32, goodAccount, goodUint32 } from "../arbitraries/accounts";
import { badAppKeyFilter, goodAppKeyFilter, nonArrayValue } from "../arbitraries/app-data";
import { anyTopicIdShape, badTopicId } from "../arbitraries/ids";
import { badFilter, badRoleFilter, goodFilter, goodRoleFilter } from "../arbitraries/members";
import {
  badGroupAppData,
  badJoinOption,
  badText,
  goodGroupAppData,
  goodJoinOption,
  goodText,
  PROFILE_BYTES,
  tooManyGroupAppData,
} from "../arbitraries/profile";
import { MAX_TOPICS, TOPIC_TEXT_BYTES } from "../arbitraries/topics";
import { BODY_NOT_JSON, INVALID, MALFORMED_ID, NO_GROUP, NO_TOPIC, NO_TOPICS, NOT_ALLOWED, OK } from "../codes";
import { isInt } from "../oracles/group";
import { PG_KEPT, TOPIC_MARK, type World } from "../world";
import { type Field, isObject, isReason, shape } from "./spec";

/** The arbitraries, fields and codes the command specs share: GroupIds to read and to write, members, topics. */
export function specShared(world: World) {
  const pg = Object.values(world.playground);
  const existing = fc.constantFrom(...pg);
  const absent = fc.constantFrom(...world.absent);
  const victims = fc.constantFrom(...world.victims);
  const readIds = fc.oneof(
    { weight: 4, arbitrary: existing },
    { weight: 3, arbitrary: fc.constant(world.sentinel.id) },
    { weight: 2, arbitrary: absent },
    { weight: 1, arbitrary: victims },
  );
  const writeIds = fc.oneof(
    { weight: 4, arbitrary: existing },
    { weight: 2, arbitrary: absent },
    { weight: 1, arbitrary: victims },
  );
  const uint32Field = (name: string, optional = false): Field => ({ name, good: goodUint32, bad: badUint32, optional });
  const readBase = [OK, INVALID, MALFORMED_ID, NO_GROUP, BODY_NOT_JSON];
  const writeBase = [...readBase, NOT_ALLOWED];
  /** Accounts of the playgrounds' member lists, mostly, and any other. */
  const memberOrNot = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...PG_KEPT, "a", "b", "pg_admin", "pg_owner") },
    { weight: 1, arbitrary: goodAccount },
  );
  /** Mostly the playgrounds with a member list, where member changes can succeed. */
  const listedIds = fc.oneof(
    {
      weight: 6,
      arbitrary: fc.constantFrom(world.playground.public, world.playground.private, world.playground.community),
    },
    { weight: 1, arbitrary: fc.constantFrom(world.playground.av, world.playground.b) },
    { weight: 2, arbitrary: absent },
    { weight: 1, arbitrary: victims },
  );
  const memberFilterFields: Field[] = [
    { name: "MemberInfoFilter", good: goodFilter, bad: badFilter, optional: true },
    { name: "MemberRoleFilter", good: goodRoleFilter, bad: badRoleFilter, optional: true },
    { name: "AppDefinedDataFilter_GroupMember", good: goodAppKeyFilter, bad: badAppKeyFilter, optional: true },
  ];
  /** The profile fields create_group and modify_group_base_info share (MaxMemberNum aside). */
  const profileSpecFields: Field[] = [
    ...(["Introduction", "Notification", "FaceUrl"] as const).map(
      (name): Field => ({
        name,
        good: goodText(PROFILE_BYTES[name]),
        bad: badText(PROFILE_BYTES[name]),
        optional: true,
      }),
    ),
    { name: "ApplyJoinOption", good: goodJoinOption, bad: badJoinOption, optional: true },
    { name: "InviteJoinOption", good: goodJoinOption, bad: badJoinOption, optional: true },
    // Eleven keys and more are 10004 from the group, not from the schema.
    {
      name: "AppDefinedData",
      good: goodGroupAppData,
      bad: fc.oneof(badGroupAppData, tooManyGroupAppData),
      optional: true,
    },
  ];
  const mutedListShape = (legacy: boolean) => (a: Answer) => {
    const until = legacy ? "ShuttedUntil" : "MutedUntil";
    // Each entry: the account, its end and, only where there is one, its Reason (last).
    const entry = (e: unknown) =>
      isObject(e) &&
      typeof e.Member_Account === "string" &&
      isInt(e[until]) &&
      (Object.keys(e).join(",") === `Member_Account,${until}` ||
        (Object.keys(e).join(",") === `Member_Account,${until},Reason` && isReason(e.Reason) && e.Reason !== ""));
    return shape(a, {
      GroupId: (v) => typeof v === "string",
      [legacy ? "ShuttedUinList" : "MutedAccountList"]: (v) => Array.isArray(v) && v.every(entry),
    });
  };
  /** TopicIds: mostly the topics playground's (existing or not), now and then another group's, or of none. */
  const goodTopicId = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...world.topicIds) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(world.playground.community, world.playground.public, world.sentinel.id, world.absent[0]!)
        .map((g) => `${g}${TOPIC_MARK}fz0`),
    },
    { weight: 1, arbitrary: anyTopicIdShape },
  );
  /** The optional TopicId of the commands that scope to a topic (11000 without topics, 110003 for an unknown one). */
  const topicIdField: Field = { name: "TopicId", good: goodTopicId, bad: badTopicId, optional: true };
  const topicCodes = [NO_TOPICS, NO_TOPIC];
  /** The GroupIds of a command with a TopicId: the topics playground more often. */
  const orTopics = (ids: fc.Arbitrary<unknown>) =>
    fc.oneof({ weight: 1, arbitrary: fc.constant(world.playground.topics) }, { weight: 6, arbitrary: ids });
  /** The topic commands' GroupIds: the topics playground mostly; groups without topics (the sentinel too: 11000). */
  const topicGroupIds = fc.oneof(
    { weight: 5, arbitrary: fc.constant(world.playground.topics) },
    { weight: 2, arbitrary: existing },
    { weight: 1, arbitrary: fc.constant(world.sentinel.id) },
    { weight: 1, arbitrary: absent },
    { weight: 1, arbitrary: victims },
  );
  const manyTopicIds = (n: number) => [
    ...world.topicIds,
    ...Array.from({ length: n - world.topicIds.length }, (_, i) => `${world.playground.topics}${TOPIC_MARK}n${i}`),
  ];
  const goodTopicIdList = fc.oneof(
    { weight: 10, arbitrary: fc.array(goodTopicId, { minLength: 1, maxLength: 6 }) },
    { weight: 1, arbitrary: fc.constant(manyTopicIds(MAX_TOPICS)) },
  );
  const badTopicIdList: fc.Arbitrary<unknown> = fc.oneof(
    nonArrayValue,
    fc
      .tuple(fc.array(goodTopicId, { maxLength: 2 }), badTopicId, fc.array(goodTopicId, { maxLength: 2 }))
      .map(([a, x, b]) => [...a, x, ...b]),
    fc.constant(manyTopicIds(MAX_TOPICS + 1)),
  );
  /** What create_topic and modify_topic share (TopicName aside). */
  const topicSpecFields: Field[] = [
    { name: "From_Account", good: memberOrNot, bad: badAccount, optional: true },
    ...(Object.keys(TOPIC_TEXT_BYTES) as (keyof typeof TOPIC_TEXT_BYTES)[]).map(
      (name): Field => ({
        name,
        good: goodText(TOPIC_TEXT_BYTES[name]),
        bad: badText(TOPIC_TEXT_BYTES[name]),
        optional: true,
      }),
    ),
    // Eleven keys and more are 10004 from the group, not from the schema.
    {
      name: "TopicDefinedData",
      good: goodGroupAppData,
      bad: fc.oneof(badGroupAppData, tooManyGroupAppData),
      optional: true,
    },
  ];
  return {
    pg,
    existing,
    absent,
    victims,
    readIds,
    writeIds,
    uint32Field,
    readBase,
    writeBase,
    memberOrNot,
    listedIds,
    memberFilterFields,
    profileSpecFields,
    mutedListShape,
    goodTopicId,
    topicIdField,
    topicCodes,
    orTopics,
    topicGroupIds,
    manyTopicIds,
    goodTopicIdList,
    badTopicIdList,
    topicSpecFields,
  };
}
export type SpecShared = ReturnType<typeof specShared>;
