/**
 * The world: a sentinel group that must never change, the playground groups that may, and the
 * sentinel's snapshot.
 */

import {
  type Answer,
  type CallOptions,
  DEMO_APP,
  rawCall,
  SECOND_APP,
  sign,
  type TestClock,
  UNLIMITED_APP,
  uniqueGroupId,
  validSig,
} from "../../helpers";
import { APP_KEYS } from "./arbitraries/app-data";
import { PERMANENT } from "./codes";
import { readAnswer, show } from "./harness";

// ---------------------------------------------------------------------------------------------
// The world: a sentinel group that must never change, and playground groups that may

export interface World {
  clock: TestClock;
  sentinel: { id: string; name: string };
  /**
   * Groups that generated requests may change freely, one per kind of type rules; `topics` is a
   * Community with topics (SupportTopic 1), `community` one without.
   */
  playground: { public: string; private: string; av: string; b: string; community: string; topics: string };
  /**
   * TopicIds of the topics playground that create_topic and destroy_topic fight over: all but the
   * last exist after the setup.
   */
  topicIds: string[];
  /** GroupIds that create_group and destroy_group fight over (two of them a Community's, @TGS#_...). */
  victims: string[];
  /** Well-formed GroupIds that no one ever creates. */
  absent: string[];
  /** Groups only the send model writes to (so it knows their history exactly), by type. */
  sendModel: { public: string; community: string; av: string; b: string };
  /** A group only the frequency-control model sends to. */
  burst: string;
  sigs: Sigs;
}

interface Sigs {
  demoAdmin: string;
  demoSecondAdmin: string;
  secondAdmin: string;
  /** UNLIMITED_APP's admin: the app whose directory only the directory model writes. */
  unlimitedAdmin: string;
  expired: string;
  wrongKey: string;
}

/** Accounts of the sentinel. */
export const S = {
  owner: "s_owner",
  admin: "s_admin",
  members: ["s_m1", "s_m2"],
  muted: "s_muted",
  /** Muted permanently but never a member. */
  ghost: "s_ghost",
} as const;

/** The sentinel's profile beyond its name, as create_group set it. */
export const SENTINEL_PROFILE = {
  Introduction: "Intro ✓ 简介",
  Notification: "Notice: be kind",
  FaceUrl: "https://example.com/sentinel.png",
  MaxMemberCount: 200,
  ApplyJoinOption: "FreeAccess",
  InviteJoinOption: "DisableApply",
  AppDefinedData: [
    { Key: "topic", Value: "sentinel ✓" },
    { Key: "0", Value: "zero" },
    { Key: "constructor", Value: "c" },
  ],
} as const;

/** The members of the send model's groups with a member list (and one who never is). */
export const SM = { owner: "h_owner", member: "h_m", outsider: "h_out" } as const;

/** What modify_group_member_info set on the sentinel's members. */
export const SENTINEL_MEMBER_INFO: Record<
  string,
  { NameCard: string; MsgFlag: string; AppMemberDefinedData: unknown[] }
> = {
  [S.admin]: { NameCard: "Boss ✓", MsgFlag: "AcceptNotNotify", AppMemberDefinedData: [{ Key: "level", Value: "9" }] },
  [S.members[0]]: {
    NameCard: "Ann 名片",
    MsgFlag: "Discard",
    AppMemberDefinedData: [
      { Key: "level", Value: "7" },
      { Key: "nick", Value: "" },
      { Key: "__proto__", Value: "p" },
    ],
  },
};

export async function must(command: string, body: unknown, o: CallOptions = {}): Promise<Answer> {
  const answer = await readAnswer(await rawCall(command, body, o), `setup ${command}`);
  if (answer.ErrorCode !== 0) throw new Error(`setup ${command} ${show(body)} failed: ${show(answer)}`);
  return answer;
}

/** The service of the topic commands (create_topic, get_topic, modify_topic, destroy_topic). */
export const TOPIC_SERVICE = "million_group_open_http_svc";
export const TOPICS: CallOptions = { service: TOPIC_SERVICE };
/** What separates a community's GroupId from the rest of a TopicId. */
export const TOPIC_MARK = "@TOPIC#_";
/** Every Community's GroupId starts so; `@TGS#` alone starts the generated IDs of the other types. */
export const COMMUNITY_PREFIX = "@TGS#_";
export const GENERATED_PREFIX = "@TGS#";
/** What a generated Community ID has after COMMUNITY_PREFIX: a custom one may not. */
export const GENERATED_COMMUNITY_PREFIX = "@TGS#_@TGS#";

/** Members of the playgrounds with a member list that stay members. */
export const PG_KEPT = ["pg_kept1", "pg_kept2"] as const;

