/**
 * `invent-sdk/redis`: a rate-limit store on Redis, so that many processes share one budget.
 *
 *   import Redis from 'ioredis';
 *   import { createInvent } from 'invent-sdk';
 *   import { redisStore } from 'invent-sdk/redis';
 *
 *   const invent = createInvent({ rateLimit: { store: redisStore(new Redis(process.env.REDIS_URL)) } });
 *
 * This entry point imports no Redis library: the store drives the client you pass (ioredis or
 * node-redis). See docs/redis.md.
 */
export {
  redisStore,
  RedisRateLimitStore,
  RateLimitStoreUnavailableError,
  type RedisStoreOptions,
  type RedisStoreStateEvent,
  type RedisUnavailablePolicy,
} from './store.js';
export type { IORedisLike, NodeRedisLike, RedisClientLike } from './client.js';
