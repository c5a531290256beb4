/**
 * Checks values against the contract's schemas (as Prism parsed them, references resolved) with ajv:
 * every answer the stateful fake builds goes through it before it is sent, so a fake that drifts from
 * the contract fails loudly instead of teaching tests something Invent never says.
 */
import { createRequire } from 'node:module';
import type { Ajv2020 as Ajv2020Type, ValidateFunction } from 'ajv/dist/2020.js';

/**
 * ajv as Prism installs it (Prism validates with it): resolved from Prism's own location at run time,
 * so the package neither bundles a second copy nor needs its own dependency on it.
 */
function loadAjv(): { Ajv2020: typeof Ajv2020Type; addFormats: (ajv: Ajv2020Type) => void } {
  const fromPrism = createRequire(createRequire(import.meta.url).resolve('@stoplight/prism-http'));
  const { Ajv2020 } = fromPrism('ajv/dist/2020') as { Ajv2020: typeof Ajv2020Type };
  const formats = fromPrism('ajv-formats') as { default: (ajv: Ajv2020Type) => void };
  return { Ajv2020, addFormats: formats.default };
}

export type Schema = Record<string, unknown>;

/** Prism tags converted schemas with a draft-07 `$schema`; ajv 2020 refuses a foreign meta-schema. */
function withoutMetaSchema(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetaSchema);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) if (key !== '$schema' && key !== 'x-stoplight') out[key] = withoutMetaSchema(v);
  return out;
}

export class SchemaCheck {
  private readonly ajv: Ajv2020Type;
  private readonly compiled = new WeakMap<object, ValidateFunction>();

  constructor() {
    const { Ajv2020, addFormats } = loadAjv();
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
  }

  /** What is wrong with `value` against `schema`, one line each; empty when it conforms. */
  errors(schema: Schema, value: unknown): string[] {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(withoutMetaSchema(schema) as Schema);
      this.compiled.set(schema, validate);
    }
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
  }

  conforms(schema: Schema, value: unknown): boolean {
    return this.errors(schema, value).length === 0;
  }
}
