/** `npm run spec:pull`: fetch a contract, check it, normalize it to OpenAPI 3.1, write it atomically. */
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { formatSpec } from './spec-normalize.js';
import { eachOperation, LIVE_CONTRACT_URL, loadContract } from './spec-source.js';

export interface PullOptions {
  /** URL or file to read the contract from (JSON or YAML, OpenAPI 3.0.x or 3.1.x). Default: the live contract. */
  from?: string;
  /** Where to write it. */
  out: string;
  timeoutMs?: number;
}

export interface PullReport {
  from: string;
  out: string;
  /** False when the normalized contract is byte for byte what `out` already held. */
  changed: boolean;
  /** The version the source declared; the file written is always OpenAPI 3.1. */
  sourceVersion: string;
  title: string;
  version: string;
  paths: number;
  operations: number;
  warnings: string[];
}

/**
 * Reads and checks the whole contract before touching `out`; a contract that fails any check throws a
 * SpecError and leaves `out` as it was. The file is replaced by a rename, so it is never half-written.
 */
export async function pullSpec(options: PullOptions): Promise<PullReport> {
  const from = options.from ?? LIVE_CONTRACT_URL;
  const { spec, sourceVersion, warnings } = await loadContract(from, { timeoutMs: options.timeoutMs });
  const text = formatSpec(spec);
  const previousText = await readFile(options.out, 'utf8').catch(() => undefined);
  const changed = text !== previousText;
  if (changed) {
    const temporary = `${options.out}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, text);
      await rename(temporary, options.out);
    } finally {
      await rm(temporary, { force: true });
    }
  }
  return {
    from,
    out: options.out,
    changed,
    sourceVersion,
    title: spec.info.title,
    version: spec.info.version,
    paths: Object.keys(spec.paths).length,
    operations: [...eachOperation(spec)].length,
    warnings,
  };
}

/** The report as lines for people. */
export function describePull(report: PullReport): string[] {
  const upgraded = report.sourceVersion.startsWith('3.0') ? `, upgraded from OpenAPI ${report.sourceVersion} to 3.1` : '';
  return [
    `${report.changed ? 'wrote' : 'unchanged:'} ${report.out}: ${report.title} ${report.version}, ${report.paths} paths, ${report.operations} operations (from ${report.from}${upgraded})`,
    ...report.warnings.map((w) => `warning: ${w}`),
  ];
}
