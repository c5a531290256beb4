/**
 * The Redis client, typed by the one method the store calls, so an instance of either common library
 * fits without the SDK importing it:
 *
 * - ioredis (>= 5): `redis.call(command, ...args)`;
 * - node-redis (`redis` >= 4): `client.sendCommand([command, ...args])`.
 *
 * Replies are the raw RESP values both libraries give (integers as numbers, arrays as arrays).
 */
import { InventConfigError } from '../errors.js';

/** An ioredis client (`new Redis(...)`), or anything with its generic `call`. */
export interface IORedisLike {
  /** Sends one command with its arguments; resolves with Redis's reply. */
  call(command: string, ...args: Array<string | number>): Promise<unknown>;
}

/** A node-redis client (`createClient(...)` from `redis`), or anything with its `sendCommand`. */
export interface NodeRedisLike {
  /** Sends one command, given as `[command, ...args]`; resolves with Redis's reply. */
  sendCommand(args: string[]): Promise<unknown>;
}

/** A Redis client the store can drive: an ioredis client or a node-redis client. */
export type RedisClientLike = IORedisLike | NodeRedisLike;

/** Sends one command: `(['EVALSHA', sha, '2', ...])`. */
export type SendCommand = (args: string[]) => Promise<unknown>;

export function commandSender(client: RedisClientLike): SendCommand {
  const c = client as Partial<IORedisLike & NodeRedisLike> | null;
  if (c && typeof c.call === 'function') {
    // ioredis also has a `sendCommand`, taking its own Command objects: `call` first.
    const call = c.call.bind(c);
    return (args) => call(args[0]!, ...args.slice(1));
  }
  if (c && typeof c.sendCommand === 'function') {
    const send = c.sendCommand.bind(c);
    return (args) => send(args);
  }
  throw new InventConfigError(
    'redisStore needs a Redis client: an ioredis instance (with `call`) or a node-redis client (with `sendCommand`)',
  );
}
