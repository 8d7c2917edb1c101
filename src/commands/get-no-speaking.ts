import { z } from "zod";
import { accept, ErrorCode } from "../wire/errors";
import { account } from "../wire/fields";
import { defineCommand } from "./command";
import { CONFIG_SERVICE } from "./set-no-speaking";

/**
 * An account's app-wide mutes: the seconds left of each (0 none, 4294967295
 * permanent), as Tencent answers them (7200 set, 7196 four seconds later).
 */
export const getNoSpeaking = defineCommand({
  service: CONFIG_SERVICE,
  name: "getnospeaking",
  summary: "An account's app-wide mutes.",
  example: { Get_Account: "bob" },
  schema: z.object({ Get_Account: account() }),
  codes: {
    notJson: ErrorCode.SETTING_BODY_NOT_JSON,
    internal: ErrorCode.SETTING_INTERNAL,
    field: (_name, missing) => (missing ? ErrorCode.GET_ACCOUNT_MISSING : ErrorCode.GET_ACCOUNT_INVALID),
  },
  async run(input, ctx) {
    const left = accept(await ctx.app().muteLeft(input.Get_Account));
    return {
      C2CmsgNospeakingTime: left.c2c,
      GroupmsgNospeakingTime: left.group,
      // The Reason extension: only when one was given.
      ...(left.reason === "" ? {} : { Reason: left.reason }),
    };
  },
});
