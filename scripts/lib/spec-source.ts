/**
 * Reading a contract from a URL or a file (JSON or YAML, OpenAPI 3.0.x or 3.1.x), resolving its `$ref`s
 * and checking it is usable: one operation per METHOD + path template. `loadContract` is what
 * spec:pull, spec:diff and the regenerate script read contracts with.
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle, createConfig, makeDocumentFromString } from '@redocly/openapi-core';
import { parse as parseYaml } from 'yaml';
import { normalizeContract } from './spec-normalize.js';

export const LIVE_CONTRACT_URL = 'https://api.useinvent.com/openapi.json';

export type Json = Record<string, any>;

/** Something wrong with the input (unreachable, not OpenAPI 3.0/3.1, broken refs, duplicate operations): exit code 2. */
export class SpecError extends Error {
  override name = 'SpecError';
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

export function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** The text of a contract from an http(s) URL, a file:// URL or a file path. */
export async function readSource(source: string, options: { timeoutMs?: number; fetch?: typeof fetch } = {}): Promise<string> {
  if (isUrl(source)) {
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(source, {
        headers: { accept: 'application/json, application/yaml;q=0.9, */*;q=0.1' },
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message;
      throw new SpecError(`cannot fetch ${source}: ${(error as Error).message}${cause ? ` (${cause})` : ''}`);
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      throw new SpecError(`cannot fetch ${source}: HTTP ${response.status} ${response.statusText}`);
    }
    return response.text();
  }
  const path = source.startsWith('file:') ? fileURLToPath(source) : source;
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new SpecError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

/** Follows a local JSON pointer (`#/components/schemas/Contact`). */
export function resolvePointer(doc: Json, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let node: unknown = doc;
  for (const raw of ref.slice(1).split('/').slice(1)) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null || !(key in node)) return undefined;
    node = (node as Json)[key];
  }
  return node;
}

/** JSON or YAML text as a document; a SpecError saying what the text is when it is neither. */
export function parseDocument(text: string, label: string): Json {
  let value: unknown;
  if (/^\s*</.test(text)) throw new SpecError(`${label} is not an OpenAPI document (it looks like HTML)`);
  if (/^\s*[{[]/.test(text)) {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new SpecError(`${label} is not valid JSON: ${(error as Error).message}`);
    }
  } else {
    try {
      value = parseYaml(text, { maxAliasCount: 1000 });
    } catch (error) {
      throw new SpecError(`${label} is neither JSON nor valid YAML: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SpecError(`${label} is not an OpenAPI document (not an object with an "openapi" field)`);
  return value as Json;
}

/** The `openapi` version a document declares, refusing anything but 3.0.x and 3.1.x. */
export function checkVersion(doc: Json, label: string): '3.0' | '3.1' {
  if (doc.swagger !== undefined)
    throw new SpecError(
      `${label} is Swagger ${JSON.stringify(doc.swagger)} (OpenAPI 2.0), which is not supported: expected OpenAPI 3.0.x or 3.1.x`,
    );
  if (typeof doc.openapi !== 'string') throw new SpecError(`${label} is not an OpenAPI document (no "openapi" version field)`);
  const match = /^3\.([01])\.\d+$/.exec(doc.openapi);
  if (!match)
    throw new SpecError(`${label} is OpenAPI ${JSON.stringify(doc.openapi)}, which is not supported: expected OpenAPI 3.0.x or 3.1.x`);
  return match[1] === '0' ? '3.0' : '3.1';
}

/**
 * Inlines external `$ref`s (other files or URLs, relative to the contract) into `components` with
 * Redocly's bundler, and fails on any `$ref`, local or external, that points nowhere.
 */
async function resolveRefs(text: string, source: string, label: string): Promise<Json> {
  const absolute = isUrl(source) ? source : source.startsWith('file:') ? fileURLToPath(source) : resolve(source);
  const config = await createConfig({});
  const { bundle: bundled, problems } = await bundle({ doc: makeDocumentFromString(text, absolute), config });
  const errors = problems.filter((p) => p.severity === 'error');
  if (errors.length) {
    const where = errors.map((p) => {
      const at = p.location?.[0]?.pointer ?? '';
      const ref = at ? resolvePointer(bundled.parsed as Json, at) : undefined;
      const target = (ref as Json | undefined)?.$ref;
      return `${target ? `${target} (at ${at})` : at}`;
    });
    throw new SpecError(
      `${label}: ${errors.length} $ref(s) cannot be resolved: ${where.slice(0, 5).join(', ')}${where.length > 5 ? ', ...' : ''}`,
    );
  }
  return bundled.parsed as Json;
}

export interface Contract {
  /** The contract as OpenAPI 3.1, refs local, keys in canonical order (see spec-normalize.ts). */
  spec: Json;
  /** The version the source declared (`3.0.3`, `3.1.0`). */
  sourceVersion: string;
  /** Problems that do not stop a pull but will confuse codegen or users (missing or duplicate operationIds). */
  warnings: string[];
}

/**
 * Reads, checks and normalizes a contract: JSON or YAML, OpenAPI 3.0.x or 3.1.x (3.0 is upgraded to
 * 3.1), every `$ref` resolvable, an `info` with title and version, `paths` starting with `/`, and no
 * two path templates that are the same route (`/a/{id}` and `/a/{aid}`) with the same method.
 * Throws a SpecError naming the problem.
 */
export async function loadContract(source: string, options: { timeoutMs?: number } = {}): Promise<Contract> {
  const label = source;
  const text = await readSource(source, options);
  const raw = parseDocument(text, label);
  checkVersion(raw, label);
  const resolved = await resolveRefs(text, source, label);
  const warnings = checkStructure(resolved, label);
  return { spec: await normalizeContract(resolved), sourceVersion: raw.openapi, warnings };
}

/** Checks what makes a contract unusable for an SDK; returns what only deserves a warning. */
export function checkStructure(doc: Json, label: string): string[] {
  if (typeof doc.info !== 'object' || typeof doc.info?.title !== 'string' || typeof doc.info?.version !== 'string') {
    throw new SpecError(`${label}: "info" must have a string "title" and "version"`);
  }
  if (typeof doc.paths !== 'object' || doc.paths === null || Array.isArray(doc.paths))
    throw new SpecError(`${label}: "paths" must be an object`);
  const warnings: string[] = [];
  const ids = new Map<string, string>();
  const routes = new Map<string, string>();
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    if (!path.startsWith('/')) throw new SpecError(`${label}: path ${JSON.stringify(path)} does not start with "/"`);
    if (typeof item !== 'object' || item === null) throw new SpecError(`${label}: paths["${path}"] is not an object`);
    for (const method of HTTP_METHODS) {
      const op = (item as Json)[method];
      if (op === undefined) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (typeof op !== 'object' || op === null || Array.isArray(op)) throw new SpecError(`${label}: ${where} is not an object`);
      const route = routeKey(method, path);
      const twin = routes.get(route);
      if (twin)
        throw new SpecError(`${label}: duplicate operation ${where} and ${twin} (the same METHOD + path once parameter names are ignored)`);
      routes.set(route, where);
      if (typeof op.operationId !== 'string') warnings.push(`${where} has no operationId`);
      else if (ids.has(op.operationId)) warnings.push(`${where} repeats operationId ${op.operationId} (also ${ids.get(op.operationId)})`);
      else ids.set(op.operationId, where);
    }
  }
  return warnings;
}

/**
 * Every operation of a contract, in path then method order (of `methods`, every HTTP method by
 * default), with its parameters: the path item's and its own, a `#/components/parameters` `$ref`
 * followed.
 */
export function* eachOperation<M extends string>(
  spec: Json,
  methods: readonly M[] = HTTP_METHODS as unknown as readonly M[],
): Generator<{ path: string; method: M; op: Json; item: Json; params: Json[] }> {
  for (const path of Object.keys(spec.paths ?? {}).sort()) {
    const item = spec.paths[path] as Json;
    for (const method of methods) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map((p: Json) =>
        typeof p.$ref === 'string' ? spec.components?.parameters?.[p.$ref.split('/').pop()!] : p,
      );
      yield { path, method, op, item, params };
    }
  }
}

/** `GET /orgs/{}/contacts`: an operation's identity across contracts, whatever its path parameters are named. */
export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`;
}
