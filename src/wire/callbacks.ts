/**
 * The callbacks of an app (docs/api.md, "Callbacks"): their names, as the
 * CallbackCommand of each request, and where an app's go. The app registry
 * (src/auth/) reads them from APPS, the groups (src/group/) queue them and
 * src/callbacks/ sends them: this file is below all three.
 */

/**
 * The callbacks an app may ask for: Tencent's three of send_group_msg, mute changes (ours), and
 * Tencent's after a recall (group_msg_recall, delete_group_msg_by_sender) and an owner change.
 */
export const CALLBACK_COMMANDS = [
  "Group.CallbackBeforeSendMsg",
  "Group.CallbackAfterSendMsg",
  "Group.CallbackSendMsgException",
  "Group.CallbackAfterMuteChanged",
  "Group.CallbackAfterRecallMsg",
  "Group.CallbackAfterChangeGroupOwner",
  /** An app-wide mute (setnospeaking) changed: set, lifted or run out. */
  "App.CallbackAfterNoSpeakingChanged",
] as const;
export type CallbackCommand = (typeof CALLBACK_COMMANDS)[number];

/** An app's callback receiver, as configured. */
export interface CallbackTarget {
  url: string;
  token: string | null;
  commands: ReadonlySet<CallbackCommand>;
}
