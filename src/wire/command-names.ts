/**
 * The current name of every command: what an app's `limits` may name in APPS
 * (src/auth/apps.ts) and what each command's `name` must be (src/commands/).
 * A plain list, so that the app registry can check a configuration without
 * loading the commands. The compiler holds each command's name to this list;
 * test/auth/apps.test.ts holds the list to the commands, both ways.
 */
export const COMMAND_NAMES = [
  "create_group",
  "destroy_group",
  "get_group_info",
  "modify_group_base_info",
  "add_group_member",
  "delete_group_member",
  "get_group_member_info",
  "get_specified_group_member_info",
  "get_role_in_group",
  "modify_group_member_info",
  "forbid_send_msg",
  "get_group_muted_account",
  "send_group_msg",
  "group_msg_get_simple",
  "get_appid_group_list",
  "setnospeaking",
  "getnospeaking",
  "create_topic",
  "get_topic",
  "modify_topic",
  "destroy_topic",
  "get_group_mute_history",
  "get_online_member_num",
  "send_group_system_notification",
  "group_msg_recall",
  "delete_group_msg_by_sender",
  "change_group_owner",
  "set_unread_msg_num",
  "ban_group_member",
  "unban_group_member",
  "get_group_ban_member",
  "get_group_attr",
  "modify_group_attr",
  "set_group_attr",
  "clear_group_attr",
  "import_group",
  "import_group_member",
  "import_group_msg",
  "get_joined_group_list",
] as const;
export type CommandName = (typeof COMMAND_NAMES)[number];

/**
 * The live channel's budgets, which an app's `limits` may name too: `group_live_connect`, the
 * app's connects a second (else its `default`), and `group_live_send`, one socket's sends a second.
 */
export const LIVE_BUDGETS = ["group_live_connect", "group_live_send"] as const;
