/**
 * Reads the contract the way scripts/generate.ts does (`INVENT_SPEC`, else the repo's openapi.json) and
 * builds, for any operation, a valid request: the contract's own examples where it has them, values
 * generated from the schemas where it does not (a pulled contract often has few examples).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeDeref } from '../../scripts/lib/sdk-config.js';

// A static sampler (the one Prism uses for its static responses): the same schema always gives the same value.
const { sample } = createRequire(import.meta.url)('@stoplight/json-schema-sampler') as {
  sample(schema: object, options: object, spec: object): unknown;
};

export const specPath = process.env.INVENT_SPEC
  ? resolve(process.env.INVENT_SPEC)
  : fileURLToPath(new URL('../../openapi.json', import.meta.url));
export const spec = JSON.parse(readFileSync(specPath, 'utf8'));

type Json = Record<string, any>;

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** Every operation of the contract (path, then method order), as the test names it: `GET /orgs/{org_id}/contacts`. */
export const contractOperations: ReadonlyArray<{ method: (typeof HTTP_METHODS)[number]; path: string; name: string }> = Object.keys(
  spec.paths,
)
  .sort()
  .flatMap((path) =>
    HTTP_METHODS.filter((method) => spec.paths[path][method]).map((method) => ({ method, path, name: `${method.toUpperCase()} ${path}` })),
  );

/** Follows a local `$ref` (`#/components/...`) to its target: the generator's own follower. */
export const deref: <T = Json>(node: Json) => T = makeDeref(spec);

export interface SampleRequest {
  path: Record<string, string>;
  query: Record<string, unknown>;
  header: Record<string, string>;
  body: unknown;
  mediaType: string | undefined;
  /** The request body's schema (dereferenced), to tell which multipart fields are files. */
  bodySchema: Json | undefined;
}

/** A value for a schema: its first example when it has one, else one generated from the schema (required fields only). */
function valueFor(schema: Json | undefined, example: unknown): unknown {
  if (example !== undefined) return example;
  return sample(schema ?? {}, { skipReadOnly: true, skipNonRequired: true, quiet: true }, spec);
}

const firstExample = (node: Json): unknown => node.example ?? (Object.values(node.examples ?? {})[0] as Json | undefined)?.value;

/** A valid request for the operation: path parameters, required query and header parameters, and the body if it has one. */
export function sampleRequest(path: string, method: string): SampleRequest {
  const item = spec.paths[path];
  const op = item[method];
  const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: Json) => deref(p));
  const request: SampleRequest = { path: {}, query: {}, header: {}, body: undefined, mediaType: undefined, bodySchema: undefined };
  for (const p of params) {
    if (p.in !== 'path' && !p.required) continue;
    const value = valueFor(p.schema, firstExample(p) ?? p.schema?.example ?? p.schema?.default);
    if (p.in === 'path') request.path[p.name] = String(value);
    if (p.in === 'query') request.query[p.name] = value;
    if (p.in === 'header') request.header[p.name] = String(value);
  }
  const body = op.requestBody ? deref(op.requestBody) : undefined;
  if (body?.content) {
    const [mediaType, media] = Object.entries(body.content as Json)[0] as [string, Json];
    request.mediaType = mediaType;
    request.bodySchema = media.schema ? deref(media.schema) : undefined;
    request.body = valueFor(media.schema, firstExample(media) ?? (media.schema ? deref(media.schema).example : undefined));
  }
  return request;
}

/** The fields of a multipart body's schema that carry a file (`format: binary` or a `contentMediaType`). */
export function fileFields(schema: Json | undefined): Set<string> {
  const properties = Object.entries((schema?.properties ?? {}) as Json).map(([name, s]) => [name, deref(s)] as const);
  return new Set(properties.filter(([, s]) => s.format === 'binary' || s.contentMediaType !== undefined).map(([name]) => name));
}

/** The declared success response (status and JSON schema) of an operation. */
export function successResponse(path: string, method: string): { status: string; schema: Json | undefined; mediaType: string | undefined } {
  const [status, response] = Object.entries(spec.paths[path][method].responses as Json).find(([code]) => /^[123]/.test(code))!;
  const content = deref(response).content as Json | undefined;
  const [mediaType, media] = content ? (Object.entries(content)[0] as [string, Json]) : [undefined, undefined];
  return { status, schema: media?.schema, mediaType };
}

/** What Prism answers statically for a documented response: its first example, else a value generated from the schema the way Prism generates it. */
export function documentedAnswer(path: string, method: string, status: string): { body: unknown; headers: Record<string, string> } {
  const response = deref(spec.paths[path][method].responses[status]);
  const staticValue = (node: Json, schema: Json | undefined) => firstExample(node) ?? sample(schema ?? {}, { ticks: 2500 }, spec);
  const media = Object.values((response.content ?? {}) as Json)[0] as Json | undefined;
  const headers = Object.entries((response.headers ?? {}) as Json).map(([name, header]) => {
    const h = deref(header);
    return [name.toLowerCase(), String(staticValue(h, h.schema))] as const;
  });
  return { body: media ? staticValue(media, media.schema) : undefined, headers: Object.fromEntries(headers) };
}
