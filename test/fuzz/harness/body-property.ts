/**
 * Each command's body property: any body, the code of the right class, the shape of an OK answer.
 */

import { bodyFor, checkNamesField, checkOkShape, send } from "./bodies";
import { BODY_NOT_JSON, INVALID, MALFORMED_ID, TOO_MANY } from "./codes";
import { expectCode, runProperty, show } from "./harness";
import type { Property } from "./property";
import { commandSpecs } from "./specs/command-specs";
import { isObject } from "./specs/spec";

/** One property per command: any body gets the envelope and a code of the command's class. */
export function bodyProperty(command: string): Property {
  return {
    name: `${command}: any body answers the envelope with a code of its class`,
    weight: 1,
    run: ({ world: w }, numRuns) => {
      const spec = commandSpecs(w).find((s) => s.name === command)!;
      const pinned = (spec.pinned ?? []).map((body) => ({ body, valid: false }));
      return runProperty(
        bodyFor(spec),
        numRuns,
        async ({ body, valid }) => {
          const answer = await send(spec.name, body, w, spec.service === undefined ? {} : { service: spec.service });
          const what = `${spec.name} ${show(body)}`;
          expectCode(answer, spec.codes, what);
          // A body the schema must accept is never refused as malformed.
          if (valid && isObject(body)) {
            const codes = spec.codes.filter(
              (c) => c !== INVALID && c !== TOO_MANY && c !== MALFORMED_ID && c !== BODY_NOT_JSON,
            );
            expectCode(answer, spec.validCodes?.(body, codes) ?? codes, `${what} (valid)`);
          }
          // [] is {} (leniencyProperty); any other array is no object.
          if (typeof body !== "object" || body === null || (Array.isArray(body) && body.length > 0))
            expectCode(answer, [BODY_NOT_JSON], what);
          checkOkShape(spec, answer, body);
          checkNamesField(spec, answer, body);
        },
        pinned,
      );
    },
  };
}
