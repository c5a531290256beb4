/**
 * The SDK's rules for the generated types (invent.config.ts `types`), applied to a copy of the
 * contract that only openapi-typescript sees (the runtime tables and the mock read the contract as is):
 *
 * - `closedRequests`: a request body whose schema declares properties accepts those only, so a
 *   misspelt field is a compile error. Its top-level `additionalProperties` is dropped on an inlined
 *   copy (a schema shared with responses stays open there). A body that declares no properties stays
 *   open: the contract says nothing about its fields.
 * - `entityIds`: an entity the contract addresses by id has it. For every item path (`/x/{x_id}`)
 *   whose GET answers an object schema with an `id` property, that schema's `id` is required.
 * - `alwaysPresent`: more fields the docs promise in every response of an operation (by
 *   `METHOD /path/template`), required in that operation's success response schema.
 */
import { makeDeref } from './sdk-config.js';

type Json = Record<string, any>;

export interface TypeRules {
  readonly closedRequests?: boolean;
  readonly entityIds?: boolean;
  readonly alwaysPresent?: Readonly<Record<string, readonly string[]>>;
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const isParam = (segment: string) => /^\{[^}]+\}$/.test(segment);

function successSchema(op: Json, deref: (n: unknown) => Json): Json | undefined {
  const success = Object.entries(op?.responses ?? {}).find(([code]) => /^2/.test(code))?.[1];
  const schema = deref(success ?? {})?.content?.['application/json']?.schema;
  return schema ? deref(schema) : undefined;
}

function requireFields(schema: Json, fields: readonly string[], where: string): void {
  const missing = fields.filter((f) => !schema.properties?.[f]);
  if (missing.length) throw new Error(`invent.config.ts: types.alwaysPresent: ${where} has no field ${missing.join(', ')}`);
  schema.required = [...new Set([...(schema.required ?? []), ...fields])];
}

/** An object schema, or `allOf` of them, that declares properties: a copy without `additionalProperties`. */
function closeBody(schema: Json, deref: (n: unknown) => Json): Json | undefined {
  if (schema.allOf) {
    const members = schema.allOf.map((m: unknown) => closeBody(deref(m), deref) ?? m);
    return members.some((m: unknown, i: number) => m !== schema.allOf[i]) ? { ...schema, allOf: members } : undefined;
  }
  if (schema.additionalProperties === undefined || !Object.keys(schema.properties ?? {}).length) return undefined;
  const { additionalProperties: _open, ...closed } = schema;
  return structuredClone(closed);
}

/** A copy of `spec` with the rules applied. */
export function applyTypeRules(spec: Json, rules: TypeRules = {}): Json {
  const out = structuredClone(spec);
  const deref = makeDeref(out) as (n: unknown) => Json;
  const paths: Record<string, Json> = out.paths ?? {};
  if (rules.closedRequests) {
    // Inlined before any response rule changes the shared schemas.
    for (const item of Object.values(paths))
      for (const m of METHODS) {
        const content: Json = deref(item[m]?.requestBody ?? {})?.content ?? {};
        for (const media of Object.values(content)) {
          const closed = media?.schema && closeBody(deref(media.schema), deref);
          if (closed) media.schema = closed;
        }
      }
  }
  if (rules.entityIds) {
    for (const [path, item] of Object.entries(paths)) {
      if (!isParam(path.split('/').pop() ?? '')) continue;
      const schema = successSchema(item.get, deref);
      if (schema?.properties?.id) requireFields(schema, ['id'], `GET ${path}`);
    }
  }
  for (const [key, fields] of Object.entries(rules.alwaysPresent ?? {})) {
    const [method, path] = key.split(' ') as [string, string];
    const schema = successSchema(paths[path]?.[method.toLowerCase()], deref);
    if (!schema) throw new Error(`invent.config.ts: types.alwaysPresent: ${key} has no JSON success response`);
    requireFields(schema, fields, key);
  }
  return out;
}
