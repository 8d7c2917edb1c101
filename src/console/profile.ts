import { records, str } from "./api";
import { busy, fill, h, latest, section } from "./dom";
import type { GroupContext, Part } from "./group-context";
import { quietHours } from "./quiet-hours";

/** The group's profile (get_group_info), its mute-all switch and its quiet hours. */
export function profile(
  ctx: GroupContext,
  titled: (name: string) => void,
): Part & { quiet: HTMLElement; setMuteAll(on: boolean): void } {
  const facts = h("dl", { class: "facts" });
  const muteAll = h("button", { type: "button" }, "Mute all");
  const quiet = quietHours(ctx);
  const tickets = latest();
  let on = false;
  /** The "Mute all" fact, once the profile is shown. */
  let muteAllFact: HTMLElement | null = null;
  let reading = false;
  const showMuteAll = () => {
    if (muteAllFact !== null) muteAllFact.textContent = on ? "On" : "Off";
    muteAll.textContent = on ? "Turn mute-all off" : "Turn mute-all on";
  };

  const load = async (reset = false) => {
    const ticket = tickets.take();
    reading = true;
    try {
      const answer = await ctx.client.call("get_group_info", { GroupIdList: [ctx.groupId] });
      if (!ctx.alive() || !tickets.current(ticket)) return;
      reading = false;
      const info = records(answer, "GroupInfo")[0] ?? {};
      if (info.ErrorCode !== 0) {
        ctx.status.error(new Error(`get_group_info: ErrorCode ${str(info.ErrorCode)}, ${str(info.ErrorInfo)}`));
        return;
      }
      on = info.MuteAllMember === "On";
      const pairs: [string, string][] = [
        ["Name", str(info.Name)],
        ["Type", str(info.Type)],
        ["Owner", str(info.Owner_Account) || "none"],
        ["Members", str(info.MemberNum)],
      ];
      muteAllFact = h("dd", {});
      fill(facts, ...pairs.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]), h("dt", {}, "Mute all"), muteAllFact);
      showMuteAll();
      titled(str(info.Name));
      quiet.show(info.MuteAllSchedule, reset);
    } catch (error) {
      if (tickets.current(ticket)) reading = false;
      if (ctx.alive()) ctx.status.error(error);
    }
  };

  /** Mute-all switched (by a call or by quiet hours), heard on the live channel: shown with no read. */
  const setMuteAll = (value: boolean) => {
    if (reading) {
      void load();
      return;
    }
    on = value;
    showMuteAll();
  };

  muteAll.addEventListener("click", () =>
    busy(muteAll, async () => {
      const want = on ? "Off" : "On";
      try {
        await ctx.client.call("modify_group_base_info", { GroupId: ctx.groupId, MuteAllMember: want });
        ctx.status.info(`Mute all is ${want}.`);
        await ctx.changed();
      } catch (error) {
        ctx.status.error(error);
      }
    }),
  );

  return {
    el: section("Profile", 3, facts, h("div", { class: "actions" }, muteAll)),
    quiet: quiet.el,
    load,
    setMuteAll,
  };
}
