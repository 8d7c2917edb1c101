import { z } from "zod";
import { accept, ErrorCode } from "../wire/errors";
import { account, muteReason, uint32 } from "../wire/fields";
import { defineCommand, type OwnCodes } from "./command";

/** The service of the app-wide settings commands, with codes of its own. */
export const CONFIG_SERVICE = "openconfigsvr";

const schema = z
  .object({
    Set_Account: account(),
    C2CmsgNospeakingTime: uint32().optional(),
    GroupmsgNospeakingTime: uint32().optional(),
    Reason: muteReason().optional(),
  })
  .superRefine((body, ctx) => {
    if (body.C2CmsgNospeakingTime === undefined && body.GroupmsgNospeakingTime === undefined) {
      ctx.addIssue({
        code: "custom",
        message: "give C2CmsgNospeakingTime or GroupmsgNospeakingTime (or both)",
        params: { code: ErrorCode.NO_TIME_GIVEN },
      });
    }
  });

const codes: OwnCodes = {
  notJson: ErrorCode.SETTING_BODY_NOT_JSON,
  internal: ErrorCode.SETTING_INTERNAL,
  field(name, missing) {
    if (name === "Set_Account") return missing ? ErrorCode.SET_ACCOUNT_MISSING : ErrorCode.SET_ACCOUNT_INVALID;
    // An extension field: Tencent has no code of its own for it.
    if (name === "Reason") return ErrorCode.INVALID_PARAMETER;
    return name === "C2CmsgNospeakingTime" ? ErrorCode.C2C_TIME_INVALID : ErrorCode.GROUP_TIME_INVALID;
  },
};

/**
 * An app-wide mute of one account, in seconds from now for each kind of
 * message: 0 lifts it, 4294967295 is permanent, a kind not given stays as it
 * is. A group message of a muted account is refused with 10017 in every group
 * of the app; the one-to-one mute is kept and reported (this service sends no
 * one-to-one messages).
 */
export const setNoSpeaking = defineCommand({
  service: CONFIG_SERVICE,
  name: "setnospeaking",
  summary: "Mutes one account in every group of the app (and one-to-one chats).",
  example: { Set_Account: "bob", GroupmsgNospeakingTime: 7200 },
  schema,
  codes,
  async run(input, ctx) {
    accept(
      await ctx.app().setMute(
        input.Set_Account,
        input.GroupmsgNospeakingTime ?? null,
        input.C2CmsgNospeakingTime ?? null,
        // A new setting replaces the reason: none given, none kept.
        input.Reason ?? "",
        ctx.identifier,
        ctx.clientIp,
      ),
    );
    if ((input.GroupmsgNospeakingTime ?? 0) > 0) ctx.appMuteSet(input.Set_Account);
    return {};
  },
});
