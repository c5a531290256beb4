/**
 * Normalizes a contract so that any OpenAPI 3.0.x or 3.1.x document becomes one OpenAPI 3.1 form, and
 * so that a pull that changes nothing writes the same bytes, and a pull that
 * changes something shows only that in the diff.
 *
 * - Maps whose order means nothing are sorted: `paths`, every `components` map, `responses` (by status),
 *   response `headers`, `patternProperties`/`$defs`, callbacks, links.
 * - Fixed-field objects (operations, parameters, schemas, ...) get one canonical key order: the usual
 *   OpenAPI order for known fields, then other fields alphabetically, then `x-` extensions.
 * - Order that means something is kept: every array (`required`, `enum`, `parameters`, `tags`, ...),
 *   schema `properties` (display order), `content` (media-type preference: codegen takes the first),
 *   named `examples`, and everything inside examples, defaults and extension values (data).
 * - Written with 2-space indentation and a trailing newline.
 * - OpenAPI 3.0.x is upgraded to 3.1 by openapi-format (`nullable` -> `type: [t, 'null']`, boolean
 *   `exclusiveMinimum`/`exclusiveMaximum` -> numbers, `example` -> `examples`, single-value enums ->
 *   `const`, binary formats -> `contentMediaType`).
 */
import { openapiConvertVersion } from 'openapi-format';
import type { Json } from './spec-source.js';

type Kind =
  | 'root'
  | 'info'
  | 'fixed'
  | 'data'
  | 'pathItem'
  | 'operation'
  | 'parameter'
  | 'requestBody'
  | 'response'
  | 'media'
  | 'example'
  | 'schema'
  | 'components'
  | { sorted: Kind }
  | { ordered: Kind }
  | { array: Kind };

const ORDER: Record<string, string[]> = {
  root: ['openapi', 'info', 'jsonSchemaDialect', 'servers', 'security', 'tags', 'externalDocs', 'paths', 'webhooks', 'components'],
  pathItem: [
    '$ref',
    'summary',
    'description',
    'servers',
    'parameters',
    'get',
    'put',
    'post',
    'delete',
    'options',
    'head',
    'patch',
    'trace',
  ],
  operation: [
    'tags',
    'summary',
    'description',
    'operationId',
    'deprecated',
    'security',
    'servers',
    'externalDocs',
    'parameters',
    'requestBody',
    'responses',
    'callbacks',
  ],
  parameter: [
    '$ref',
    'name',
    'in',
    'summary',
    'description',
    'required',
    'deprecated',
    'allowEmptyValue',
    'style',
    'explode',
    'allowReserved',
    'schema',
    'content',
    'example',
    'examples',
  ],
  requestBody: ['$ref', 'summary', 'description', 'required', 'content'],
  response: ['$ref', 'summary', 'description', 'headers', 'content', 'links'],
  media: ['schema', 'example', 'examples', 'encoding'],
  example: ['$ref', 'summary', 'description', 'value', 'externalValue'],
  components: [
    'schemas',
    'responses',
    'parameters',
    'examples',
    'requestBodies',
    'headers',
    'securitySchemes',
    'links',
    'callbacks',
    'pathItems',
  ],
  schema: [
    '$schema',
    '$id',
    '$ref',
    '$anchor',
    '$dynamicRef',
    '$dynamicAnchor',
    '$comment',
    'title',
    'description',
    'type',
    'format',
    'const',
    'enum',
    'default',
    'deprecated',
    'readOnly',
    'writeOnly',
    'nullable',
    'discriminator',
    'required',
    'properties',
    'additionalProperties',
    'patternProperties',
    'propertyNames',
    'minProperties',
    'maxProperties',
    'dependentRequired',
    'dependentSchemas',
    'unevaluatedProperties',
    'items',
    'prefixItems',
    'contains',
    'minContains',
    'maxContains',
    'minItems',
    'maxItems',
    'uniqueItems',
    'unevaluatedItems',
    'minLength',
    'maxLength',
    'pattern',
    'minimum',
    'exclusiveMinimum',
    'maximum',
    'exclusiveMaximum',
    'multipleOf',
    'allOf',
    'anyOf',
    'oneOf',
    'not',
    'if',
    'then',
    'else',
    'contentEncoding',
    'contentMediaType',
    'contentSchema',
    'example',
    'examples',
    'externalDocs',
    'xml',
    '$defs',
    'definitions',
  ],
  info: ['title', 'version', 'summary', 'description', 'termsOfService', 'contact', 'license'],
  // servers, tags, license, contact, security schemes, ...
  fixed: [
    '$ref',
    'type',
    'scheme',
    'bearerFormat',
    'name',
    'in',
    'identifier',
    'url',
    'email',
    'description',
    'externalDocs',
    'variables',
    'flows',
    'openIdConnectUrl',
  ],
};

const METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']);
const SUBSCHEMA = new Set([
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'additionalItems',
  'contentSchema',
]);
const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf', 'prefixItems']);
const SCHEMA_MAPS = new Set(['patternProperties', '$defs', 'definitions', 'dependentSchemas']);
const SCHEMA_DATA = new Set(['example', 'examples', 'default', 'const', 'enum']);

