/** Validates values against schemas of the contract (OpenAPI 3.1 schemas are JSON Schema 2020-12). */
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { spec } from './spec.js';

const ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
ajv.addSchema({ $id: 'invent-spec.json', components: spec.components });

/** Returns the list of violations of `value` against `schema` (empty when it conforms). */
export function violations(schema: object, value: unknown): string[] {
  const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"invent-spec.json#/components/'));
  const validate = ajv.compile(rebased);
  if (validate(value)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message}`);
}
