import { describe, expect, it } from "vitest";
import { z } from "zod";
import { COMMAND_ROUTES } from "../../src/commands";

type Schema = Record<string, unknown>;

/** The JSON paths of every array in `schema` that has no maxItems. */
function unboundedArrays(schema: unknown, path: string, out: string[]): string[] {
  if (typeof schema !== "object" || schema === null) return out;
  const s = schema as Schema;
  if (s.type === "array" && typeof s.maxItems !== "number") out.push(path);
  for (const [key, value] of Object.entries(s)) {
    if (key === "properties" && typeof value === "object" && value !== null) {
      for (const [name, sub] of Object.entries(value)) unboundedArrays(sub, `${path}.${name}`, out);
    } else if (key === "items") {
      unboundedArrays(value, `${path}[]`, out);
    } else if (Array.isArray(value)) {
      for (const sub of value) unboundedArrays(sub, path, out);
    } else if (typeof value === "object") {
      unboundedArrays(value, path, out);
    }
  }
  return out;
}

describe("every request schema bounds its lists", () => {
  it("no command takes an array without a maximum length", () => {
    const unbounded = COMMAND_ROUTES.filter((r) => !r.legacy).flatMap((route) =>
      unboundedArrays(z.toJSONSchema(route.command.schema, { io: "input", unrepresentable: "any" }), route.name, []),
    );
    expect(unbounded).toEqual([]);
  });

  it("the check itself finds an array without a maximum", () => {
    const schema = z.object({ A: z.array(z.string()).max(3), B: z.object({ C: z.array(z.number()) }) });
    expect(unboundedArrays(z.toJSONSchema(schema), "x", [])).toEqual(["x.B.C"]);
  });
});
