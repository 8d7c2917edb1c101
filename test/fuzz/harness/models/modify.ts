/**
 * The model of modify_group_base_info.
 */

import fc from "fast-check";
import { badOnOff, goodName, goodOnOff } from "../arbitraries/members";
import { bodyBytes } from "../arbitraries/messages";
import {
  badMaxMembers,
  goodGroupAppData,
  goodJoinOption,
  goodMaxMembers,
  goodText,
  MAX_GROUP_APP_KEYS,
  memberCeilingOf,
  NO_MUTE_TYPES,
  PROFILE_BYTES,
  tooManyGroupAppData,
} from "../arbitraries/profile";
import { send } from "../bodies";
import { INVALID, MAX_BODY_BYTES, NOT_ALLOWED, OK, UINT32_MAX } from "../codes";
import { expectCode, runProperty, show } from "../harness";
import type { Property } from "../property";
import { change, setField } from "../sentinel/slots";
import {
  type AppDatum,
  expectEntry,
  type InfoEntry,
  mergeAppModel,
  orderIsPlain,
  profileBreaks,
  readInfo,
} from "./profile";

/**
 * modify_group_base_info on each playground, read back with get_group_info before and after: the
 * group reads as before with exactly the change applied and LastInfoTime now (MaxMemberNum is
 * ignored by audio-video groups; custom fields merge, "" removing a key); or exactly as before when
 * the change is refused: a field the schema refuses (10004), mute-all On where the type cannot
 * mute (10007), a MaxMemberNum over the type's ceiling or over ten custom fields (10004).
 */
export const modifyModelProperty: Property = {
  name: "model: what modify_group_base_info sets is what get_group_info reads; a refused one changes nothing",
  weight: 0.5,
  run: ({ world }, numRuns) => {
    const breaks = fc.oneof(
      ...profileBreaks,
      setField("MaxMemberNum", badMaxMembers),
      setField("MuteAllMember", badOnOff, ["ShutUpAllMember"]),
      setField("ShutUpAllMember", badOnOff, ["MuteAllMember"]),
      fc.tuple(goodOnOff, goodOnOff).chain(([a, b]) =>
        change((body) => {
          body.MuteAllMember = a;
          body.ShutUpAllMember = b;
        }),
      ),
    );
    const arb = fc
      .record({
        GroupId: fc.constantFrom(...Object.values(world.playground)),
        change: fc.record(
          {
            Name: goodName,
            Introduction: goodText(PROFILE_BYTES.Introduction),
            Notification: goodText(PROFILE_BYTES.Notification),
            FaceUrl: goodText(PROFILE_BYTES.FaceUrl),
            MaxMemberNum: fc.oneof(
              goodMaxMembers,
              fc.integer({ min: 1, max: 1_000_000 }),
              fc.integer({ min: 1_000_001, max: UINT32_MAX }),
            ),
            ApplyJoinOption: goodJoinOption,
            InviteJoinOption: goodJoinOption,
            AppDefinedData: fc.oneof(
              { weight: 6, arbitrary: goodGroupAppData },
              { weight: 1, arbitrary: tooManyGroupAppData },
            ),
          },
          { requiredKeys: [] },
        ),
        mute: fc.option(fc.tuple(fc.constantFrom("MuteAllMember", "ShutUpAllMember"), goodOnOff), { nil: undefined }),
        broken: fc.option(breaks, { nil: undefined, freq: 4 }),
      })
      .map(({ GroupId, change: c, mute, broken }) => {
        const body: Record<string, unknown> = { GroupId, ...c, ...(mute === undefined ? {} : { [mute[0]]: mute[1] }) };
        broken?.(body);
        return { body, broken: broken !== undefined };
      });
    return runProperty(arb, numRuns, async ({ body, broken }) => {
      const GroupId = body.GroupId as string;
      const what = `modify_group_base_info ${show(body, 1000)}`;
      const before = await readInfo(world, GroupId);
      const answer = await send("modify_group_base_info", body, world);
      const at = world.clock.now;
      const type = before.Type as string;
      const ceiling = memberCeilingOf(type);
      const muteAll = (body.MuteAllMember ?? body.ShutUpAllMember) as string | undefined;
      const data = mergeAppModel(before.AppDefinedData as AppDatum[], body.AppDefinedData);
      const max = body.MaxMemberNum as number | undefined;
      const code =
        broken || bodyBytes(body) > MAX_BODY_BYTES
          ? INVALID
          : muteAll === "On" && NO_MUTE_TYPES.includes(type)
            ? NOT_ALLOWED
            : (ceiling !== null && max !== undefined && max > ceiling) || data.length > MAX_GROUP_APP_KEYS
              ? INVALID
              : OK;
      expectCode(answer, [code], `${what} (a ${type} group)`);
      const want: InfoEntry = { ...before };
      if (code === OK) {
        for (const f of ["Name", "Introduction", "Notification", "FaceUrl", "ApplyJoinOption", "InviteJoinOption"])
          if (body[f] !== undefined) want[f] = body[f];
        if (ceiling !== null && max !== undefined) want.MaxMemberNum = max;
        if (muteAll !== undefined) want.MuteAllMember = want.ShutUpAllMember = muteAll;
        want.AppDefinedData = data;
        want.LastInfoTime = at;
      }
      const ordered = orderIsPlain(body.AppDefinedData);
      expectEntry(await readInfo(world, GroupId), want, `${what} (answered ${answer.ErrorCode})`, ordered);
    });
  },
};
