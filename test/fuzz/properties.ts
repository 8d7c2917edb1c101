/**
 * Property-based fuzzing of every command (fast-check), shared by the small slice that
 * `npm test` runs (fuzz-slice.test.ts) and the full run of `npm run test:fuzz` (fuzz-full.fuzz.ts).
 *
 * What every property checks, for every generated request:
 * - HTTP 200, a JSON content type, a JSON object body whose first keys are exactly
 *   ActionStatus, ErrorCode, ErrorInfo ("OK"/0/"" or "FAIL"/n/non-empty text, and a failure
 *   carries nothing else);
 * - an ErrorCode of the class the request deserves (never 10002, never a code of another class);
 * - the fields of an OK answer (get_group_info's entries by its ResponseFilter, the history's
 *   pages and placeholders, a message's MsgSeq and MsgDropReason, member lists, get_topic's
 *   entries by its ResponseFilter, destroy_topic's items, a generated GroupId or TopicId);
 * - and, per test, that a sentinel group (owner, admin, members, a full profile with custom
 *   fields, two permanent mutes, mute-all on, three messages) reads back exactly as before:
 *   generated requests reach it only when they are read-only, broken by construction,
 *   near-misses of its GroupId, or no-op writes. A no-op modify_group_base_info that succeeds
 *   still moves LastInfoTime (touchSentinelInfo), and only that.
 *
 * The models (create_group, modify_group_base_info, send_group_msg and history,
 * modify_group_member_info) read the groups they write before and after each case: exactly the
 * change is applied, and a refused call changes nothing. Bursts of sends made at once, to a
 * group or its topic and some followed by a restart of every object, take exactly the next
 * MsgSeqs, one each, and NextMsgSeq follows (the group commit stores a batch's MsgSeq once).
 *
 * Community topics: the four commands of million_group_open_http_svc have body properties of
 * their own, and a TopicId is one more field of forbid_send_msg, get_group_muted_account,
 * modify_group_member_info, send_group_msg and group_msg_get_simple (11000 on a group without
 * topics, 110003 for a topic the community does not have; the sentinel, a Public group, answers
 * 11000 to any). The create_group oracles know a Community's custom GroupId (@TGS#_..., 10015
 * else) and SupportTopic. A model of a Community with topics follows every scope's mutes and
 * mute-all through mutes, unmutes, destroys, re-creations and clock moves: each muted list answers
 * its own scope, and the send gate refuses (10017) exactly where a mute reaches.
 *
 * The extensions: a Reason (at most 256 bytes of well-formed text, "" allowed) is one more field
 * of forbid_send_msg, modify_group_member_info and setnospeaking (there 10004, where a bad field
 * before it keeps its 130xxx), answered with the mute in the muted lists, member info and
 * getnospeaking only where there is one; Escalate (exactly 1, alone) is one more field of
 * forbid_send_msg, answered 10004 as no demo app has a muteLadder; MuteAllSchedule (0 to 8 windows,
 * 10007 where the type cannot mute) is one more field of modify_group_base_info; get_group_mute_history has a
 * body property with the shape of its pages. The topic model follows reasons into the lists,
 * member info and the 10017's "muted for N more seconds: <reason>", and every case reads its
 * group's mute history, paged through Next, as exactly the entries the model expects, newest first.
 *
 * Recalls and owners: group_msg_recall (RecallRetList per distinct MsgSeq, 0 or 10030; recalled
 * messages answered by the history as IsPlaceMsg 2 only to WithRecalledMsg 1),
 * delete_group_msg_by_sender and change_group_owner have body properties on the playgrounds and
 * broken or no-op writes aimed at the sentinel; set_unread_msg_num answers 10003 to any valid body.
 *
 * The app level has properties of its own, outside the demo app where they write: any body of
 * get_appid_group_list, setnospeaking and getnospeaking gets the code of the brief's table (the
 * openconfigsvr commands their 130xxx codes) with ErrorInfo naming the field, by an oracle that
 * reads the raw body as the service must; a model of app-wide mutes (SECOND_APP) follows
 * getnospeaking's seconds left and the send gate's 10017 through clock moves; a model of the
 * directory (UNLIMITED_APP) pages get_appid_group_list through creates and destroys.
 *
 * Each case first moves the test clock one second, so the per-command rate budget
 * (200 calls/s) never answers 60007 here, and no group gets 40 messages in one second but in
 * the frequency-control model, which means to, and the topic model, whose Normal messages are
 * never dropped. Mutes of the sentinel are permanent, so moving the clock changes nothing of it.
 *
 * Failures print the counterexample in full, with fast-check's seed and path. To replay one,
 * add `seed: <seed>, path: "<path>"` to the fc.assert options in runProperty for a run of that
 * test alone (the groups the earlier properties created can still differ).
 */

