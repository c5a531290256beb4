import { InventValidationError } from '../errors.js';

const PLACEHOLDER = /\{([^}]+)\}/g;

/**
 * Fills a path template so that no value can change which endpoint is called: every placeholder must
 * be given, values are percent-encoded (so `/`, `?` and `#` stay inside their segment), and the
 * dot-segments `.` and `..`, which URL parsers resolve away (even percent-encoded), are refused.
 */
export function fillPath(url: string, params: Record<string, unknown>): string {
  return url.replace(PLACEHOLDER, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) {
      throw new InventValidationError(`missing path parameter \`${name}\``);
    }
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new InventValidationError(`path parameter \`${name}\` must be a string or number, got ${typeof value}`);
    }
    const text = String(value);
    if (text === '' || text === '.' || text === '..') {
      throw new InventValidationError(`path parameter \`${name}\` cannot be ${JSON.stringify(text)}`);
    }
    return encodeURIComponent(text);
  });
}
