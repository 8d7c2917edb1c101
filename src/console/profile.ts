import { records, str } from "./api";
import { busy, fill, h, latest, section } from "./dom";
import type { GroupContext, Part } from "./group-context";
import { quietHours } from "./quiet-hours";

/** The group's profile (get_group_info), its mute-all switch and its quiet hours. */
export function profile(ctx: GroupContext, titled: (name: string) => void): Part & { quiet: HTMLElement } {
  const facts = h("dl", { class: "facts" });
  const muteAll = h("button", { type: "button" }, "Mute all");
  const quiet = quietHours(ctx);
  const tickets = latest();
  let on = false;

  const load = async (reset = false) => {
    const ticket = tickets.take();
    try {
      const answer = await ctx.client.call("get_group_info", { GroupIdList: [ctx.groupId] });
      if (!ctx.alive() || !tickets.current(ticket)) return;
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
        ["Mute all", on ? "On" : "Off"],
      ];
      fill(facts, ...pairs.flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, v)]));
      muteAll.textContent = on ? "Turn mute-all off" : "Turn mute-all on";
      titled(str(info.Name));
      quiet.show(info.MuteAllSchedule, reset);
    } catch (error) {
      if (ctx.alive()) ctx.status.error(error);
    }
  };

  muteAll.addEventListener("click", () =>
    busy(muteAll, async () => {
      const want = on ? "Off" : "On";
      try {
        await ctx.client.call("modify_group_base_info", { GroupId: ctx.groupId, MuteAllMember: want });
        ctx.status.info(`Mute all is ${want}.`);
        await ctx.refresh();
      } catch (error) {
        ctx.status.error(error);
      }
    }),
  );

  return { el: section("Profile", 3, facts, h("div", { class: "actions" }, muteAll)), quiet: quiet.el, load };
}
