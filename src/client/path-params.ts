import { InventValidationError } from '../errors.js';

const PLACEHOLDER = /\{([^}]+)\}/g;

/** A path template split once: literal text at even indexes, placeholder names at odd ones. */
const compiled = new Map<string, readonly string[]>();

/** Enough for every template of the contract; past it the cache starts over rather than grow. */
const MAX_TEMPLATES = 1000;

function partsOf(url: string): readonly string[] {
  let parts = compiled.get(url);
  if (!parts) {
    parts = url.split(PLACEHOLDER);
    if (compiled.size >= MAX_TEMPLATES) compiled.clear();
    compiled.set(url, parts);
  }
  return parts;
}

function segment(name: string, value: unknown): string {
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
}

/**
 * Fills a path template so that no value can change which endpoint is called: every placeholder must
 * be given, values are percent-encoded (so `/`, `?` and `#` stay inside their segment), and the
 * dot-segments `.` and `..`, which URL parsers resolve away (even percent-encoded), are refused.
 * Each template is split once and kept.
 */
export function fillPath(url: string, params: Record<string, unknown>): string {
  if (!url.includes('{')) return url;
  const parts = partsOf(url);
  let filled = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) filled += segment(parts[i]!, params[parts[i]!]) + parts[i + 1]!;
  return filled;
}
