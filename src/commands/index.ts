import type { Command } from "./command";
import { createGroup } from "./create-group";
import { destroyGroup } from "./destroy-group";
import { forbidSendMsg } from "./forbid-send-msg";
import { getGroupInfo } from "./get-group-info";
import { getGroupMutedAccount } from "./get-group-muted-account";

/** The service every command lives under. */
export const SERVICE = "group_open_http_svc";

const commands: Command[] = [createGroup, destroyGroup, getGroupInfo, forbidSendMsg, getGroupMutedAccount] as Command[];

/** Command by wire name, current or legacy. */
const byName = new Map<string, { command: Command; legacy: boolean }>();
for (const command of commands) {
  byName.set(command.name, { command, legacy: false });
  if (command.legacyName !== undefined) byName.set(command.legacyName, { command, legacy: true });
}

export function findCommand(service: string, name: string): { command: Command; legacy: boolean } | undefined {
  return service === SERVICE ? byName.get(name) : undefined;
}

export const commandNames = (): string[] => [...byName.keys()];
