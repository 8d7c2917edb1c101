import { env, runInDurableObject } from "cloudflare:test";
import type { GroupSpec } from "../../../src/contract/group-rpc";
import { GroupCore } from "../../../src/group/core";
import { JoinedTelling, joinedIndexPeer } from "../../../src/group/joined";
import { Lifecycle } from "../../../src/group/lifecycle";
import { Membership } from "../../../src/group/membership";
import { Muting } from "../../../src/group/muting";
import type { ProfileRow } from "../../../src/group/profile";
import { ProfileOps } from "../../../src/group/profile-ops";
import { Sending } from "../../../src/group/sending";
import { TopicOps } from "../../../src/group/topic-ops";
import { groupStub, uniqueGroupId } from "../../helpers";

/** Every capability of one group, built on a core of its own, as GroupObject builds them. */
export interface Modules {
  g: GroupCore;
  lifecycle: Lifecycle;
  muting: Muting;
  membership: Membership;
  sending: Sending;
  topics: TopicOps;
  profile: ProfileOps;
  /** The group's profile row as it is now. */
  p(): ProfileRow;
}

/** A spec of create_group: a Public group (or `type`) with an owner and two members. */
export function spec(groupId: string, type: GroupSpec["type"] = "Public", supportTopic = false): GroupSpec {
  return {
    groupId,
    type,
    name: "modules",
    owner: "owner",
    members: [
      { account: "bob", role: "Member" },
      { account: "adm", role: "Admin" },
    ],
    profile: {},
    supportTopic,
  };
}

/**
 * Runs `work` inside a fresh group object's storage with the capability modules
 * built directly on it (not through the object's RPC methods), after creating
 * the group through Lifecycle.
 */
export async function withModules(
  work: (m: Modules) => Promise<void> | void,
  create: (groupId: string) => GroupSpec = (id) => spec(id),
): Promise<void> {
  const groupId = uniqueGroupId("mod");
  await runInDurableObject(groupStub(groupId), async (_object, state) => {
    const g = new GroupCore(state, env);
    g.start();
    const muting = new Muting(g);
    const m: Modules = {
      g,
      lifecycle: new Lifecycle(g, new JoinedTelling(g, joinedIndexPeer(env))),
      muting,
      membership: new Membership(g, muting),
      sending: new Sending(g),
      topics: new TopicOps(g),
      profile: new ProfileOps(g),
      p: () => g.profile()!,
    };
    const created = await m.lifecycle.create(create(groupId));
    if (created.refused !== undefined) throw new Error(created.info);
    await work(m);
  });
}
