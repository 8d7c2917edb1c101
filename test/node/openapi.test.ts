/**
 * /openapi.json as a real `wrangler dev` serves it, checked by a validator of
 * OpenAPI documents (@seriousme/openapi-schema-validator: the 3.1 schema,
 * with every $ref resolved). ajv generates code, which workerd does not allow:
 * hence Node. What the document lists is tested in test/core/openapi.test.ts.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEMO_QUERY,
  killWranglerDev,
  startWranglerDev,
  type WranglerDev,
  waitUntilServing,
} from "../fixtures/wrangler-dev";

// Not the ranges of the other files here, which may run at the same time.
const PORT = 19100 + Math.floor(Math.random() * 50);
const persist = mkdtempSync(join(tmpdir(), "mute-openapi-"));
let dev: WranglerDev;

beforeAll(async () => {
  dev = startWranglerDev(PORT, persist);
  await waitUntilServing(dev, `http://127.0.0.1:${PORT}/v4/group_open_http_svc`, DEMO_QUERY);
}, 120_000);

afterAll(() => {
  killWranglerDev(dev);
  rmSync(persist, { recursive: true, force: true });
});

describe("/openapi.json under wrangler dev", () => {
  it("is a valid OpenAPI 3.1 document whose every $ref resolves", async () => {
    const response = await fetch(`http://127.0.0.1:${PORT}/openapi.json`);
    expect(response.status).toBe(200);
    const validator = new Validator();
    const result = await validator.validate((await response.json()) as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    const resolved = JSON.stringify(validator.resolveRefs());
    expect(resolved).not.toContain('"$ref"');
  });

  it("is served by the Worker: an API call beside it is still the API's", async () => {
    const response = await fetch(`http://127.0.0.1:${PORT}/v4/group_open_http_svc/get_group_info?${DEMO_QUERY}`, {
      method: "POST",
      body: '{"GroupIdList":["no-such-group"]}',
    });
    expect(await response.json()).toMatchObject({ ActionStatus: "OK", GroupInfo: [{ ErrorCode: 10010 }] });
  });
});
