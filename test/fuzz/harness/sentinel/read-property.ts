/**
 * The property of reads of the sentinel: every read answers as the snapshot says.
 */

import fc from "fast-check";
import { APP_KEYS } from "../arbitraries/app-data";
import { FIELD_NAMES, junk, junkKey } from "../arbitraries/junk";
import { send } from "../bodies";
import { UINT32_MAX } from "../codes";
import { PropertyFailure, runProperty, show } from "../harness";
import type { Property } from "../property";
import { SENTINEL_ACCOUNTS, sentinelInfoFiltered, sentinelInfoMembers } from "../world";

/** Read-only commands at the sentinel with any extra junk: OK, and what they read is the snapshot. */
export const sentinelReadProperty: Property = {
  name: "read-only commands at the sentinel, with junk around, read the snapshot",
  weight: 0.5,
  run: ({ world, snapshot }, numRuns) => {
    const id = world.sentinel.id;
    const extras = fc.dictionary(
      junkKey.filter((k) => !FIELD_NAMES.includes(k)),
      junk,
      { maxKeys: 3 },
    );
    const reads = fc.constantFrom(
      { command: "get_group_info", body: { GroupIdList: [id] }, key: "info" },
      { command: "get_group_info", body: { GroupIdList: [id, id], ResponseFilter: null }, key: "info" },
      { command: "get_group_info", body: sentinelInfoFiltered(world), key: "infoFiltered" },
      { command: "get_group_info", body: sentinelInfoMembers(world), key: "infoMembers" },
      { command: "get_group_member_info", body: { GroupId: id }, key: "members" },
      { command: "get_group_member_info", body: { GroupId: id, Limit: 0, MemberInfoFilter: null }, key: "members" },
      {
        command: "get_group_member_info",
        body: { GroupId: id, AppDefinedDataFilter_GroupMember: [...APP_KEYS.slice(0, 4), "unset_key"] },
        key: "membersAppData",
      },
      {
        command: "get_group_member_info",
        body: {
          GroupId: id,
          Limit: 2,
          Offset: 1,
          Next: "x",
          MemberRoleFilter: ["Admin", "Member"],
          MemberInfoFilter: ["NameCard", "MsgFlag", "Role"],
        },
        key: "membersByRole",
      },
      {
        command: "get_specified_group_member_info",
        body: {
          GroupId: id,
          Member_List_Account: [...SENTINEL_ACCOUNTS].reverse(),
          AppDefinedDataFilter_GroupMember: [...APP_KEYS],
          MemberRoleFilter: null,
        },
        key: "specified",
      },
      { command: "get_role_in_group", body: { GroupId: id, User_Account: SENTINEL_ACCOUNTS }, key: "roles" },
      { command: "get_group_muted_account", body: { GroupId: id }, key: "muted" },
      { command: "get_group_shutted_uin", body: { GroupId: id }, key: "shutted" },
      { command: "group_msg_get_simple", body: { GroupId: id, ReqMsgNumber: 20 }, key: "history" },
      {
        command: "group_msg_get_simple",
        body: { GroupId: id, ReqMsgNumber: 3, ReqMsgSeq: 0, WithRecalledMsg: 0 },
        key: "history",
      },
      {
        command: "group_msg_get_simple",
        body: { GroupId: id, ReqMsgNumber: 20, ReqMsgSeq: UINT32_MAX, WithRecalledMsg: null },
        key: "history",
      },
      {
        command: "group_msg_get_simple",
        body: { GroupId: id, ReqMsgNumber: 2, ReqMsgSeq: 2, WithRecalledMsg: 1 },
        key: "historyPage",
      },
      { command: "group_msg_get_simple", body: { GroupId: id, ReqMsgNumber: UINT32_MAX }, key: "historyOverPage" },
    );
    return runProperty(fc.tuple(reads, extras), numRuns, async ([read, x]) => {
      const body = { ...x, ...read.body };
      const answer = await send(read.command, body, world);
      const want = snapshot[read.key];
      if (JSON.stringify(answer) !== JSON.stringify(want)) {
        throw new PropertyFailure(`${read.command} ${show(body)}: read ${show(answer)}, the snapshot is ${show(want)}`);
      }
    });
  },
};
