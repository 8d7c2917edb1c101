import { clock } from "../clock";
import type { InfoQuery, MemberQuery, ProfileChange } from "../contract/group-rpc";
import type { DueWork } from "../scheduler/scheduler";
import { type AnswerBudget, MAX_ANSWER_MEMBERS, tooLarge } from "../wire/answer-budget";
import { type Done, ErrorCode, type Outcome, refuse } from "../wire/errors";
import type { GroupType } from "../wire/vocabulary";
import type { GroupCore } from "./core";
import { whyNoMemberList, whyNoMutes } from "./group-types";

import { type Operator, SERVICE } from "./mute-events";
import { GROUP_SCOPE } from "./mute-store";
import {
  appDataOf,
  hasNoMemberCeiling,
  infoFields,
  MAX_GROUP_APP_KEYS,
  maxMembersCeiling,
  mergeAppData,
  muteAllOn,
  type ProfileRow,
} from "./profile";
import { edgesBetween, nextEdge, openOccurrence, scheduleOf } from "./quiet-hours";

/** The kind under which the schedule keeps quiet-hours edges. */
const QUIET_EDGE = "quiet-edge";
const utf8Text = new TextDecoder();

/**
 * The group's profile: get_group_info's entries, modify_group_base_info, and
 * mute-all with its quiet hours (their edges recorded by the alarm).
 */
export class ProfileOps {
  constructor(private readonly g: GroupCore) {}

  /**
   * One entry of get_group_info's GroupInfo as JSON text: the asked base
   * fields and custom fields, and (`members` not null) the member list with
   * the asked member fields. A list over what is left of the call's `budget`
   * answers 10018 in its entry: page it with get_group_member_info.
   */
  info(
    p: ProfileRow,
    q: InfoQuery,
    members: MemberQuery | null,
    budget: AnswerBudget,
  ): Outcome<{ entryJson: string; listed: number }> {
    const g = this.g;
    const head: Record<string, unknown> = {
      GroupId: p.group_id,
      ErrorCode: 0,
      ErrorInfo: "",
      ...infoFields(p, q, clock.nowSeconds()),
    };
    // An extension, for apps with a callback receiver: events not yet taken by it.
    if (g.callbackTarget() !== null) head.UndeliveredCallbacks = g.outbox.count();
    if (members === null || whyNoMemberList(p.type) !== null) return { entryJson: JSON.stringify(head), listed: 0 };
    if (p.member_num > budget.members) return refuse(ErrorCode.ANSWER_TOO_LARGE, tooManyMembers(budget.members));
    const page = g.members.pageJson(members, clock.nowSeconds(), { offset: 0 }, budget.members + 1);
    if (page.count > budget.members) return refuse(ErrorCode.ANSWER_TOO_LARGE, tooManyMembers(budget.members));
    const text = JSON.stringify(head);
    if (text.length + page.json.byteLength > budget.bytes) {
      return refuse(ErrorCode.ANSWER_TOO_LARGE, tooLarge("the group's member list"));
    }
    return { entryJson: `${text.slice(0, -1)},"MemberList":${utf8Text.decode(page.json)}}`, listed: page.count };
  }

