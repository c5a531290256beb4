/** Reads the contract and builds, for any operation, a request made of the spec's own examples. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const specPath = fileURLToPath(new URL('../../openapi.json', import.meta.url));
export const spec = JSON.parse(readFileSync(specPath, 'utf8'));

type Json = Record<string, any>;

/** Follows a local `$ref` (`#/components/...`) to its target. */
export function deref<T = Json>(node: Json): T {
  let current = node;
  while (current && typeof current.$ref === 'string') {
    current = current.$ref
      .slice(2)
      .split('/')
      .reduce((acc: Json, key: string) => acc[key.replace(/~1/g, '/').replace(/~0/g, '~')], spec);
  }
  return current as T;
}

export interface ExampleRequest {
  path: Record<string, string>;
  query: Record<string, unknown>;
  header: Record<string, string>;
  body: unknown;
  mediaType: string | undefined;
}

/** A request for the operation built from the examples of its parameters and body. */
export function exampleRequest(path: string, method: string): ExampleRequest {
  const item = spec.paths[path];
  const op = item[method];
  const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: Json) => deref(p));
  const request: ExampleRequest = { path: {}, query: {}, header: {}, body: undefined, mediaType: undefined };
  for (const p of params) {
    const value = p.example ?? p.schema?.example ?? p.schema?.default ?? (Object.values(p.examples ?? {})[0] as Json | undefined)?.value;
    if (p.in === 'path') {
      if (value === undefined) throw new Error(`${method} ${path}: path parameter ${p.name} has no example`);
      request.path[p.name] = String(value);
    } else if (p.required) {
      if (value === undefined) throw new Error(`${method} ${path}: required ${p.in} parameter ${p.name} has no example`);
      if (p.in === 'query') request.query[p.name] = value;
      if (p.in === 'header') request.header[p.name] = String(value);
    }
  }
  const body = op.requestBody ? deref(op.requestBody) : undefined;
  if (body?.content) {
    const [mediaType, media] = Object.entries(body.content as Json)[0] as [string, Json];
    request.mediaType = mediaType;
    request.body =
      media.example ?? (Object.values(media.examples ?? {})[0] as Json | undefined)?.value ?? deref(media.schema ?? {}).example;
    if (request.body === undefined && body.required) throw new Error(`${method} ${path}: request body has no example`);
  }
  return request;
}

/** The declared success response (status and JSON schema) of an operation. */
export function successResponse(path: string, method: string): { status: string; schema: Json | undefined; mediaType: string | undefined } {
  const [status, response] = Object.entries(spec.paths[path][method].responses as Json).find(([code]) => /^[123]/.test(code))!;
  const content = deref(response).content as Json | undefined;
  const [mediaType, media] = content ? (Object.entries(content)[0] as [string, Json]) : [undefined, undefined];
  return { status, schema: media?.schema, mediaType };
}
