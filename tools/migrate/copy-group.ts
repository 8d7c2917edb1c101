/**
 * Copies one group, step by step (state.ts's STEPS), each step safe to run
 * again after an interruption: the group is imported once (a 10021 that is our
 * own earlier import goes on), members import as "already a member" the second
 * time, a mute already in place is not applied again, and the messages resume
 * after the last batch the target took (messages.ts).
 */
import type { CopyContext } from "./context";
import { copyMessages } from "./messages";
import { type Member, must, type Profile, Refused, readMembers, readMuted, readProfile, readTopics } from "./read";
import { type GroupState, STEPS } from "./state";

/** Types that cannot be imported: made with create_group, without their past (Tencent's import refuses them too). */
const CREATED_TYPES = ["AVChatRoom", "BChatRoom"];
/** Types without a member list. */
const NO_MEMBER_LIST = ["AVChatRoom", "BChatRoom"];
/** import_group_member's most a call; forbid_send_msg's. */
const MEMBERS_A_CALL = 300;
const MUTES_A_CALL = 500;
const PERMANENT = 4294967295;

/** The steps after the profile, each a function of the group's profile and state. */
const WORK = {
  messages: copyMessages,
  members: copyMembers,
  mutes: copyMutes,
  muteAll: copyMuteAll,
} as const;

/**
 * Runs the steps of `groupId` from where its state stands to the end. A step
 * the target (or the source) refuses for good is an issue of the group, and the
 * next step runs; any other failure stops the group here, to resume next run.
 */
export async function copyGroup(ctx: CopyContext, groupId: string): Promise<void> {
  const g = ctx.store.group(groupId);
  if (g.step === "done") return;
  let profile: Profile | null;
  try {
    profile = await readProfile(ctx.source, groupId);
  } catch (error) {
    if (!(error instanceof Refused)) throw error;
    return finish(ctx, g, `the source refused to read it (${error.message}); not copied`);
  }
  if (profile === null) return finish(ctx, g, "gone from the source since it was listed; not copied");
  if (g.step === "profile") {
    if (!(await copyProfile(ctx, profile, g))) return finish(ctx, g);
    next(ctx, g, "messages");
  }
  for (const step of STEPS) {
    if (step === "profile" || step === "done" || step !== g.step) continue;
    try {
      await WORK[step](ctx, profile, g);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      g.issues.push(`${step}: ${error.message}; not copied`);
    }
    next(ctx, g, STEPS[STEPS.indexOf(step) + 1]!);
  }
}

function next(ctx: CopyContext, g: GroupState, step: GroupState["step"]): void {
  g.step = step;
  ctx.store.save();
}

function finish(ctx: CopyContext, g: GroupState, issue?: string): void {
  if (issue !== undefined) g.issues.push(issue);
  next(ctx, g, "done");
}

/** The profile fields import_group and create_group take, of those the source gave. */
function profileFields(p: Profile): Record<string, unknown> {
  return {
    Type: p.type,
    Name: p.name,
    GroupId: p.groupId,
    ...(p.owner === "" ? {} : { Owner_Account: p.owner }),
    ...(p.introduction === "" ? {} : { Introduction: p.introduction }),
    ...(p.notification === "" ? {} : { Notification: p.notification }),
    ...(p.faceUrl === "" ? {} : { FaceUrl: p.faceUrl }),
    ...(p.maxMemberNum > 0 && !NO_MEMBER_LIST.includes(p.type) ? { MaxMemberCount: p.maxMemberNum } : {}),
    ...(p.applyJoinOption === "" ? {} : { ApplyJoinOption: p.applyJoinOption }),
    ...(p.inviteJoinOption === "" ? {} : { InviteJoinOption: p.inviteJoinOption }),
    ...(p.appData.length === 0 ? {} : { AppDefinedData: p.appData }),
  };
}

/**
 * The group itself: import_group with its CreateTime (and SupportTopic), or
 * create_group for the types that cannot be imported. Answers whether the copy
 * goes on: a GroupId taken by another group in the target stops it.
 */
