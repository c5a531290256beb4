import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

/**
 * `invent-source`: the package's export condition that points `invent-sdk`, `invent-sdk/testing` and
 * `invent-sdk/redis` at src/ (the published package resolves them to dist/). Tests, examples and
 * benches import the SDK by name and run the source without a build. See CONTRIBUTING.md.
 */
const SOURCE_CONDITION = 'invent-source';

const TIMED = [
  'test/faults/rate-limit.test.ts',
  'test/redis/**/*.test.ts',
  'test/broadcasts/faults.test.ts',
  'test/regenerate/regenerate.test.ts',
];

/** The version src/client/user-agent.ts names, as the build writes it in (see tsup.config.ts). */
const { version } = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };

export default defineConfig({
  define: { __INVENT_SDK_VERSION__: JSON.stringify(version) },
  resolve: { conditions: [SOURCE_CONDITION, 'module', 'browser', 'development|production'] },
  ssr: { resolve: { conditions: [SOURCE_CONDITION, 'module', 'node', 'development|production'], externalConditions: [SOURCE_CONDITION] } },
  test: {
    testTimeout: 20_000,
    hookTimeout: 30_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    projects: [
      {
        extends: true,
        test: { name: 'suites', include: ['test/**/*.test.ts', 'examples/**/*.test.ts'], exclude: TIMED, sequence: { groupOrder: 0 } },
      },
      // Suites that measure throughput against enforcing servers, and the regeneration runs (each one a
      // copy of the repo regenerated, type-checked and tested): after the rest, one file at a time, so the
      // two cores are not shared with a busy test file while they count requests per window.
      { extends: true, test: { name: 'timed', include: TIMED, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
