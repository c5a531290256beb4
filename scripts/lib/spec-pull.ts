/** `npm run spec:pull`: fetch the contract, check it, keep the SDK's extensions, normalize, write. */
import { readFile, writeFile } from 'node:fs/promises';
import { carryExtensions } from './spec-extensions.js';
import { formatSpec } from './spec-normalize.js';
import { eachOperation, LIVE_CONTRACT_URL, parseContract, readSource, SpecError, type Json } from './spec-source.js';

export interface PullOptions {
  /** URL or file to read the contract from. Default: the live contract. */
  from?: string;
  /** Where to write it. */
  out: string;
  /** The contract to carry x-invent-* extensions over from. Default: what `out` holds now (if anything). */
  base?: string;
  timeoutMs?: number;
}

export interface PullReport {
  from: string;
  out: string;
  /** False when the normalized contract is byte for byte what `out` already held. */
  changed: boolean;
  title: string;
  version: string;
  paths: number;
  operations: number;
  /** Operations that got their x-invent-* extensions from the base contract. */
  carried: string[];
  /** Operations without any x-invent-* extension (no rate limit, pagination or method name metadata). */
  missing: string[];
  warnings: string[];
}

export async function pullSpec(options: PullOptions): Promise<PullReport> {
  const from = options.from ?? LIVE_CONTRACT_URL;
  const { spec, warnings } = parseContract(await readSource(from, { timeoutMs: options.timeoutMs }), from);
  const previousText = await readFile(options.out, 'utf8').catch(() => undefined);
  let base: Json | undefined;
  if (options.base) base = parseContract(await readSource(options.base), options.base, { allow30: true }).spec;
  else if (previousText !== undefined) {
    try {
      base = JSON.parse(previousText);
    } catch {
      throw new SpecError(`${options.out} is not JSON, so its x-invent-* extensions cannot be carried over: pass --base FILE`);
    }
  }
  const { carried, missing } = carryExtensions(spec, base);
  const text = formatSpec(spec);
  const changed = text !== previousText;
  if (changed) await writeFile(options.out, text);
  return {
    from,
    out: options.out,
    changed,
    title: spec.info.title,
    version: spec.info.version,
    paths: Object.keys(spec.paths).length,
    operations: [...eachOperation(spec)].length,
    carried,
    missing,
    warnings,
  };
}

/** The report as lines for people. */
export function describePull(report: PullReport): string[] {
  const lines = [
    `${report.changed ? 'wrote' : 'unchanged:'} ${report.out}: ${report.title} ${report.version}, ${report.paths} paths, ${report.operations} operations (from ${report.from})`,
    `x-invent-* extensions carried over for ${report.carried.length} operation(s)`,
  ];
  if (report.missing.length) {
    lines.push(
      `${report.missing.length} operation(s) have no x-invent-* extension (no rate-limit, pagination or method-name metadata); add them to openapi.json by hand:`,
    );
    for (const op of report.missing) lines.push(`  - ${op}`);
  }
  for (const warning of report.warnings) lines.push(`warning: ${warning}`);
  return lines;
}
