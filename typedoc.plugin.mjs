// @ts-check
/**
 * A TypeDoc plugin for this repository (loaded by typedoc.json). The OpenAPI types openapi-typescript
 * generates (generated/schema.d.ts, exported as `paths`, `components` and `operationTypes`) hold every
 * path, parameter and schema of the contract: tens of thousands of members, most without a
 * description. The reference lists the three types and points to openapi.json for their members,
 * instead of one page per member; everything written by hand is documented in full (and checked:
 * `validation.notDocumented`).
 */
import { Comment, Converter, ReflectionKind } from 'typedoc';

const GENERATED = /[\\/]generated[\\/]schema\.d\.ts$/;

/** @param {string} value */
const text = (value) => new Comment([{ kind: 'text', text: value }]);

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    const project = context.project;
    const fromSchema = (/** @type {import('typedoc').Reflection} */ reflection) =>
      GENERATED.test(project.getSymbolIdFromReflection(reflection)?.fileName ?? '');
    for (const reflection of Object.values(project.reflections)) {
      if (!fromSchema(reflection)) continue;
      if (reflection.parent?.kindOf(ReflectionKind.Module)) {
        // `paths`, `components`, `operationTypes`: listed, members left to openapi.json.
        const children = 'children' in reflection && Array.isArray(reflection.children) ? [...reflection.children] : [];
        for (const child of children) project.removeReflection(child);
        reflection.comment ??= text(
          `The \`${reflection.name}\` of the contract, generated from openapi.json by openapi-typescript. Its members mirror the contract: see openapi.json (shipped as \`invent-sdk/openapi.json\`).`,
        );
      } else if (!reflection.hasComment()) {
        // A schema field shown inside another type (a list's items, a method's result): the contract describes it.
        reflection.comment = text('A field of the contract (openapi.json).');
      }
    }
  });
}
