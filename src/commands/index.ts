import { addGroupMember } from "./add-group-member";
import { banGroupMember } from "./ban-group-member";
import { changeGroupOwner } from "./change-group-owner";
import { clearGroupAttr } from "./clear-group-attr";
import type { Command } from "./command";
import { createGroup } from "./create-group";
import { createTopic } from "./create-topic";
import { deleteGroupMember } from "./delete-group-member";
import { deleteGroupMsgBySender } from "./delete-group-msg-by-sender";
import { destroyGroup } from "./destroy-group";
import { destroyTopic } from "./destroy-topic";
import { forbidSendMsg } from "./forbid-send-msg";
import { getAppidGroupList } from "./get-appid-group-list";
import { getGroupAttr } from "./get-group-attr";
import { getGroupBanMember } from "./get-group-ban-member";
import { getGroupInfo } from "./get-group-info";
import { getGroupMemberInfo } from "./get-group-member-info";
import { getGroupMuteHistory } from "./get-group-mute-history";
import { getGroupMutedAccount } from "./get-group-muted-account";
import { getJoinedGroupList } from "./get-joined-group-list";
import { getNoSpeaking } from "./get-no-speaking";
import { getOnlineMemberNum } from "./get-online-member-num";
import { getRoleInGroup } from "./get-role-in-group";
import { getSpecifiedGroupMemberInfo } from "./get-specified-group-member-info";
import { getTopic } from "./get-topic";
import { groupMsgGetSimple } from "./group-msg-get-simple";
import { groupMsgRecall } from "./group-msg-recall";
import { importGroup } from "./import-group";
import { importGroupMember } from "./import-group-member";
import { importGroupMsg } from "./import-group-msg";
import { modifyGroupAttr } from "./modify-group-attr";
import { modifyGroupBaseInfo } from "./modify-group-base-info";
import { modifyGroupMemberInfo } from "./modify-group-member-info";
import { modifyTopic } from "./modify-topic";
import { sendGroupMsg } from "./send-group-msg";
import { sendGroupSystemNotification } from "./send-group-system-notification";
import { setGroupAttr } from "./set-group-attr";
import { setNoSpeaking } from "./set-no-speaking";
import { setUnreadMsgNum } from "./set-unread-msg-num";
import { unbanGroupMember } from "./unban-group-member";

/** The service a command lives under unless it names another. */
const GROUP_SERVICE = "group_open_http_svc";

const commands = [
  createGroup,
  destroyGroup,
  getGroupInfo,
  modifyGroupBaseInfo,
  addGroupMember,
  deleteGroupMember,
  getGroupMemberInfo,
  getSpecifiedGroupMemberInfo,
  getRoleInGroup,
  modifyGroupMemberInfo,
  forbidSendMsg,
  getGroupMutedAccount,
  sendGroupMsg,
  groupMsgGetSimple,
  getAppidGroupList,
  setNoSpeaking,
  getNoSpeaking,
  createTopic,
  getTopic,
  modifyTopic,
  destroyTopic,
  getGroupMuteHistory,
  getOnlineMemberNum,
  sendGroupSystemNotification,
  groupMsgRecall,
  deleteGroupMsgBySender,
  changeGroupOwner,
  setUnreadMsgNum,
  banGroupMember,
  unbanGroupMember,
  getGroupBanMember,
  getGroupAttr,
  modifyGroupAttr,
  setGroupAttr,
  clearGroupAttr,
  importGroup,
  importGroupMember,
  importGroupMsg,
  getJoinedGroupList,
] as Command[];

/** One path the router serves: `v4/{service}/{name}`, a command's current or legacy name. */
export interface CommandRoute {
  service: string;
  name: string;
  command: Command;
  legacy: boolean;
}

/** Every command path, current names first within each command: what /openapi.json lists. */
export const COMMAND_ROUTES: readonly CommandRoute[] = commands.flatMap((command) => {
  const service = command.service ?? GROUP_SERVICE;
  const current = { service, name: command.name, command, legacy: false };
  if (command.legacyName === undefined) return [current];
  return [current, { service, name: command.legacyName, command, legacy: true }];
});

/** Command by "service/name", current or legacy. */
const byPath = new Map(COMMAND_ROUTES.map((route) => [`${route.service}/${route.name}`, route]));

export function findCommand(service: string, name: string): { command: Command; legacy: boolean } | undefined {
  return byPath.get(`${service}/${name}`);
}
