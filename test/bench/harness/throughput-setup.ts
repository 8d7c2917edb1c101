/** The groups of the throughput scenarios, created and filled before anything is measured. */
import type { AppUrl } from "./apps";
import { accounts, fill, inParallel, mustOk } from "./kit";
import { wanted } from "./options";
import { MEMBERS_GROUP } from "./reads";

/** The Community of mute_topic: 100 topics, 1,000 mutes in each (100,000 in all). */
export const COMMUNITY = "@TGS#_bench-topics";

/** Every scenario's group (member_page's too), empty; FAST_APP's, and CALLBACK_APP's (`withCallback`). */
export async function createGroups(fast: AppUrl, withCallback: AppUrl): Promise<void> {
  for (const g of [
    "bench-one",
    "bench-500",
    "bench-100k",
    "bench-10k",
    "bench-expiry",
    "bench-side",
    "bench-send",
    "bench-send-quiet",
  ]) {
    await mustOk(fast("create_group"), { Type: "Public", Name: g, GroupId: g });
  }
  // 10,000 members: over the 6,000 a Public group holds (MaxMemberNum), within a Community's 100,000.
  await mustOk(fast("create_group"), { Type: "Community", Name: "members", GroupId: MEMBERS_GROUP });
  for (const g of ["bench-one-cb", "bench-expiry-cb", "bench-side-cb"]) {
    await mustOk(withCallback("create_group"), { Type: "Public", Name: g, GroupId: g });
  }
}

/** What the wanted scenarios read besides their target: mutes, topics, members, quiet hours, app-wide mutes. */
export async function fillGroups(fast: AppUrl, muted: AppUrl): Promise<void> {
  if (wanted("mute_in_100k")) await fill(fast("forbid_send_msg"), "bench-100k", 100_000, () => 3600);
  if (wanted("mute_topic")) await topicsCommunity(fast);
  if (wanted("send") || wanted("send_app_muted") || wanted("send_quiet")) await sendGroup(fast);
  if (wanted("send_quiet")) {
    // The same group with quiet hours: seven windows (one a weekday, in seven zones), none open now.
    await sendGroup(fast, "bench-send-quiet");
    const hour = (new Date().getUTCHours() + 12) % 24;
    const zones = ["UTC", "Asia/Shanghai", "Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/London", "UTC"];
    const at = (h: number) => `${String(h % 24).padStart(2, "0")}:00`;
    const windows = zones.map((TimeZone, i) => ({ Days: [i + 1], Start: at(hour), End: at(hour + 1), TimeZone }));
    await mustOk(fast("modify_group_base_info"), { GroupId: "bench-send-quiet", MuteAllSchedule: windows });
  }
  if (wanted("send_app_muted")) {
    // The same group in an app where 10,000 other accounts are muted app-wide.
    await mustOk(muted("create_group"), { Type: "Public", Name: "bench-send", GroupId: "bench-send" });
    await sendGroup(muted);
    const setMute = muted("setnospeaking", "openconfigsvr");
    await inParallel(10_000, 16, (i) =>
      mustOk(setMute, { Set_Account: `app-muted-${i}`, GroupmsgNospeakingTime: 3600 }),
    );
  }
}

async function topicsCommunity(url: AppUrl): Promise<void> {
  await mustOk(url("create_group"), { Type: "Community", Name: "topics", GroupId: COMMUNITY, SupportTopic: 1 });
  const create = url("create_topic", "million_group_open_http_svc");
  const forbid = url("forbid_send_msg");
  await inParallel(100, 4, async (t) => {
    const TopicId = `${COMMUNITY}@TOPIC#_t${t}`;
    await mustOk(create, { GroupId: COMMUNITY, TopicId, TopicName: `t${t}` });
    for (let c = 0; c < 2; c++) {
      await mustOk(forbid, { GroupId: COMMUNITY, TopicId, Members_Account: accounts(500, `m${c}-`), MuteTime: 3600 });
    }
  });
}

/** 1,000 members and 100,000 mutes of others: the send gate reads both tables. */
async function sendGroup(url: AppUrl, groupId = "bench-send"): Promise<void> {
  for (let c = 0; c < 2; c++) {
    await mustOk(url("add_group_member"), {
      GroupId: groupId,
      MemberList: accounts(500, `s${c}-`).map((a) => ({ Member_Account: a })),
    });
  }
  await fill(url("forbid_send_msg"), groupId, 100_000, () => 3600);
}
