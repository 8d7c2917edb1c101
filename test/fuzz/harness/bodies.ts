/**
 * Bodies from specs: a valid body, a body broken by construction, the call, and the checks of an OK
 * answer.
 */

import fc from "fast-check";
import { type Answer, type CallOptions, rawCall } from "../../helpers";
import { badGroupId } from "./arbitraries/ids";
import { fieldJunk, junk, junkKey } from "./arbitraries/junk";
import { INVALID } from "./codes";
import { PropertyFailure, readAnswer, show } from "./harness";
import { type CommandSpec, type Field, isObject } from "./specs/spec";
import type { World } from "./world";

export type Attr = { key: string; value: string };

export const ABSENT = Symbol("absent");

/** A value for one field: mostly good, sometimes bad, junk or absent. */
export const fieldValue = (good: fc.Arbitrary<unknown>, bad: fc.Arbitrary<unknown>) =>
  fc.oneof(
    { weight: 6, arbitrary: good },
    { weight: 2, arbitrary: bad },
    { weight: 1, arbitrary: fieldJunk },
    { weight: 1, arbitrary: fc.constant<unknown>(ABSENT) },
  );

const specFields = (spec: CommandSpec): Field[] =>
  spec.name === "get_group_info"
    ? spec.fields
    : [
        {
          name: "GroupId",
          good: spec.groupIds,
          bad: spec.badGroupId ?? badGroupId,
          optional: spec.name === "create_group",
        },
        ...spec.fields,
      ];

/** Sets the generated values on a body (ABSENT deletes), after any extra keys. */
export function assemble(
  fields: Field[],
  values: unknown[],
  extras: Record<string, unknown> | null,
): Record<string, unknown> {
  const body: Record<string, unknown> = extras === null ? {} : { ...extras };
  fields.forEach((f, i) => {
    const v = values[i];
    if (v !== ABSENT) body[f.name] = v;
    else delete body[f.name];
  });
  return body;
}

/** Bodies the schema accepts: every required field good, optional ones good or absent. */
function validBody(spec: CommandSpec): fc.Arbitrary<{ fields: Field[]; values: unknown[] }> {
  const fields = specFields(spec);
  return fc
    .tuple(fc.nat(), ...fields.map((f) => (f.optional === true ? fc.option(f.good, { nil: ABSENT, freq: 3 }) : f.good)))
    .map(([pick, ...values]) => {
      const ex = spec.exclusive;
      if (ex !== undefined) {
        const at = ex.names.map((n) => fields.findIndex((f) => f.name === n));
        const keep = at[pick % at.length]!;
        for (const i of at) if (i !== keep) values[i] = ABSENT;
        if (ex.exactlyOne && values[keep] === ABSENT) values[keep] = ex.fallback?.[fields[keep]!.name] ?? 60;
      }
      if (spec.repair !== undefined) {
        const byName = new Map(fields.map((f, i) => [f.name, values[i]]));
        spec.repair(byName);
        fields.forEach((f, i) => {
          values[i] = byName.get(f.name);
        });
      }
      return { fields, values };
    });
}

/**
 * Bodies for `spec`: whole junk (often not an object); valid bodies; valid bodies with one
 * field made bad, junk or absent; and objects mixing good, bad, junk and absent fields.
 * Any of them may carry extra junk keys.
 */
export function bodyFor(spec: CommandSpec): fc.Arbitrary<{ body: unknown; valid: boolean }> {
  const fields = specFields(spec);
  const extras = fc.option(fc.dictionary(junkKey, junk, { maxKeys: 3 }), { nil: null, freq: 2 });
  const valid = fc
    .tuple(validBody(spec), extras)
    .map(([v, x]) => ({ body: assemble(v.fields, v.values, x), valid: true }));
  const oneOff = fc.tuple(validBody(spec), fc.nat({ max: fields.length - 1 }), extras).chain(([v, at, x]) =>
    fc.oneof(fields[at]!.bad, fieldJunk, fc.constant<unknown>(ABSENT)).map((wrong) => {
      const values = [...v.values];
      values[at] = wrong;
      return { body: assemble(v.fields, values, x), valid: false };
    }),
  );
  const mixed = fc
    .tuple(extras, ...fields.map((f) => fieldValue(f.good, f.bad)))
    .map(([x, ...values]) => ({ body: assemble(fields, values, x), valid: false }));
  return fc.oneof(
    { weight: 1, arbitrary: junk.map((body) => ({ body, valid: false })) },
    { weight: 3, arbitrary: valid },
    { weight: 3, arbitrary: oneOff },
    { weight: 3, arbitrary: mixed },
  );
}

export async function send(command: string, body: unknown, world: World, o: CallOptions = {}): Promise<Answer> {
  world.clock.advance(1);
  return readAnswer(await rawCall(command, body, o), `${command} ${show(body)}`);
}

export function checkOkShape(spec: CommandSpec, answer: Answer, body: unknown): void {
  if (answer.ErrorCode !== 0) return;
  const why = spec.okShape(answer, isObject(body) ? body : {});
  if (why !== null) throw new PropertyFailure(`${spec.name} ${show(body)}: OK answer: ${why}: ${show(answer)}`);
}

/** A 10004 names what was wrong: one of the command's fields, or the body. */
export function checkNamesField(spec: CommandSpec, answer: Answer, body: unknown): void {
  if (answer.ErrorCode !== INVALID) return;
  const names = ["GroupId", ...spec.fields.map((f) => f.name), "body"];
  if (!names.some((n) => answer.ErrorInfo.includes(n))) {
    throw new PropertyFailure(
      `${spec.name} ${show(body)}: the 10004 ErrorInfo names none of ${names.join(", ")}: ${show(answer)}`,
    );
  }
}
