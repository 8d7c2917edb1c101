/**
 * What the live channel's scenarios (issue 28) share: FAST_APP's socket URLs,
 * members added 500 a call, and workerd's CPU over a step.
 */
import { Api, type AppUrl, FAST_APP } from "./apps";
import { mustOk, type Scenarios } from "./kit";
import type { Served } from "./workerd";

/** A live scenario's figures, and the ratios it adds. */
export interface Measured {
  scenarios: Scenarios;
  ratios: Record<string, number>;
}

export interface LiveKit {
  served: Served;
  fast: AppUrl;
  forbid: string;
  /** The connect URL of an account's socket on `groupId`. */
  liveUrl: (groupId: string) => (account: string) => string;
  addMembers: (groupId: string, members: string[]) => Promise<void>;
  /** `run`'s result, and the workerd CPU milliseconds it took. */
  cpuOf: <T>(run: () => Promise<T>) => Promise<[T, number]>;
}

export function liveKit(served: Served, fast: AppUrl): LiveKit {
  const signer = new Api(FAST_APP.sdkappid, FAST_APP.key);
  const wsBase = served.serviceUrl.replace(/^http/, "ws");
  const liveUrl = (groupId: string) => (account: string) =>
    `${wsBase}/v4/group_live/connect?sdkappid=${FAST_APP.sdkappid}&identifier=${account}` +
    `&usersig=${signer.genUserSig(account, 86400)}&GroupId=${encodeURIComponent(groupId)}`;
  const addMembers = async (groupId: string, members: string[]) => {
    for (let i = 0; i < members.length; i += 500) {
      const MemberList = members.slice(i, i + 500).map((a) => ({ Member_Account: a }));
      await mustOk(fast("add_group_member"), { GroupId: groupId, MemberList });
    }
  };
  const forbid = fast("forbid_send_msg");
  const cpuOf = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
    const before = served.cpuMs();
    const r = await run();
    return [r, served.cpuMs() - before];
  };
  return { served, fast, forbid, liveUrl, addMembers, cpuOf };
}