export async function setupWorld(clock: TestClock): Promise<World> {
  const tag = crypto.randomUUID().slice(0, 8);
  const sentinel = { id: `fuzz-sentinel-${tag}`, name: "Sentinel ✓ 哨兵" };
  await must("create_group", {
    Type: "Public",
    Name: sentinel.name,
    GroupId: sentinel.id,
    Owner_Account: S.owner,
    ...SENTINEL_PROFILE,
    MemberList: [
      { Member_Account: S.admin, Role: "Admin" },
      ...S.members.map((m) => ({ Member_Account: m })),
      { Member_Account: S.muted, Role: "Member" },
    ],
  });
  clock.advance(1);
  await must("send_group_msg", {
    GroupId: sentinel.id,
    From_Account: S.members[0],
    Random: 7,
    MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "before" } }],
  });
  await must("forbid_send_msg", { GroupId: sentinel.id, Members_Account: [S.muted, S.ghost], MuteTime: PERMANENT });
  for (const [account, change] of Object.entries(SENTINEL_MEMBER_INFO)) {
    await must("modify_group_member_info", { GroupId: sentinel.id, Member_Account: account, ...change });
  }
  await must("modify_group_base_info", { GroupId: sentinel.id, MuteAllMember: "On" });
  clock.advance(1);
  await must("send_group_msg", {
    GroupId: sentinel.id,
    Random: 8,
    MsgBody: [{ MsgType: "TIMFaceElem", MsgContent: { Index: 3 } }],
    MsgPriority: "High",
    CloudCustomData: "cloud ✓",
  });
  // Online only: it takes MsgSeq 3, and the history answers a placeholder for it.
  await must("send_group_msg", {
    GroupId: sentinel.id,
    From_Account: "",
    Random: 9,
    OnlineOnlyFlag: 1,
    MsgBody: [{ MsgType: "TIMTextElem", MsgContent: { Text: "online only" } }],
  });

  const create = async (Type: string, extra: Record<string, unknown> = {}) => {
    // A Community's custom ID must start with @TGS#_.
    const GroupId = uniqueGroupId(`${Type === "Community" ? COMMUNITY_PREFIX : ""}fuzz-pg-${Type}`);
    await must("create_group", { Type, Name: `playground ${Type}`, GroupId, ...extra });
    return GroupId;
  };
  const members = [
    { Member_Account: "a" },
    { Member_Account: "pg_admin", Role: "Admin" },
    { Member_Account: "b" },
    // Members no generated request removes (delete_group_member names other accounts), for modify_group_member_info.
    ...PG_KEPT.map((Member_Account) => ({ Member_Account })),
  ];
  const playground = {
    public: await create("Public", { Owner_Account: "pg_owner", MemberList: members }),
    private: await create("Private", { Owner_Account: "pg_owner", MemberList: members }),
    av: await create("AVChatRoom", { Owner_Account: "pg_owner" }),
    b: await create("BChatRoom"),
    community: await create("Community", { MemberList: members }),
    topics: await create("Community", { Owner_Account: "pg_owner", MemberList: members, SupportTopic: 1 }),
  };
  await must("forbid_send_msg", { GroupId: playground.public, Members_Account: ["a"], MuteTime: 3600 });
  const topicIds = ["fz0", "fz1", "fz2", "fz3"].map((part) => `${playground.topics}${TOPIC_MARK}${part}`);
  for (const TopicId of topicIds.slice(0, -1)) {
    await must("create_topic", { GroupId: playground.topics, TopicId, TopicName: "playground" }, TOPICS);
  }
  await must("forbid_send_msg", {
    GroupId: playground.topics,
    TopicId: topicIds[0],
    Members_Account: ["a"],
    MuteTime: 3600,
  });
  const smMembers = [{ Member_Account: SM.member }];
  const sendModel = {
    public: await create("Public", { Owner_Account: SM.owner, MemberList: smMembers }),
    community: await create("Community", { Owner_Account: SM.owner, MemberList: smMembers }),
    av: await create("AVChatRoom", { Owner_Account: SM.owner }),
    b: await create("BChatRoom"),
  };
  const burst = await create("Public", { Owner_Account: SM.owner });

  const sigs: Sigs = {
    demoAdmin: await validSig(),
    demoSecondAdmin: await validSig(DEMO_APP.sdkappid, "second_admin"),
    secondAdmin: await validSig(SECOND_APP.sdkappid, SECOND_APP.admin, SECOND_APP.key),
    unlimitedAdmin: await validSig(UNLIMITED_APP.sdkappid, UNLIMITED_APP.admin, UNLIMITED_APP.key),
    expired: await sign({ time: 1_000_000_000, expire: 60 }),
    wrongKey: await sign({ key: "not-the-key-of-this-app", time: 0, expire: 4_000_000_000 }),
  };
  return {
    clock,
    sentinel,
    playground,
    topicIds,
    victims: [
      ...Array.from({ length: 6 }, (_, i) => `fuzz-victim-${tag}-${i}`),
      ...Array.from({ length: 2 }, (_, i) => `${COMMUNITY_PREFIX}fuzz-victim-${tag}-${i}`),
    ],
    absent: [`fuzz-absent-${tag}`, `@TGS#2FUZZ${tag.slice(0, 4).toUpperCase()}`, `fuzz-${"z".repeat(20)}-${tag}`],
    sendModel,
    burst,
    sigs,
  };
}

