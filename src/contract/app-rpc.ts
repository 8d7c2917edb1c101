import type { Done, Outcome } from "../wire/errors";
import type { GroupType } from "../wire/vocabulary";
import type { MaybePromise } from "./group-rpc";

/**
 * What the Worker and the group objects may ask of an app's object (AppObject,
 * src/app/), and what each call answers. The commands hold an AppStub, typed by
 * this interface, never the class; the class `implements` it, so that the
 * compiler keeps the two equal.
 */
export interface AppRpc {
  /**
   * Admits one call of `command` at `rate` calls per second; with a sender
   * (send_group_msg's From_Account), also reads its app-wide mute on the same hop.
   */
  admit(command: string, rate: number, sender?: AdmissionSender): MaybePromise<Outcome<Admission>>;
  /**
   * Renews a Worker isolate's lease of `command`'s budget (docs/design.md, "Leases"): the isolate
   * admits calls from it without a hop. Asked off a call's path, except by an isolate holding none.
   */
  lease(command: string, rate: number, request: LeaseRequest): MaybePromise<Outcome<LeaseGrant>>;
  /**
   * Until when `sender`'s group messages are refused app-wide (0: they are not), for a send whose
   * admission did not read it; when they are not, for how long the isolate may take it as read
   * (`promiseMs`, a promise setnospeaking waits for, as LeaseGrant's).
   */
  groupMuteOf(sender: string): MaybePromise<Outcome<{ until: number; reason: string; promiseMs: number }>>;
  /** One page of get_appid_group_list. */
  listGroups(after: number, limit: number, kind: string | null): MaybePromise<Outcome<DirectoryPage>>;
  /** A group tells that it exists (create_group, or its first start after the directory was added). */
  register(groupId: string, type: GroupType, incarnation: number): MaybePromise<Done>;
  /** A group tells that its life `incarnation` ended (destroy_group). */
  unregister(groupId: string, incarnation: number): MaybePromise<Done>;
  /**
   * setnospeaking: null leaves a kind as it is, 0 lifts it, 4294967295 is permanent. `operator`
   * and `clientIp`: the calling admin and its IP, as the change's event tells them.
   */
  setMute(
    account: string,
    groupSeconds: number | null,
    c2cSeconds: number | null,
    reason?: string | null,
    operator?: string,
    clientIp?: string,
  ): MaybePromise<Done>;
  /** getnospeaking: the seconds left of each kind. */
  muteLeft(account: string): MaybePromise<Outcome<AppMuteLeft>>;
}

/** An app's object as the Worker holds it: each method of AppRpc, answering a promise. */
export type AppStub = Rpc.Provider<AppRpc>;

/**
 * What a direct admission of one call answers (an isolate holding no lease token, a live connect,
 * a socket's send): whether it fits the app's rate, and (when the call names a sender) until when
 * that sender's group messages are refused app-wide (0 when they are not), on the same hop. A
 * sender not read yet (a large body, admitted before it is parsed) gets `senderMayBeMuted`: true
 * when any app-wide mute is in force.
 */
export type Admission =
  | { admitted: false }
  | { admitted: true; groupMutedUntil: number; groupMuteReason: string; senderMayBeMuted: boolean };

/** The sender of an admission: an account, none (null), or one the body will name but is not read yet. */
export type AdmissionSender = string | null | { pending: true };

/** An isolate's renewal of its lease of one command's budget. */
export interface LeaseRequest {
  /** The lease's holder: one per isolate, app and command (random, never reused). */
  holder: string;
  /** Tokens of its lease the holder has not spent (still valid when asked). */
  unspent: number;
  /** Tokens it would like more (half a second of its recent calls). */
  want: number;
  /** A send_group_msg lease: may its sends skip the sender's app-wide mute? (see LeaseGrant.promiseMs) */
  promise: boolean;
}

/** What a renewal grants; the holder counts every time from when it sent the request. */
export interface LeaseGrant {
  /** New tokens; with the unspent ones they may be spent for `ttlMs`. */
  granted: number;
  ttlMs: number;
  /** When none could be granted, in how many ms one will be (0 otherwise). */
  retryInMs: number;
  /**
   * For `promise` requests: for how many ms the holder may send without reading the sender's
   * app-wide mute, because none is in force and setnospeaking waits for this promise to end.
   * 0: read it.
   */
  promiseMs: number;
}

/** One page of the directory. */
export interface DirectoryPage {
  /** Groups of the filter, whatever the page. */
  total: number;
  /** GroupIdList as UTF-8 JSON, `[{"GroupId": ...}, ...]`: as bytes, cheaper over RPC and into the body than text. */
  idsJson: Uint8Array;
  /** The cursor of the next page; 0 when this is the last. */
  next: number;
}

/** What getnospeaking answers: seconds left of each kind of mute; 0 none, 4294967295 permanent. */
export interface AppMuteLeft {
  group: number;
  c2c: number;
  /** The Reason extension: why ("" when none). */
  reason: string;
}
