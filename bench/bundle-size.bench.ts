/**
 * Bundle size: the bundled, minified and gzipped bytes a program that creates a client and makes one
 * call loads at start (`createInvent({ apiKey })`, then `invent.assistants.get(id)`), bundled with
 * esbuild for the browser. Measured on the build in dist/ (what users install) when it exists, else
 * on src/; how it is measured: test/package/support/bundle-size.ts.
 *
 * Prints the figure with the largest source files (minified bytes) and the lazily loaded chunks
 * (gzipped bytes), which the program does not load.
 *
 * Goal: no more than Octokit core + throttling + retry + paginate (PEER_PROGRAM), bundled the same way
 * in this run. test/package/size.test.ts fails `npm test` above CEILING_BYTES.
 *
 * Also `bundle-single-file-gzip-bytes`: every feature of the main entry (a call, a transactional send,
 * the inbox) bundled into one file without code splitting, as a Worker ships it. Goal: <= 40960 bytes (40 KiB).
 */
import { printFigure } from './support/figure.js';
import { existsSync } from 'node:fs';
import { root } from '../test/package/support/build.js';
import {
  BUDGET_BYTES,
  CEILING_BYTES,
  measureBundle,
  measureSingleFile,
  PEER_PROGRAM,
  SINGLE_FILE_CEILING_BYTES,
  SINGLE_FILE_GOAL_BYTES,
} from '../test/package/support/bundle-size.js';

const fromDist = existsSync(`${root}/dist/index.js`);
const measured = await measureBundle({ source: !fromDist });
const peer = await measureBundle({ program: PEER_PROGRAM });
const breakdown = fromDist ? await measureBundle({ source: true }) : measured;

printFigure('bundle-gzip-bytes', measured.gzipBytes, 'bytes', ['<=', peer.gzipBytes], {
  peer: 'octokit core+throttling+retry+paginate',
  peerGzipBytes: peer.gzipBytes,
  recordedPeerGzipBytes: BUDGET_BYTES,
  ceiling: CEILING_BYTES,
  from: fromDist ? 'dist' : 'src',
  minifiedBytes: measured.minifiedBytes,
  largest: Object.fromEntries(breakdown.inputs.slice(0, 12).map((i) => [i.path, i.bytes])),
  lazyGzipBytes: breakdown.lazy,
});

const single = await measureSingleFile({ source: !fromDist });
printFigure('bundle-single-file-gzip-bytes', single.gzipBytes, 'bytes', ['<=', SINGLE_FILE_GOAL_BYTES], {
  ceiling: SINGLE_FILE_CEILING_BYTES,
  from: fromDist ? 'dist' : 'src',
  minifiedBytes: single.minifiedBytes,
});