function orderKeys(keys: string[], preferred: string[] | undefined): string[] {
  const rank = new Map((preferred ?? []).map((k, i) => [k, i]));
  const group = (k: string) => (rank.has(k) ? 0 : k.startsWith('x-') ? 2 : 1);
  return [...keys].sort((a, b) => group(a) - group(b) || (rank.get(a) ?? 0) - (rank.get(b) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
}

/** The kind of the value under `key` in an object of kind `kind`. */
function childKind(kind: string, key: string): Kind {
  if (key.startsWith('x-')) return 'data';
  switch (kind) {
    case 'root':
      if (key === 'info') return 'info';
      if (key === 'paths' || key === 'webhooks') return { sorted: 'pathItem' };
      if (key === 'components') return 'components';
      if (key === 'security') return 'data';
      if (key === 'servers' || key === 'tags') return { array: 'fixed' };
      return 'fixed';
    case 'pathItem':
      if (METHODS.has(key)) return 'operation';
      if (key === 'parameters') return { array: 'parameter' };
      return key === 'servers' ? { array: 'fixed' } : 'fixed';
    case 'operation':
      if (key === 'parameters') return { array: 'parameter' };
      if (key === 'requestBody') return 'requestBody';
      if (key === 'responses') return { sorted: 'response' };
      if (key === 'callbacks') return { sorted: { sorted: 'pathItem' } };
      if (key === 'security' || key === 'tags') return 'data';
      return key === 'servers' ? { array: 'fixed' } : 'fixed';
    case 'parameter':
      if (key === 'schema') return 'schema';
      if (key === 'content') return { ordered: 'media' };
      if (key === 'examples') return { ordered: 'example' };
      return key === 'example' ? 'data' : 'fixed';
    case 'requestBody':
      return key === 'content' ? { ordered: 'media' } : 'fixed';
    case 'response':
      if (key === 'headers') return { sorted: 'parameter' };
      if (key === 'content') return { ordered: 'media' };
      if (key === 'links') return { sorted: 'fixed' };
      return 'fixed';
    case 'media':
      if (key === 'schema') return 'schema';
      if (key === 'examples') return { ordered: 'example' };
      if (key === 'encoding') return { ordered: 'fixed' };
      return key === 'example' ? 'data' : 'fixed';
    case 'example':
      return key === 'value' ? 'data' : 'fixed';
    case 'components': {
      const kinds: Record<string, Kind> = {
        schemas: 'schema',
        responses: 'response',
        parameters: 'parameter',
        examples: 'example',
        requestBodies: 'requestBody',
        headers: 'parameter',
        securitySchemes: 'fixed',
        links: 'fixed',
        callbacks: { sorted: 'pathItem' },
        pathItems: 'pathItem',
      };
      return { sorted: kinds[key] ?? 'fixed' };
    }
    case 'schema':
      if (key === 'properties') return { ordered: 'schema' };
      if (SCHEMA_MAPS.has(key)) return { sorted: 'schema' };
      if (SUBSCHEMA.has(key)) return 'schema';
      if (SCHEMA_LISTS.has(key)) return { array: 'schema' };
      if (SCHEMA_DATA.has(key) || key === 'required' || key === 'type') return 'data';
      return 'fixed';
    default:
      return 'fixed';
  }
}

function walk(value: unknown, kind: Kind): unknown {
  if (kind === 'data' || value === null || typeof value !== 'object') return structuredClone(value);
  if (Array.isArray(value)) {
    const item = typeof kind === 'object' && 'array' in kind ? kind.array : 'fixed';
    return value.map((v) => walk(v, item));
  }
  const obj = value as Json;
  if (typeof kind === 'object') {
    if ('array' in kind) return walk(obj, kind.array);
    const keys = 'sorted' in kind ? Object.keys(obj).sort() : Object.keys(obj);
    const child = 'sorted' in kind ? kind.sorted : kind.ordered;
    return Object.fromEntries(keys.map((k) => [k, walk(obj[k], k.startsWith('x-') ? 'data' : child)]));
  }
  const out: Json = {};
  for (const key of orderKeys(Object.keys(obj), ORDER[kind])) out[key] = walk(obj[key], childKind(kind, key));
  return out;
}

/** The contract as OpenAPI 3.1 (upgraded from 3.0 when needed), with a canonical key order. */
export async function normalizeContract(doc: Json): Promise<Json> {
  if (!/^3\.0\./.test(String(doc.openapi))) return normalizeSpec(doc);
  const { data } = await openapiConvertVersion(keepNullableWithoutType(structuredClone(doc)), { convertTo: '3.1' });
  return normalizeSpec(data as Json);
}

const DATA_KEYS = new Set(['example', 'examples', 'default', 'enum', 'const']);

/**
 * openapi-format drops `nullable: true` from a schema without `type` (the `nullable: true, allOf: [$ref]`
 * that NestJS emits), which loses the null. Such schemas are spelled the 3.1 way first:
 * `anyOf: [<the schema>, {type: 'null'}]`. Mutates and returns `node`.
 */
function keepNullableWithoutType(node: Json): Json {
  const visit = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(visit);
    if (typeof value !== 'object' || value === null) return value;
    const obj = value as Json;
    for (const key of Object.keys(obj)) if (!DATA_KEYS.has(key) && !key.startsWith('x-')) obj[key] = visit(obj[key]);
    if (obj.nullable !== true || obj.type !== undefined || obj.oneOf || obj.anyOf) return obj;
    const { nullable: _n, description, title, ...rest } = obj;
    const only = Array.isArray(rest.allOf) && rest.allOf.length === 1 && Object.keys(rest).length === 1 ? rest.allOf[0] : rest;
    return {
      ...(title !== undefined ? { title } : {}),
      ...(description !== undefined ? { description } : {}),
      anyOf: [only, { type: 'null' }],
    };
  };
  return visit(node) as Json;
}

/** The contract with a canonical key order (see the module comment). Does not change any value. */
export function normalizeSpec(spec: Json): Json {
  return walk(spec, 'root') as Json;
}

/** The bytes written to openapi.json: normalized, 2-space indented, with a trailing newline. */
export function formatSpec(spec: Json): string {
  return `${JSON.stringify(normalizeSpec(spec), null, 2)}\n`;
}