async function copyProfile(ctx: CopyContext, p: Profile, g: GroupState): Promise<boolean> {
  const created = CREATED_TYPES.includes(p.type);
  const body = profileFields(p);
  if (created) {
    if (p.lastSeq > 0 && p.type === "BChatRoom") {
      g.issues.push(
        `its ${p.lastSeq} messages are not copied: a BChatRoom cannot be imported, so its history starts now`,
      );
    }
  } else {
    body.CreateTime = p.createTime;
    if (p.type === "Community") {
      const topics = await readTopics(ctx.source, p.groupId);
      if (topics !== null) body.SupportTopic = 1;
      if (topics !== null && topics.length > 0) g.issues.push(`its ${topics.length} topics are not copied`);
    }
  }
  const command = created ? "create_group" : "import_group";
  const answer = await ctx.target.call(command, body);
  if (answer.ErrorCode === 0) return true;
  if (answer.ErrorCode !== 10021) {
    g.issues.push(`${command} refused it: ${answer.ErrorCode} ${answer.ErrorInfo}`);
    return false;
  }
  // Taken: our own import, if it was answered and the run stopped before it was recorded; someone else's otherwise.
  const there = await readProfile(ctx.target, p.groupId);
  const ours =
    there !== null &&
    there.type === p.type &&
    there.name === p.name &&
    there.owner === p.owner &&
    (created || there.createTime === p.createTime);
  if (!ours) g.issues.push("the GroupId is taken in the target by another group; not copied");
  return ours;
}

/** Members with their roles and join times; the owner came with the group. */
async function copyMembers(ctx: CopyContext, p: Profile, g: GroupState): Promise<void> {
  if (NO_MEMBER_LIST.includes(p.type)) return;
  const members = (await readMembers(ctx.source, p.groupId)).filter((m) => m.role !== "Owner");
  let failed: Member[] = [];
  for (let i = 0; i < members.length; i += MEMBERS_A_CALL) {
    const batch = members.slice(i, i + MEMBERS_A_CALL);
    const MemberList = batch.map((m) => ({
      Member_Account: m.account,
      ...(m.role === "Admin" ? { Role: "Admin" } : {}),
      ...(m.joinTime > 0 ? { JoinTime: m.joinTime } : {}),
    }));
    const answer = await must(ctx.target, "import_group_member", { GroupId: p.groupId, MemberList });
    const results = (answer.MemberList as { Member_Account: string; Result: number }[] | undefined) ?? [];
    const result = new Map(results.map((r) => [r.Member_Account, r.Result]));
    failed = [...failed, ...batch.filter((m) => result.get(m.account) === 0)];
    const copied = batch.length - batch.filter((m) => result.get(m.account) === 0).length;
    g.copied.members += copied;
    ctx.counted("members", copied);
  }
  if (failed.length > 0) {
    const some = failed.slice(0, 5).map((m) => `${m.account} (${m.joinTime})`);
    g.issues.push(
      `${failed.length} members not imported, their JoinTime before the group's CreateTime or after now: ` +
        `${some.join(", ")}${failed.length > 5 ? ", ..." : ""}`,
    );
  }
}

/** The mutes in force, for the time they have left and with their reasons; one already in place is left as it is. */
async function copyMutes(ctx: CopyContext, p: Profile, g: GroupState): Promise<void> {
  const mutes = await readMuted(ctx.source, p.groupId);
  if (mutes.length === 0) return;
  const there = new Map((await readMuted(ctx.target, p.groupId)).map((m) => [m.account, m]));
  const todo = mutes.filter((m) => {
    const t = there.get(m.account);
    return t === undefined || Math.abs(t.until - m.until) > 2 || t.reason !== m.reason;
  });
  // One call per end and reason (as the source muted them, mostly), at most 500 accounts each.
  const byEnd = new Map<string, string[]>();
  for (const m of todo) {
    const key = JSON.stringify([m.until, m.reason]);
    byEnd.set(key, [...(byEnd.get(key) ?? []), m.account]);
  }
  for (const [key, accounts] of byEnd) {
    const [until, reason] = JSON.parse(key) as [number, string];
    const left = until === PERMANENT ? PERMANENT : until - ctx.now();
    if (left <= 0) continue;
    for (let i = 0; i < accounts.length; i += MUTES_A_CALL) {
      const Members_Account = accounts.slice(i, i + MUTES_A_CALL);
      const body = {
        GroupId: p.groupId,
        Members_Account,
        MuteTime: left,
        ...(reason === "" ? {} : { Reason: reason }),
      };
      await must(ctx.target, "forbid_send_msg", body);
      g.copied.mutes += Members_Account.length;
      ctx.counted("mutes", Members_Account.length);
    }
  }
}

/** Mute-all, and the quiet hours where the source has them (this service's MuteAllSchedule). */
async function copyMuteAll(ctx: CopyContext, p: Profile, g: GroupState): Promise<void> {
  if (p.schedule.length > 0) {
    await must(ctx.target, "modify_group_base_info", { GroupId: p.groupId, MuteAllSchedule: p.schedule });
    if (p.muteAll) {
      g.issues.push(
        "MuteAllMember is On with quiet hours: copied as On, though the source may say On for an open window",
      );
    }
  }
  if (!p.muteAll) return;
  const there = await readProfile(ctx.target, p.groupId);
  if (there?.muteAll === true && p.schedule.length === 0) return;
  await must(ctx.target, "modify_group_base_info", { GroupId: p.groupId, MuteAllMember: "On" });
}