import type { Property } from "./harness/property";

export { caseCount, mostRowsRead, takeCodeCounts } from "./harness/harness";
export type { FuzzContext } from "./harness/property";
export { setupWorld, snapshotSentinel } from "./harness/world";

import {
  getNoSpeakingBodyProperty,
  groupListBodyProperty,
  setNoSpeakingBodyProperty,
} from "./harness/app/body-properties";
import { appMuteModelProperty } from "./harness/app/mute-model";
import { bodyProperty } from "./harness/body-property";
import { directoryModelProperty } from "./harness/directory-model";
import { joinedListBodyProperty } from "./harness/joined/body";
import { joinedModelProperty } from "./harness/joined/model";
import { leniencyProperty } from "./harness/leniency";
import { framesProperty } from "./harness/live/property";
import { attrModelProperty } from "./harness/models/attrs";
import { banModelProperty } from "./harness/models/bans";
import { burstModelProperty } from "./harness/models/burst";
import { createModelProperty } from "./harness/models/create";
import { memberRoundTripProperty } from "./harness/models/member-round-trip";
import { modifyModelProperty } from "./harness/models/modify";
import { sendModelProperty } from "./harness/models/send";
import { sentinelModelProperty } from "./harness/models/sentinel-model";
import { togetherModelProperty } from "./harness/models/together";
import { queryProperty } from "./harness/query";
import { ALL_COMMANDS, rawBodyProperty, TOPIC_COMMANDS } from "./harness/raw-bodies";
import { sentinelReadProperty } from "./harness/sentinel/read-property";
import { sentinelWriteProperty } from "./harness/sentinel/write-property";
import { topicModelProperty } from "./harness/topic-model/property";
import { unreadBodyProperty } from "./harness/unread";

/** Every property. Each runs `ceil(base × weight)` cases; the weights add up to about 62. */
export const PROPERTIES: readonly Property[] = [
  ...[...ALL_COMMANDS, ...TOPIC_COMMANDS].map(bodyProperty),
  ...[
    "forbid_send_msg",
    "modify_group_base_info",
    "add_group_member",
    "delete_group_member",
    "modify_group_member_info",
    "send_group_msg",
    "destroy_group",
    "group_msg_recall",
    "delete_group_msg_by_sender",
    "change_group_owner",
    "import_group_member",
    "import_group_msg",
  ].map(sentinelWriteProperty),
  topicModelProperty,
  sentinelModelProperty,
  memberRoundTripProperty,
  createModelProperty,
  modifyModelProperty,
  sendModelProperty,
  burstModelProperty,
  togetherModelProperty,
  sentinelReadProperty,
  rawBodyProperty,
  queryProperty,
  groupListBodyProperty,
  joinedListBodyProperty,
  joinedModelProperty,
  setNoSpeakingBodyProperty,
  getNoSpeakingBodyProperty,
  appMuteModelProperty,
  directoryModelProperty,
  framesProperty,
  unreadBodyProperty,
  banModelProperty,
  attrModelProperty,
  leniencyProperty,
];

export const runsFor = (property: Property, base: number): number => Math.ceil(base * property.weight);
