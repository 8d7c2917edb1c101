import { z } from "zod";
import { COMMAND_ROUTES, type CommandRoute } from "../commands";
import { ANSWER_EXTENSIONS } from "./answer-extensions";
import { ERROR_CODE_MEANINGS } from "./error-codes";

/**
 * GET /openapi.json: an OpenAPI 3.1 document of every command path the router
 * serves, its request schema converted from the very zod schema that validates
 * it (the input side: what a caller sends, before our transforms).
 */

type JsonSchema = Record<string, unknown>;

const SERVICES: Readonly<Record<string, string>> = {
  group_open_http_svc: "Groups, members, mutes and messages (Tencent's group service)",
  million_group_open_http_svc: "Community topics (Tencent's)",
  openconfigsvr: "App-wide mutes (Tencent's global mute settings)",
  group_open_attr_http_svc: "Group attributes: get_group_attr (Tencent's; the writes are in group_open_http_svc)",
};

const param = (name: string, required: boolean, schema: JsonSchema, description: string) => ({
  name,
  in: "query",
  required,
  schema,
  description,
});
const decimal = { type: "string", pattern: "^\\d{1,10}$" };

const QUERY_PARAMETERS = {
  sdkappid: param("sdkappid", true, decimal, "The app's SDKAppID (decimal, at most 4294967295)"),
  identifier: param("identifier", true, { type: "string", minLength: 1 }, "An admin account of the app"),
  random: param("random", true, decimal, "Any decimal uint32, new for each call"),
  contenttype: param("contenttype", false, { type: "string", enum: ["json"] }, "json, when given"),
};

const codes = Object.entries(ERROR_CODE_MEANINGS).map(([code, meaning]) => ({
  const: Number(code),
  description: meaning,
}));

/** Every answer is HTTP 200 with this envelope; a command adds its own fields beside it. */
const ENVELOPE: JsonSchema = {
  type: "object",
  required: ["ActionStatus", "ErrorCode", "ErrorInfo"],
  properties: {
    ActionStatus: { type: "string", enum: ["OK", "FAIL"] },
    ErrorCode: { $ref: "#/components/schemas/ErrorCode" },
    ErrorInfo: { type: "string", description: "Empty when OK; else what was wrong, naming the field" },
  },
  additionalProperties: true,
};

/** The request schema as JSON Schema, without the `$schema` line (OpenAPI 3.1's dialect is the same). */
function requestSchema(route: CommandRoute): JsonSchema {
  const { $schema: _, ...schema } = z.toJSONSchema(route.command.schema, { io: "input", unrepresentable: "any" });
  return schema;
}

function operation(route: CommandRoute): JsonSchema {
  const { command } = route;
  const extraAnswer = ANSWER_EXTENSIONS[route.name];
  const envelope = { $ref: "#/components/schemas/Envelope" };
  return {
    operationId: route.name,
    summary: command.summary,
    ...(route.legacy ? { description: `The legacy name of ${command.name}; answers use legacy field names.` } : {}),
    tags: [route.service],
    ...(route.legacy ? { deprecated: true } : {}),
    ...(command.extension ? { "x-extension": true } : {}),
    parameters: Object.keys(QUERY_PARAMETERS).map((name) => ({ $ref: `#/components/parameters/${name}` })),
    requestBody: {
      required: true,
      content: { "application/json": { schema: requestSchema(route), example: command.example } },
    },
    responses: {
      "200": {
        description: "The envelope: ActionStatus OK and ErrorCode 0 with the command's fields, or FAIL with the code",
        content: {
          "application/json": { schema: extraAnswer === undefined ? envelope : { allOf: [envelope, extraAnswer] } },
        },
      },
    },
  };
}

function buildDocument(): JsonSchema {
  return {
    openapi: "3.1.0",
    info: {
      title: "Group mute service",
      version: "v4",
      description:
        "Tencent Cloud IM's group REST API (forbid_send_msg and friends) on Cloudflare Workers. Fields and " +
        "commands marked x-extension are ours, beyond Tencent's; a caller who does not use them sees Tencent's API.",
    },
    servers: [{ url: "/" }],
    tags: Object.entries(SERVICES).map(([name, description]) => ({ name, description })),
    security: [{ UserSig: [] }],
    paths: Object.fromEntries(
      COMMAND_ROUTES.map((route) => [`/v4/${route.service}/${route.name}`, { post: operation(route) }]),
    ),
    components: {
      securitySchemes: {
        UserSig: {
          type: "apiKey",
          in: "query",
          name: "usersig",
          description: "A UserSig v2 of the identifier, made with the app's key (HMAC-SHA256)",
        },
      },
      parameters: QUERY_PARAMETERS,
      schemas: { Envelope: ENVELOPE, ErrorCode: { type: "integer", oneOf: codes } },
    },
  };
}

let served: string | undefined;

/** The document as JSON, built on the first request of an isolate. */
export function openApiJson(): string {
  served ??= JSON.stringify(buildDocument());
  return served;
}
