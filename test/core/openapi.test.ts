import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { COMMAND_ROUTES } from "../../src/commands";
import worker from "../../src/index";
import { ErrorCode } from "../../src/wire/errors";
import { rawCall, useTestClock } from "../helpers";

beforeEach(() => void useTestClock());

// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON document, walked freely by the assertions
type Json = Record<string, any>;

async function openApi(): Promise<{ response: Response; doc: Json }> {
  const response = await worker.fetch(new Request("https://im.example.test/openapi.json"), env);
  return { response, doc: (await response.clone().json()) as Json };
}

/** Every property name marked x-extension anywhere under `node`, with the path it was found at. */
function extensionMarks(node: unknown, path: string, out: string[]): string[] {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) extensionMarks(item, `${path}[${i}]`, out);
  } else if (node !== null && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (value !== null && typeof value === "object" && (value as Json)["x-extension"] === true) {
        out.push(`${path}.${key}`);
      }
      extensionMarks(value, `${path}.${key}`, out);
    }
  }
  return out;
}

describe("GET /openapi.json", () => {
  it("answers an OpenAPI 3.1 document as JSON that any origin may read", async () => {
    const { response, doc } = await openApi();
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.servers).toEqual([{ url: "/" }]);
  });

  it("has one POST operation for every path the router serves, legacy names deprecated, and no other", async () => {
    const { doc } = await openApi();
    const expected = COMMAND_ROUTES.map((r) => `/v4/${r.service}/${r.name}`);
    expect(Object.keys(doc.paths).sort()).toEqual([...expected].sort());
    for (const route of COMMAND_ROUTES) {
      const op = doc.paths[`/v4/${route.service}/${route.name}`].post;
      expect(op.operationId).toBe(route.name);
      expect(op.tags).toEqual([route.service]);
      expect(doc.tags.map((t: Json) => t.name)).toContain(route.service);
      expect(op.deprecated === true).toBe(route.legacy);
      expect(op.summary.length).toBeGreaterThan(10);
    }
    expect(COMMAND_ROUTES.filter((r) => r.legacy).map((r) => r.name)).toEqual(["get_group_shutted_uin"]);
  });

  it("lists only commands the router knows: each path is answered by its command, not 10003", async () => {
    const { doc } = await openApi();
    for (const path of Object.keys(doc.paths)) {
      const [, , service, command] = path.split("/");
      const answer = (await (await rawCall(command!, {}, { service })).json()) as Json;
      expect(answer.ErrorCode, path).not.toBe(ErrorCode.UNKNOWN_COMMAND);
    }
    const unknown = (await (await rawCall("no_such_command", {})).json()) as Json;
    expect(unknown.ErrorCode).toBe(ErrorCode.UNKNOWN_COMMAND);
  });

  it("gives each command an example body that its own schema accepts", async () => {
    const { doc } = await openApi();
    for (const route of COMMAND_ROUTES) {
      const body = doc.paths[`/v4/${route.service}/${route.name}`].post.requestBody.content["application/json"];
      expect(body.example, route.name).toEqual(route.command.example);
      const parsed = route.command.schema.safeParse(body.example);
      expect(parsed.success, `${route.name}: ${parsed.error?.message}`).toBe(true);
    }
  });

  it("converts the validating zod schema: fields, required ones, limits", async () => {
    const { doc } = await openApi();
    const schema = doc.paths["/v4/group_open_http_svc/forbid_send_msg"].post.requestBody.content["application/json"]
      .schema as Json;
    expect(schema.type).toBe("object");
    expect(schema.required).toEqual(["GroupId", "Members_Account"]);
    expect(Object.keys(schema.properties)).toEqual([
      "GroupId",
      "Members_Account",
      "MuteTime",
      "ShutUpTime",
      "TopicId",
      "Reason",
      "Escalate",
    ]);
    expect(schema.properties.Members_Account).toMatchObject({ type: "array", minItems: 1, maxItems: 500 });
    expect(schema.properties.MuteTime).toEqual({ type: "integer", minimum: 0, maximum: 4294967295 });
    expect(schema.$schema).toBeUndefined();
  });

  it("marks exactly our extensions x-extension: true, and no field of Tencent's", async () => {
    const { doc } = await openApi();
    const marks = extensionMarks(doc.paths, "", []).map((p) => p.replace(/\.post\..*\.properties\./, " "));
    expect(marks.sort()).toEqual(
      [
        "./v4/group_open_http_svc/forbid_send_msg Reason",
        "./v4/group_open_http_svc/forbid_send_msg Escalate",
        "./v4/group_open_http_svc/modify_group_member_info Reason",
        "./v4/openconfigsvr/setnospeaking Reason",
        "./v4/group_open_http_svc/modify_group_base_info MuteAllSchedule",
        "./v4/group_open_http_svc/get_group_mute_history.post",
        "./v4/group_open_http_svc/get_group_muted_account Reason",
        "./v4/group_open_http_svc/get_group_shutted_uin Reason",
        "./v4/group_open_http_svc/get_group_member_info Reason",
        "./v4/group_open_http_svc/get_specified_group_member_info Reason",
        "./v4/openconfigsvr/getnospeaking Reason",
        "./v4/group_open_http_svc/get_group_info MuteAllSchedule",
        "./v4/group_open_http_svc/get_group_info UndeliveredCallbacks",
        "./v4/group_open_http_svc/import_group_msg CloudCustomData",
      ].sort(),
    );
  });

  it("describes the query parameters, the UserSig and every error code", async () => {
    const { doc } = await openApi();
    expect(Object.keys(doc.components.parameters)).toEqual(["sdkappid", "identifier", "random", "contenttype"]);
    expect(doc.components.securitySchemes.UserSig).toMatchObject({ type: "apiKey", in: "query", name: "usersig" });
    const described = doc.components.schemas.ErrorCode.oneOf.map((c: Json) => c.const).sort();
    expect(described).toEqual(Object.values(ErrorCode).sort());
    expect(doc.components.schemas.Envelope.required).toEqual(["ActionStatus", "ErrorCode", "ErrorInfo"]);
  });

  it("is refused with 60002 for another method, as any path but the API's", async () => {
    const response = await worker.fetch(new Request("https://im.example.test/openapi.json", { method: "POST" }), env);
    expect(await response.json()).toMatchObject({ ActionStatus: "FAIL", ErrorCode: 60002 });
  });
});
