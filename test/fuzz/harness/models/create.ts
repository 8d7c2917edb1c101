/**
 * The model of create_group.
 */

import fc from "fast-check";
import { DEMO_APP } from "../../../helpers";
import { badAccount, goodAccount } from "../arbitraries/accounts";
import { badType, goodCreateMemberList, goodName, goodType, MEMBER_LIST_TYPES } from "../arbitraries/members";
import { badFlag, bodyBytes, goodFlag } from "../arbitraries/messages";
import {
  badMaxMembers,
  customIdRefused,
  goodGroupAppData,
  goodJoinOption,
  goodMaxMembers,
  goodText,
  isGeneratedId,
  MAX_GROUP_APP_KEYS,
  maxMembersFor,
  memberCeilingOf,
  PROFILE_BYTES,
  profileDefaultsOf,
  tooManyGroupAppData,
} from "../arbitraries/profile";
import { send } from "../bodies";
import { GROUP_FULL, INVALID, MALFORMED_ID, MAX_BODY_BYTES, NO_GROUP, NO_TOPICS, OK, OK_ENVELOPE } from "../codes";
import { expectCode, PropertyFailure, runProperty, show } from "../harness";
import type { Property } from "../property";
import { change, setField } from "../sentinel/slots";
import { TOPICS } from "../world";
import {
  type CreateIdKind,
  createIdOf,
  expectEntry,
  type InfoEntry,
  mergeAppModel,
  orderIsPlain,
  profileBreaks,
  readInfo,
} from "./profile";

/**
 * create_group with any valid profile, at a fresh custom GroupId (a Community's starts with @TGS#_)
 * or none (the service makes one: @TGS#, the type's tag and 8 of [A-Z0-9]; a Community's @TGS#_@TGS#c
 * and 11), read back with get_group_info: every field is what was given or the type's default (an
 * audio-video group's MaxMemberNum is 0, given or not), CreateTime = LastInfoTime = now, no message
 * yet; get_topic answers no topics for a Community made with SupportTopic 1, and 11000 for any
 * other group. Refused, in the schema's order, and no group: a body broken in one field (10004); a
 * custom GroupId that does not suit the type (10015); SupportTopic 1 for another type than a
 * Community, both names of the ceiling, a MaxMemberNum over the type's ceiling or over ten custom
 * fields (10004).
 */
