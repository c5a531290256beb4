/**
 * Limiter utilization with answer latency: the same run as limiter.bench.ts (./support/limiter-run.ts),
 * with a server that takes 100 ms to answer, on 1 s windows, measured over 15 windows after the first.
 * A limiter that counts a slot until its answer arrives loses about latency / window of the limit;
 * the server counts on arrival, so the slot is spent when the request is sent.
 *
 * Goals: latency-limiter-utilization >= 0.97, latency-limiter-429s == 0.
 */
import { runLimiter } from './support/limiter-run.js';
import { printFigure } from './support/figure.js';

const UTILIZATION_GOAL = 0.97;

const { utilization, rejected, requests, context } = await runLimiter({
  limit: 100,
  windowMs: 1000,
  warmup: 1,
  windows: 15,
  latencyMs: 100,
});
printFigure('latency-limiter-utilization', utilization, 'ratio', ['>=', UTILIZATION_GOAL], context);
printFigure('latency-limiter-429s', rejected, 'count', ['==', 0], { requests, latencyMs: context.latencyMs });
