import { abortAllDurableObjects, runInDurableObject } from "cloudflare:test";
import { beforeEach, describe, expect, it } from "vitest";
import { APP_MIGRATIONS } from "../../src/app/schema";
import { appStub, call, createGroup, listedGroups, OK, useTestClock } from "../helpers";

beforeEach(() => {
  useTestClock();
});

const LATEST = APP_MIGRATIONS.at(-1)!.version;
const version = () =>
  runInDurableObject(
    appStub(),
    (_i, s) => s.storage.sql.exec<{ version: number }>("SELECT version FROM schema_version").one().version,
  );

describe("the app object's schema", () => {
  it("a later migration runs once at the next start, keeping the directory and the app-wide mutes", async () => {
    const g = await createGroup();
    const config = { service: "openconfigsvr" };
    expect(await call("setnospeaking", { Set_Account: "kept", GroupmsgNospeakingTime: 600 }, config)).toEqual(OK);
    expect(await version()).toBe(LATEST);
    const groups = await listedGroups();

    APP_MIGRATIONS.push({
      version: LATEST + 1,
      sql: "ALTER TABLE app_mutes ADD COLUMN note TEXT NOT NULL DEFAULT ''",
    });
    try {
      await abortAllDurableObjects();
      expect(await listedGroups()).toEqual(groups);
      expect(groups).toContain(g);
      expect(await call("getnospeaking", { Get_Account: "kept" }, config)).toEqual({
        ...OK,
        C2CmsgNospeakingTime: 0,
        GroupmsgNospeakingTime: 600,
      });
      expect(await version()).toBe(LATEST + 1);
    } finally {
      APP_MIGRATIONS.pop();
    }
  });
});
