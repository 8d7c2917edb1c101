import type { Done, Outcome } from "../wire/errors";
import type { GroupType } from "../wire/vocabulary";
import type { MaybePromise } from "./group-rpc";

/**
 * What the groups and the Worker may ask of one shard of an app's joined-group
 * index (JoinedIndex, src/joined/): which groups each account of the shard is
 * in. The groups keep it (src/group/joined-sync.ts); get_joined_group_list
 * reads it. Typed stubs only, as for the other objects.
 */
export interface JoinedRpc {
  /** A group's change for the accounts of this shard, or (no accounts) its group-wide state alone. */
  apply(change: JoinedChange): MaybePromise<Done>;
  /** One page of `account`'s groups. */
  page(account: string, q: JoinedQuery): MaybePromise<Outcome<JoinedPage>>;
}

export type JoinedStub = Rpc.Provider<JoinedRpc>;

/**
 * What a group tells a shard. State, not steps: each account's membership as
 * the group has it now, so that telling twice, or a later state after an
 * earlier one, is harmless. `incarnation` orders the lives of one GroupId.
 */
export interface JoinedChange {
  groupId: string;
  /** The ms of the group's create_group. */
  incarnation: number;
  type: GroupType;
  /** False for a Private (Work) group no message was sent in yet: Tencent's "not activated". */
  active: boolean;
  /** A Community with topics (SupportTopic 1). */
  topics: boolean;
  /** False once the group is destroyed: every row of this life (and older) goes. */
  alive: boolean;
  /** [account, JoinTime] for a member, [account, null] for one that is not (any more). */
  accounts: [string, number | null][];
}

/** Which of an account's groups a page holds. */
export interface JoinedQuery {
  /** The listed type (Work as Private, Meeting as ChatRoom), or null for all. */
  kind: string | null;
  /** WithHugeGroups: AVChatRoom and BChatRoom too. */
  huge: boolean;
  /** WithNoActiveGroups: Private groups not activated yet too. */
  inactive: boolean;
  /** SupportTopic: only Communities with topics. */
  topicsOnly: boolean;
  offset: number;
  limit: number;
}

export interface JoinedPage {
  /** The account's groups of the query, whatever the page. */
  total: number;
  /** The page's GroupIds, in listing order: the latest joined first, then by GroupId (descending). */
  groupIds: string[];
}
