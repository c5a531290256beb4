/**
 * Limiter utilization: how much of an enforced rate limit the SDK's client-side limiter actually uses,
 * and whether it ever causes a 429 (how it is driven: ./support/limiter-run.ts), with a server that
 * answers at once.
 *
 * Goals: limiter-utilization >= 0.97, limiter-429s == 0.
 */
import { runLimiter } from './support/limiter-run.js';
import { printFigure } from './support/figure.js';

const UTILIZATION_GOAL = 0.97;

const { utilization, rejected, requests, context } = await runLimiter({ limit: 100, windowMs: 1000, warmup: 1, windows: 5, latencyMs: 0 });
printFigure('limiter-utilization', utilization, 'ratio', ['>=', UTILIZATION_GOAL], context);
printFigure('limiter-429s', rejected, 'count', ['==', 0], { requests });