/** The sentinel's accounts, and others. */
export const SENTINEL_ACCOUNTS = [S.owner, S.admin, ...S.members, S.muted, S.ghost, "stranger", "S_OWNER"];

/** get_group_info of the sentinel with filters: some base fields, some custom keys, and an absent group. */
export const sentinelInfoFiltered = (world: World) => ({
  GroupIdList: [world.sentinel.id, world.absent[0], world.sentinel.id],
  ResponseFilter: {
    GroupBaseInfoFilter: ["Name", "ShutUpAllMember", "NextMsgSeq", "LastInfoTime", "MaxMemberNum", "Nope"],
    AppDefinedDataFilter_Group: ["topic", "unset_key", "0", "topic"],
  },
});
/** get_group_info of the sentinel with its member list. */
export const sentinelInfoMembers = (world: World) => ({
  GroupIdList: [world.sentinel.id],
  ResponseFilter: {
    MemberInfoFilter: ["Role", "NameCard", "ShutUpUntil", "MsgFlag", "Unknown"],
    AppDefinedDataFilter_GroupMember: [...APP_KEYS],
  },
});

/** Everything a caller can read of the sentinel. */
export async function snapshotSentinel(world: World): Promise<Record<string, Answer>> {
  const GroupId = world.sentinel.id;
  world.clock.advance(1);
  return {
    info: await must("get_group_info", { GroupIdList: [GroupId] }),
    infoFiltered: await must("get_group_info", sentinelInfoFiltered(world)),
    infoMembers: await must("get_group_info", sentinelInfoMembers(world)),
    members: await must("get_group_member_info", { GroupId }),
    membersLegacyFilter: await must("get_group_member_info", {
      GroupId,
      MemberInfoFilter: ["Role", "JoinTime", "ShutUpUntil"],
    }),
    // Every field, and the custom fields the fuzzing may set (the others read as "" too).
    membersAppData: await must("get_group_member_info", {
      GroupId,
      AppDefinedDataFilter_GroupMember: [...APP_KEYS.slice(0, 4), "unset_key"],
    }),
    membersByRole: await must("get_group_member_info", {
      GroupId,
      Limit: 2,
      Offset: 1,
      MemberRoleFilter: ["Admin", "Member"],
      MemberInfoFilter: ["NameCard", "MsgFlag", "Role"],
    }),
    specified: await must("get_specified_group_member_info", {
      GroupId,
      Member_List_Account: SENTINEL_ACCOUNTS,
      AppDefinedDataFilter_GroupMember: [...APP_KEYS],
    }),
    roles: await must("get_role_in_group", { GroupId, User_Account: SENTINEL_ACCOUNTS }),
    muted: await must("get_group_muted_account", { GroupId }),
    shutted: await must("get_group_shutted_uin", { GroupId }),
    history: await must("group_msg_get_simple", { GroupId, ReqMsgNumber: 20 }),
    historyPage: await must("group_msg_get_simple", { GroupId, ReqMsgNumber: 2, ReqMsgSeq: 2, WithRecalledMsg: 1 }),
    historyOverPage: await must("group_msg_get_simple", { GroupId, ReqMsgNumber: 21, ReqMsgSeq: 0 }),
  };
}

/**
 * A modify_group_base_info that succeeded at `time` without changing anything of the sentinel
 * still moves its LastInfoTime (Tencent's): the snapshot's get_group_info answers follow.
 */
export function touchSentinelInfo(snapshot: Record<string, Answer>, world: World, time: number): void {
  for (const answer of Object.values(snapshot)) {
    if (!Array.isArray(answer.GroupInfo)) continue;
    for (const entry of answer.GroupInfo as Record<string, unknown>[]) {
      if (entry.GroupId === world.sentinel.id && "LastInfoTime" in entry) entry.LastInfoTime = time;
    }
  }
}
