import { clock } from "../clock";
import type { GroupSpec } from "../contract/group-rpc";
import { appObjectName } from "../contract/object-names";
import { log } from "../log";
import { CALLBACK_DELIVERY } from "../scheduler/outbox";
import { takeRows } from "../sql";
import { type Done, ErrorCode, type Outcome, refuse } from "../wire/errors";
import type { Role } from "../wire/vocabulary";
import { type GroupCore, NOT_FOUND } from "./core";
import { DIRECTORY_RETRY_MS, DIRECTORY_SYNC, type DirectoryChange } from "./directory-sync";
import type { JoinedTelling } from "./joined";
import { activatedByMessage, JOINED_RETRY_MS, JOINED_SYNC } from "./joined-sync";
import { hasNoMemberCeiling, mergeAppData, profileDefaults, whyFull } from "./profile";
import { whyNotProfile } from "./profile-ops";
import { migrate } from "./schema";

/**
 * A group's birth and end (create_group, destroy_group), and what the app's
 * directory must learn of them: written with the group, told to the app object
 * before answering, and retried by the alarm when that fails (DirectorySync).
 */
export class Lifecycle {
  constructor(
    private readonly g: GroupCore,
    private readonly joined: JoinedTelling,
  ) {}

  /** Creates the group, and tells the app's directory before answering. */
  async create(spec: GroupSpec): Promise<Outcome<{ groupId: string }>> {
    const g = this.g;
    if (g.profile() !== null) return refuse(ErrorCode.GROUP_ID_TAKEN, `GroupId ${spec.groupId} is already taken`);
    const why = whyNotProfile(spec.type, spec.profile, new Map());
    if (why !== null) return refuse(ErrorCode.INVALID_PARAMETER, why);
    // import_group's CreateTime: the group, its owner's join and its last change are dated then.
    const now = spec.createTime ?? clock.nowSeconds();
    const d = profileDefaults(spec.type);
    const c = spec.profile;
    const maxMembers = hasNoMemberCeiling(spec.type) ? 0 : (c.maxMemberNum ?? d.maxMemberNum);
    const initialCount = new Set([...(spec.owner === "" ? [] : [spec.owner]), ...spec.members.map((m) => m.account)])
      .size;
    const full = whyFull(initialCount, maxMembers);
    if (full !== null) return refuse(ErrorCode.GROUP_FULL, `MemberList: ${full}`);
    const change: DirectoryChange = {
      action: "register",
      groupId: spec.groupId,
      type: spec.type,
      incarnation: clock.nowMs(),
    };
    g.writeWithSchedule(() => {
      migrate(g.ctx.storage);
      g.sql.exec(
        `INSERT INTO profile (id, group_id, type, name, owner, created, introduction, notification, face_url,
           max_member_num, apply_join_option, invite_join_option, mute_all, app_data, last_info_time, incarnation,
           support_topic, sdkappid)
         VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        spec.groupId,
        spec.type,
        spec.name,
        spec.owner,
        now,
        c.introduction ?? "",
        c.notification ?? "",
        c.faceUrl ?? "",
        maxMembers,
        c.applyJoinOption ?? d.applyJoinOption,
        c.inviteJoinOption ?? d.inviteJoinOption,
        c.muteAll === true ? 1 : 0,
        JSON.stringify([...mergeAppData(new Map(), c.appData)]),
        now,
        change.incarnation,
        spec.supportTopic ? 1 : 0,
        g.knownSdkappid(),
      );
      const initial: { account: string; role: Role }[] = [];
      if (spec.owner !== "") initial.push({ account: spec.owner, role: "Owner" });
      for (const m of spec.members) if (m.account !== spec.owner) initial.push(m);
      // A new life for the joined-group index first: the members added next are marked in it.
      g.joined.begin({
        groupId: spec.groupId,
        incarnation: change.incarnation,
        type: spec.type,
        active: !activatedByMessage(spec.type),
        topics: spec.supportTopic,
        alive: true,
        sdkappid: g.knownSdkappid(),
      });
      if (g.joined.pending()) g.scheduler.dueBy(JOINED_SYNC, clock.nowMs() + JOINED_RETRY_MS);
      g.countMembers(g.members.add(initial, now).size);
      g.directory.write(change);
      g.scheduler.dueBy(DIRECTORY_SYNC, clock.nowMs() + DIRECTORY_RETRY_MS);
    });
    await this.syncDirectory(change);
    await this.joined.tell();
    return { groupId: spec.groupId };
  }

  /**
   * Wipes the group: its rows and alarm, all but the change the directory must
   * learn (written in the same transaction); once the directory took it, the
   * storage goes too. Its GroupId can be created again at once.
   */
  async destroy(): Promise<Done> {
    const g = this.g;
    const p = g.profile();
    if (p === null) return refuse(ErrorCode.GROUP_NOT_FOUND, NOT_FOUND);
    // Mutes accepted before the destroy happen before it and get their answer; then the schedule goes.
    g.scheduler.clear();
    g.mutes.forgetLists();
    const change: DirectoryChange = {
      action: "unregister",
      groupId: p.group_id,
      type: p.type,
      incarnation: p.incarnation,
    };
    g.writeWithSchedule(() => {
      for (const table of groupTables(g.sql)) g.sql.exec(`DROP TABLE "${table}"`);
      g.sql.exec(`DELETE FROM schedule`);
      g.directory.write(change);
      g.scheduler.dueBy(DIRECTORY_SYNC, clock.nowMs() + DIRECTORY_RETRY_MS);
      g.joined.destroyed();
      if (g.joined.pending()) g.scheduler.dueBy(JOINED_SYNC, clock.nowMs() + JOINED_RETRY_MS);
      // Events written before the destroy are still delivered.
      const undelivered = g.outbox.nextDue();
      if (undelivered !== null) g.scheduler.dueBy(CALLBACK_DELIVERY, undelivered);
    });
    g.profileRow = null;
    g.topics.forget();
    const synced = await this.syncDirectory(change);
    await this.joined.tell();
    const told = synced && g.directory.pending() === null && !g.joined.pending();
    if (told && g.profile() === null && g.outbox.count() === 0) {
      // Nothing is left to tell or to keep. On SQLite storage deleteAll() completes synchronously.
      g.scheduler.clear();
      await g.ctx.storage.deleteAll();
    }
    return {};
  }

  /**
   * Tells the directory `change` now. Answers whether it took it; if not, the
   * change stays pending and the alarm retries it (the caller's answer does
   * not depend on it: the group's own write is done).
   */
  private async syncDirectory(change: DirectoryChange): Promise<boolean> {
    try {
      await this.tellApp(change);
    } catch (error) {
      log.fault("directory_sync_failed", error, { group: change.groupId, action: change.action });
      return false;
    }
    this.g.directory.settle(change);
    if (this.g.directory.pending() === null) this.g.scheduler.cancel(DIRECTORY_SYNC);
    return true;
  }

  /** One call to the app object's directory; throws when it did not take the change. */
  async tellApp(change: DirectoryChange): Promise<void> {
    const env = this.g.env;
    const app = env.APP_OBJECTS.get(env.APP_OBJECTS.idFromName(appObjectName(this.g.knownSdkappid())));
    const done =
      change.action === "register"
        ? await app.register(change.groupId, change.type, change.incarnation)
        : await app.unregister(change.groupId, change.incarnation);
    this.g.adoptRows(takeRows(done));
    if (done.refused !== undefined) throw new Error(`the app object refused: ${done.info}`);
  }
}

/**
 * The group's tables: all but the schedule and what the directory, the
 * joined-group index and the receiver must still learn (they outlive a destroy
 * until told), and the runtime's own.
 */
function groupTables(sql: SqlStorage): string[] {
  return sql
    .exec<{ name: string }>(
      `SELECT name FROM sqlite_master WHERE type = 'table'
         AND name NOT IN ('schedule', 'directory_sync', 'joined_pending', 'joined_sync_group', 'outbox')
         AND substr(name, 1, 4) <> '_cf_'
         AND name NOT LIKE 'sqlite%'`,
    )
    .toArray()
    .map((row) => row.name);
}