export const createModelProperty: Property = {
  name: "model: what create_group sets is what get_group_info reads; a refused create creates nothing",
  weight: 0.5,
  run: ({ world }, numRuns) => {
    const option = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined, freq: 2 });
    const breaks = fc.oneof(
      ...profileBreaks,
      setField("Type", badType),
      setField("Owner_Account", badAccount),
      setField("MaxMemberCount", badMaxMembers, ["MaxMemberNum"]),
      setField("MaxMemberNum", badMaxMembers, ["MaxMemberCount"]),
      setField("SupportTopic", badFlag),
      // Both names of the ceiling, each good.
      fc.tuple(goodMaxMembers, goodMaxMembers).chain(([a, b]) =>
        change((body) => {
          body.MaxMemberCount = a;
          body.MaxMemberNum = b;
        }),
      ),
    );
    const idKind = fc.oneof(
      { weight: 6, arbitrary: fc.constant<CreateIdKind>("custom") },
      { weight: 2, arbitrary: fc.constant<CreateIdKind>("generated") },
      { weight: 1, arbitrary: fc.constant<CreateIdKind>("misfit") },
    );
    const arb = goodType.chain((Type) =>
      fc
        .record({
          profile: fc.record(
            {
              Type: fc.constant(Type),
              Name: goodName,
              Owner_Account: goodAccount,
              MemberList: (MEMBER_LIST_TYPES as readonly string[]).includes(Type)
                ? goodCreateMemberList
                : fc.constant([]),
              Introduction: goodText(PROFILE_BYTES.Introduction),
              Notification: goodText(PROFILE_BYTES.Notification),
              FaceUrl: goodText(PROFILE_BYTES.FaceUrl),
              ApplyJoinOption: goodJoinOption,
              InviteJoinOption: goodJoinOption,
              AppDefinedData: fc.oneof(
                { weight: 6, arbitrary: goodGroupAppData },
                { weight: 1, arbitrary: tooManyGroupAppData },
              ),
              // A Community's 0 or 1; another type's 0 mostly, and now and then 1 (10004).
              SupportTopic:
                Type === "Community"
                  ? goodFlag
                  : fc.oneof({ weight: 4, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constant(1) }),
            },
            { requiredKeys: ["Type", "Name"] },
          ),
          max: option(fc.tuple(fc.constantFrom("MaxMemberCount", "MaxMemberNum"), maxMembersFor(Type))),
          id: fc.tuple(idKind, fc.nat()),
          broken: fc.option(breaks, { nil: undefined, freq: 4 }),
        })
        .map(({ profile, max, id, broken }) => {
          const body: Record<string, unknown> = { ...profile, ...(max === undefined ? {} : { [max[0]]: max[1] }) };
          broken?.(body);
          return { body, type: Type as string, id, broken: broken !== undefined };
        }),
    );
    const pinned = [
      // Custom keys named like Object.prototype's members are keys like any other.
      {
        body: {
          Type: "Public",
          Name: "proto",
          AppDefinedData: [
            { Key: "__proto__", Value: "p" },
            { Key: "toString", Value: "t" },
          ],
        },
        type: "Public",
        id: ["custom", 0] as [CreateIdKind, number],
        broken: false,
      },
      // Kept in the order set: a key like "0" stays where it was given (a JavaScript object puts it first).
      {
        body: {
          Type: "Community",
          Name: "order",
          SupportTopic: 1,
          AppDefinedData: [
            { Key: "topic", Value: "1" },
            { Key: "0", Value: "2" },
            { Key: "level", Value: "3" },
          ],
        },
        type: "Community",
        id: ["custom", 0] as [CreateIdKind, number],
        broken: false,
      },
      // A Community's custom ID without @TGS#_ (what the models made before Communities had the prefix).
      {
        body: { Type: "Community", Name: "no prefix" },
        type: "Community",
        id: ["misfit", 0] as [CreateIdKind, number],
        broken: false,
      },
    ];
    return runProperty(
      arb,
      numRuns,
      async ({ body: generated, type: generatedType, id: [kind, pick], broken }) => {
        const custom = createIdOf(kind, generatedType, pick);
        const body: Record<string, unknown> = { ...generated, ...(custom === null ? {} : { GroupId: custom }) };
        const what = `create_group ${show(body, 1000)}`;
        const answer = await send("create_group", body, world);
        const at = world.clock.now;
        const type = body.Type as string;
        const ceiling = memberCeilingOf(type);
        const maxGiven = (body.MaxMemberCount ?? body.MaxMemberNum) as number | undefined;
        const data = mergeAppModel([], body.AppDefinedData);
        // Both names of the ceiling is the one break the schema finds only once every field is well-formed.
        const bothMax = body.MaxMemberCount !== undefined && body.MaxMemberNum !== undefined;
        const owner = body.Owner_Account as string | undefined;
        const listed = ((body.MemberList ?? []) as { Member_Account: string }[]).map((m) => m.Member_Account);
        const members = new Set([...(owner === undefined ? [] : [owner]), ...listed]).size;
        const d = profileDefaultsOf(type);
        const code =
          bodyBytes(body) > MAX_BODY_BYTES || (broken && !bothMax)
            ? INVALID
            : customIdRefused(type, custom)
              ? MALFORMED_ID
              : (body.SupportTopic === 1 && type !== "Community") ||
                  bothMax ||
                  (ceiling !== null && maxGiven !== undefined && maxGiven > ceiling) ||
                  data.length > MAX_GROUP_APP_KEYS
                ? INVALID
                : ceiling !== null && members > (maxGiven ?? d.MaxMemberNum)
                  ? GROUP_FULL
                  : OK;
        expectCode(answer, [code], what);
        if (kind === "misfit" && code === OK) throw new PropertyFailure(`${what}: the model takes a misfit for good`);
        if (code !== OK) {
          if (custom === null) return;
          const read = await send("get_group_info", { GroupIdList: [custom] }, world);
          const entry = (read.GroupInfo as InfoEntry[] | undefined)?.[0] ?? {};
          if (entry.ErrorCode !== NO_GROUP) throw new PropertyFailure(`${what} was refused, yet: ${show(read)}`);
          return;
        }
        const GroupId = answer.GroupId as string;
        if (custom === null ? !isGeneratedId(type, GroupId) : GroupId !== custom)
          throw new PropertyFailure(`${what}: answered GroupId ${show(GroupId)}`);
        const want: InfoEntry = {
          GroupId,
          ErrorCode: 0,
          ErrorInfo: "",
          Type: type,
          Name: body.Name,
          Appid: DEMO_APP.sdkappid,
          Introduction: body.Introduction ?? "",
          Notification: body.Notification ?? "",
          FaceUrl: body.FaceUrl ?? "",
          Owner_Account: owner ?? "",
          CreateTime: at,
          LastInfoTime: at,
          LastMsgTime: 0,
          NextMsgSeq: 1,
          MemberNum: members,
          MaxMemberNum: ceiling === null ? 0 : (maxGiven ?? d.MaxMemberNum),
          ApplyJoinOption: body.ApplyJoinOption ?? d.ApplyJoinOption,
          InviteJoinOption: body.InviteJoinOption ?? d.InviteJoinOption,
          MuteAllMember: "Off",
          ShutUpAllMember: "Off",
          AppDefinedData: data,
        };
        expectEntry(await readInfo(world, GroupId), want, what, orderIsPlain(body.AppDefinedData));
        // Topics: none yet in a Community made with SupportTopic 1; no other group has any.
        const topics = await send("get_topic", { GroupId }, world, TOPICS);
        if (body.SupportTopic === 1) {
          if (JSON.stringify(topics) !== JSON.stringify({ ...OK_ENVELOPE, TopicAndSelfInfo: [] }))
            throw new PropertyFailure(`${what}: get_topic of the new community answers ${show(topics)}`);
        } else expectCode(topics, [NO_TOPICS], `${what}: get_topic of the new group`);
        expectCode(await send("destroy_group", { GroupId }, world), [OK], `destroy_group ${GroupId}`);
      },
      pinned,
    );
  },
};