  /**
   * Changes the profile: the fields given, all in one transaction, and
   * LastInfoTime; a mute-all switch that changes something writes its event.
   */
  modify(p: ProfileRow, change: ProfileChange, by: Operator): Done {
    const g = this.g;
    const mutesAll = change.muteAll === true || (change.muteAllSchedule?.length ?? 0) > 0;
    const muteWhy = mutesAll ? whyNoMutes(p.type) : null;
    if (muteWhy !== null) return refuse(ErrorCode.NOT_ALLOWED, muteWhy);
    const data = appDataOf(p);
    const why = whyNotProfile(p.type, change, data);
    if (why !== null) return refuse(ErrorCode.INVALID_PARAMETER, why);
    const c = change;
    const ceiling = hasNoMemberCeiling(p.type) ? undefined : c.maxMemberNum;
    const now = clock.nowSeconds();
    const schedule = c.muteAllSchedule === undefined ? p.mute_all_schedule : JSON.stringify(c.muteAllSchedule);
    // MuteAllMember Off during an open window ends that occurrence; On (or a new schedule) forgets it.
    const current = openOccurrence(c.muteAllSchedule ?? scheduleOf(p.mute_all_schedule), now);
    const override =
      c.muteAll === false && current !== null
        ? current
        : c.muteAll === true || c.muteAllSchedule !== undefined
          ? ""
          : p.quiet_override;
    const before = muteAllOn(p, now);
    g.transaction(() => {
      g.sql.exec(
        `UPDATE profile SET name = coalesce(?, name), introduction = coalesce(?, introduction),
           notification = coalesce(?, notification), face_url = coalesce(?, face_url),
           max_member_num = coalesce(?, max_member_num), apply_join_option = coalesce(?, apply_join_option),
           invite_join_option = coalesce(?, invite_join_option), mute_all = coalesce(?, mute_all),
           app_data = coalesce(?, app_data), last_info_time = ?
         WHERE id = 1`,
        c.name ?? null,
        c.introduction ?? null,
        c.notification ?? null,
        c.faceUrl ?? null,
        ceiling ?? null,
        c.applyJoinOption ?? null,
        c.inviteJoinOption ?? null,
        c.muteAll === undefined ? null : c.muteAll ? 1 : 0,
        c.appData === undefined ? null : JSON.stringify([...mergeAppData(data, c.appData)]),
        now,
      );
      g.sql.exec(`UPDATE profile SET mute_all_schedule = ?, quiet_override = ? WHERE id = 1`, schedule, override);
      const mutedAll = c.muteAll ?? p.mute_all === 1;
      const after = muteAllOn(
        { ...p, mute_all: mutedAll ? 1 : 0, mute_all_schedule: schedule, quiet_override: override },
        now,
      );
      if (after !== before) g.muteEvents.add(after ? "MuteAll" : "UnmuteAll", GROUP_SCOPE, by, []);
      if (c.muteAllSchedule !== undefined) {
        const edge = nextEdge(c.muteAllSchedule, now);
        if (edge === null) g.scheduler.cancel(QUIET_EDGE);
        else g.scheduler.dueBy(QUIET_EDGE, edge * 1000);
      }
    });
    return {};
  }

  /**
   * The alarm's share of quiet hours: at a window's edge, a MuteAll or
   * UnmuteAll record (history, and event) when the edge changed whether the
   * group is muted for all; then due at the next edge. The send gate does not
   * wait for it: it computes the windows itself. A run that comes late (the
   * object was down, or a run failed) records every edge it missed, each at
   * its own time: those after the last switch recorded and the last profile
   * change (which may have set the schedule), up to two days back.
   */
  quietEdges(): DueWork {
    const g = this.g;
    const windows = () => scheduleOf(g.profile()?.mute_all_schedule ?? "[]");
    return {
      kind: QUIET_EDGE,
      run: (nowMs) => {
        const p = g.profile();
        if (p === null) return null;
        const from = Math.max(g.muteHistory.lastMuteAllSwitch(), p.last_info_time);
        for (const edge of edgesBetween(windows(), from, Math.floor(nowMs / 1000))) {
          if (muteAllOn(p, edge - 1) === muteAllOn(p, edge)) continue;
          g.muteEvents.add(muteAllOn(p, edge) ? "MuteAll" : "UnmuteAll", GROUP_SCOPE, SERVICE, [], edge);
        }
        return null;
      },
      nextDue: () => {
        const edge = nextEdge(windows(), clock.nowSeconds());
        return edge === null ? null : edge * 1000;
      },
    };
  }
}

/** Why `change` cannot apply to a group of `type` holding custom fields `data`, or null when it can. */
export function whyNotProfile(
  type: GroupType,
  change: ProfileChange,
  data: ReadonlyMap<string, string>,
): string | null {
  const max = change.maxMemberNum;
  if (max !== undefined && !hasNoMemberCeiling(type) && max > maxMembersCeiling(type)) {
    return `MaxMemberNum: must be at most ${maxMembersCeiling(type)} for a ${type} group`;
  }
  if (change.appData !== undefined) {
    const keys = mergeAppData(data, change.appData).size;
    if (keys > MAX_GROUP_APP_KEYS) {
      return `AppDefinedData: a group holds at most ${MAX_GROUP_APP_KEYS} custom fields; this one would hold ${keys}`;
    }
  }
  return null;
}

const tooManyMembers = (left: number) =>
  `the group has over ${left} members to answer within this call's ${MAX_ANSWER_MEMBERS}; ` +
  "list them with get_group_member_info";
