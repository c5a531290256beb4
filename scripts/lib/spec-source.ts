/** Reading a contract from a URL or a file, and checking it is an OpenAPI 3.1 JSON document we can use. */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

export const LIVE_CONTRACT_URL = 'https://api.useinvent.com/openapi.json';

export type Json = Record<string, any>;

/** Something wrong with the input (unreachable, not JSON, not OpenAPI 3.1, broken refs): exit code 2. */
export class SpecError extends Error {
  override name = 'SpecError';
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

function isUrl(source: string): boolean {
  return /^https?:\/\//i.test(source);
}

/** The text of a contract from an http(s) URL, a file:// URL or a file path. */
export async function readSource(source: string, options: { timeoutMs?: number; fetch?: typeof fetch } = {}): Promise<string> {
  if (isUrl(source)) {
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(source, {
        headers: { accept: 'application/json' },
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

export interface ParsedContract {
  spec: Json;
  /** Problems that do not stop a pull but will stop codegen or confuse users (missing or duplicate operationIds). */
  warnings: string[];
}

/**
 * Parses and checks a contract: JSON, `openapi` 3.1.x (3.0.x too with `allow30`), an `info` with
 * title and version, `paths` whose keys start with `/`, operations that are objects, and local `$ref`s
 * that resolve. Throws a SpecError naming the first problem.
 */
export function parseContract(text: string, label: string, options: { allow30?: boolean } = {}): ParsedContract {
  let spec: unknown;
  try {
    spec = JSON.parse(text);
  } catch (error) {
    const hint = /^\s*(openapi|swagger)\s*:/m.test(text)
      ? ' (it looks like YAML; the contract must be JSON)'
      : /^\s*</.test(text)
        ? ' (it looks like HTML)'
        : '';
    throw new SpecError(`${label} is not JSON${hint}: ${(error as Error).message}`);
  }
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec))
    throw new SpecError(`${label} is not an OpenAPI document (not a JSON object)`);
  const doc = spec as Json;
  const version = doc.openapi ?? (doc.swagger ? `swagger ${doc.swagger}` : undefined);
  const accepted = options.allow30 ? /^3\.[01]\.\d+$/ : /^3\.1\.\d+$/;
  if (typeof version !== 'string' || !accepted.test(version)) {
    throw new SpecError(
      `${label} is ${version ? `OpenAPI ${JSON.stringify(version)}` : 'not an OpenAPI document (no "openapi" field)'}; expected OpenAPI 3.1.x`,
    );
  }
  if (typeof doc.info !== 'object' || typeof doc.info?.title !== 'string' || typeof doc.info?.version !== 'string') {
    throw new SpecError(`${label}: "info" must have a string "title" and "version"`);
  }
  if (typeof doc.paths !== 'object' || doc.paths === null || Array.isArray(doc.paths))
    throw new SpecError(`${label}: "paths" must be an object`);
  const warnings: string[] = [];
  const ids = new Map<string, string>();
  for (const [path, item] of Object.entries(doc.paths as Json)) {
    if (!path.startsWith('/')) throw new SpecError(`${label}: path ${JSON.stringify(path)} does not start with "/"`);
    if (typeof item !== 'object' || item === null) throw new SpecError(`${label}: paths["${path}"] is not an object`);
    for (const method of HTTP_METHODS) {
      const op = (item as Json)[method];
      if (op === undefined) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (typeof op !== 'object' || op === null || Array.isArray(op)) throw new SpecError(`${label}: ${where} is not an object`);
      if (typeof op.operationId !== 'string') warnings.push(`${where} has no operationId (codegen needs one)`);
      else if (ids.has(op.operationId)) warnings.push(`${where} repeats operationId ${op.operationId} (also ${ids.get(op.operationId)})`);
      else ids.set(op.operationId, where);
    }
  }
  const broken = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (typeof node !== 'object' || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#') && resolvePointer(doc, value) === undefined)
        broken.add(value);
      else if (key !== 'example' && key !== 'examples') walk(value);
    }
  };
  walk(doc);
  if (broken.size)
    throw new SpecError(
      `${label}: ${broken.size} $ref(s) point nowhere: ${[...broken].slice(0, 5).join(', ')}${broken.size > 5 ? ', ...' : ''}`,
    );
  return { spec: doc, warnings };
}

/** Every operation of a contract, in path then method order. */
export function* eachOperation(spec: Json): Generator<{ path: string; method: (typeof HTTP_METHODS)[number]; op: Json; item: Json }> {
  for (const path of Object.keys(spec.paths ?? {}).sort()) {
    const item = spec.paths[path] as Json;
    for (const method of HTTP_METHODS) if (item[method]) yield { path, method, op: item[method], item };
  }
}

/** `GET /orgs/{}/contacts`: an operation's identity across contracts, whatever its path parameters are named. */
export function routeKey(method: string, path: string): string {
  return `${method.toUpperCase()} ${path.replace(/\{[^}]*\}/g, '{}')}`;
}
