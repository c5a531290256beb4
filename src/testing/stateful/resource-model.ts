/**
 * Resources from the contract, by REST convention: a path template ending in a literal segment is a
 * collection; the same template plus `/{param}` is its item. Nothing here names an endpoint: the
 * model is read from the operations Prism parsed (methods, paths, schemas, query parameters).
 */
import type { Schema } from './schema-check.js';

/** The part of Prism's parsed operation the model reads. */
export interface ParsedOperation {
  method: string;
  path: string;
  request?: { query?: ReadonlyArray<{ name: string; schema?: Schema }> };
  responses: ReadonlyArray<{
    code: string;
    contents?: ReadonlyArray<{ mediaType: string; schema?: Schema; examples?: ReadonlyArray<{ value?: unknown }> }>;
  }>;
}

/** What a stateful operation does to its collection. */
export type CrudKind = 'create' | 'list' | 'read' | 'merge' | 'replace' | 'delete';

export interface CrudOperation {
  kind: CrudKind;
  /** The collection's path template: `/orgs/{org_id}/contacts`. */
  collection: string;
  /** The schema of one stored record (the item GET's answer). */
  itemSchema: Schema;
  /** The success status and its body schema. */
  success: { status: number; schema: Schema | undefined };
  /** For lists: the documented query parameters that filter (neither `page` nor `take`), with their schemas. */
  filters: ReadonlyArray<{ name: string; schema?: Schema }>;
  /** For lists: the default page size (the `take` parameter's default, else 100). */
  defaultTake: number;
}

export interface ResourceModel {
  /** Stateful operations, keyed `METHOD /path/template`. */
  operations: Map<string, CrudOperation>;
  /** Collection template -> its item template. */
  items: Map<string, string>;
  /** The id prefix a collection's ids take, read from the contract's own example ids (`cnt_`), else `id_`. */
  idPrefix: Map<string, string>;
  /** A response's body schema, by `METHOD /path/template` and status (exact, `4XX`-style, then `default`). */
  responseSchema(operation: string, status: number): Schema | undefined;
}

const PARAM = /^\{[^}]+\}$/;
const jsonContent = (contents: ParsedOperation['responses'][number]['contents']) => contents?.find((c) => /json/i.test(c.mediaType));

function successOf(op: ParsedOperation): { status: number; schema: Schema | undefined; example: unknown } | undefined {
  const ok = op.responses.filter((r) => /^2\d\d$/.test(r.code)).sort((a, b) => Number(a.code) - Number(b.code))[0];
  if (!ok) return undefined;
  const content = jsonContent(ok.contents);
  return { status: Number(ok.code), schema: content?.schema, example: content?.examples?.[0]?.value };
}

function exampleIdPrefix(example: unknown): string | undefined {
  const first = Array.isArray(example) ? example[0] : example;
  const id = first && typeof first === 'object' ? (first as Record<string, unknown>).id : undefined;
  return typeof id === 'string' ? /^([a-z]+_)[A-Za-z0-9]+$/.exec(id)?.[1] : undefined;
}

export function buildResourceModel(parsed: readonly ParsedOperation[]): ResourceModel {
  const byKey = new Map(parsed.map((op) => [`${op.method.toUpperCase()} ${op.path}`, op]));
  const operations = new Map<string, CrudOperation>();
  const items = new Map<string, string>();
  const idPrefix = new Map<string, string>();

  for (const op of parsed) {
    const segments = op.path.split('/');
    const last = segments.at(-1) ?? '';
    if (op.method.toUpperCase() !== 'GET' || !PARAM.test(last)) continue;
    const collection = segments.slice(0, -1).join('/');
    if (PARAM.test(collection.split('/').at(-1) ?? '')) continue;
    const read = successOf(op);
    const itemSchema = read?.schema;
    if (!read || !itemSchema || itemSchema.type !== 'object') continue;
    items.set(collection, op.path);
    const examples = [read.example, successOf(byKey.get(`GET ${collection}`) ?? { method: '', path: '', responses: [] })?.example];
    idPrefix.set(collection, examples.map(exampleIdPrefix).find(Boolean) ?? 'id_');

    const add = (method: string, path: string, kind: CrudKind) => {
      const found = byKey.get(`${method} ${path}`);
      const success = found && successOf(found);
      if (!found || !success) return;
      if (kind === 'list' && success.schema?.type !== 'array') return;
      const query = found.request?.query ?? [];
      const take = query.find((q) => q.name === 'take')?.schema?.default;
      operations.set(`${method} ${path}`, {
        kind,
        collection,
        itemSchema,
        success: { status: success.status, schema: success.schema },
        filters: query.filter((q) => q.name !== 'page' && q.name !== 'take'),
        defaultTake: typeof take === 'number' ? take : 100,
      });
    };
    add('POST', collection, 'create');
    add('GET', collection, 'list');
    add('GET', op.path, 'read');
    add('PATCH', op.path, 'merge');
    add('PUT', op.path, 'replace');
    add('DELETE', op.path, 'delete');
  }

  return {
    operations,
    items,
    idPrefix,
    responseSchema(operation, status) {
      const op = byKey.get(operation);
      if (!op) return undefined;
      const response =
        op.responses.find((r) => r.code === String(status)) ??
        op.responses.find((r) => r.code.toUpperCase() === `${String(status)[0]}XX`) ??
        op.responses.find((r) => r.code === 'default');
      return jsonContent(response?.contents)?.schema;
    },
  };
}
