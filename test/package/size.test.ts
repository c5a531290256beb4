/**
 * The size budget (see support/bundle-size.ts for how it is measured): a program that creates a
 * client and makes one call, bundled for the browser from the build, minified and gzipped.
 * `npm run bench` prints the same figure with the breakdown by source file.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { operationList } from '../../generated/operations.js';
import { requireBuild } from './support/build.js';
import {
  BUDGET_BYTES,
  CEILING_BYTES,
  ceilingFor,
  measureBundle,
  measureSingleFile,
  SINGLE_FILE_CEILING_BYTES,
  SINGLE_FILE_GOAL_BYTES,
} from './support/bundle-size.js';

beforeAll(() => requireBuild());

const ceiling = ceilingFor(CEILING_BYTES, operationList.length);
const singleFileCeiling = ceilingFor(SINGLE_FILE_CEILING_BYTES, operationList.length);

describe('bundle size of createInvent and one call', () => {
  it(`stays within the ceiling (${ceiling} gzipped bytes for ${operationList.length} operations; goal ${BUDGET_BYTES})`, async () => {
    const report = await measureBundle();
    const top = report.inputs
      .slice(0, 8)
      .map((i) => `${i.path} ${i.bytes}`)
      .join(', ');
    expect(report.gzipBytes, `${report.gzipBytes} gzipped bytes at start; largest inputs: ${top}`).toBeLessThanOrEqual(ceiling);
  });

  it('keeps the inbox client, valibot, the broadcast helpers and the page walk out of what loads at start', async () => {
    const report = await measureBundle({ source: true });
    const paths = report.inputs.map((i) => i.path);
    const lazyInbox = /src\/inbox\/(open|connection|events|socket|queue|session|delivery|reconnect|reconcile|reconcile-cutoff|options)\.ts/;
    const lazyOther = /node_modules\/(valibot|ws)\/|src\/broadcasts\/impl\.ts|src\/pagination\/walk\.ts/;
    expect(paths.filter((p) => lazyOther.test(p) || lazyInbox.test(p))).toEqual([]);
    expect(Object.keys(report.lazy)).toContain('src/pagination/walk.ts');
    expect(Object.keys(report.lazy).length).toBeGreaterThan(0);
  });

  it(`fits every feature in one file within ${singleFileCeiling} gzipped bytes (valibot, no ws; goal ${SINGLE_FILE_GOAL_BYTES})`, async () => {
    const report = await measureSingleFile();
    expect(report.gzipBytes).toBeLessThanOrEqual(singleFileCeiling);
  });
});
