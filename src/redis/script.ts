/**
 * The Lua script behind the Redis store: one script, three operations, each atomic and each on
 * Redis's own clock (`TIME`), so processes with skewed clocks agree on every window.
 *
 * Layout, per budget (a window's `key`, under the store's prefix):
 *
 *   <prefix><key>        sorted set of slots. In flight: member = lease id, score = taken + holdMs
 *                        (a slot never released, its process dead, counts as released holdMs after
 *                        it was taken). Released: member = lease id .. ':r', score = release time.
 *                        A slot counts against a window while score + windowMs > now.
 *   <prefix><key>:meta   hash: `p` = paused until (Redis ms), `w` = the longest window the key was
 *                        used with (what pruning must keep).
 *
 * Both keys get a PEXPIRE on every write that covers exactly what still counts (the highest score plus
 * the longest window, or the pause), so idle budgets and dead processes leave nothing behind.
 *
 * KEYS: the set and meta key of each window, in order (set1, meta1, set2, meta2, ...).
 *   acquire  ARGV: 'acquire', lease, holdMs, limit1, windowMs1, limit2, windowMs2, ...
 *            -> {1} taken in every window, or {0, i, retryInMs} (window i full or paused; nothing taken)
 *   release  ARGV: 'release', lease, windowMs1, windowMs2, ...        -> 1
 *   pause    ARGV: 'pause', durationMs (one window's two keys)         -> 1
 *
 * Scores and bounds are written with `%.3f` (microseconds): Lua's default number formatting keeps only
 * 14 digits, which would round millisecond timestamps to a tenth of a millisecond.
 */
export const RATE_LIMIT_SCRIPT = `-- invent-sdk rate-limit store, v1
if redis.replicate_commands then pcall(redis.replicate_commands) end

local op = ARGV[1]
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000

local function fmt(x) return string.format('%.3f', x) end

local function touch(zkey, mkey, maxw)
  local ttl = 1
  local top = redis.call('ZRANGE', zkey, -1, -1, 'WITHSCORES')
  if top[2] then
    ttl = math.max(1, math.ceil(tonumber(top[2]) + maxw - now) + 1)
    redis.call('PEXPIRE', zkey, ttl)
  end
  local paused = tonumber(redis.call('HGET', mkey, 'p'))
  if paused then ttl = math.max(ttl, math.ceil(paused - now) + 1) end
  redis.call('PEXPIRE', mkey, ttl)
end

if op == 'acquire' then
  local lease = ARGV[2]
  local hold = tonumber(ARGV[3])
  local n = #KEYS / 2
  local maxws = {}
  local stored = {}
  for i = 1, n do
    local zkey, mkey = KEYS[2 * i - 1], KEYS[2 * i]
    local limit, win = tonumber(ARGV[2 + 2 * i]), tonumber(ARGV[3 + 2 * i])
    local meta = redis.call('HMGET', mkey, 'p', 'w')
    local paused = tonumber(meta[1])
    if paused and paused > now then return {0, i, math.ceil(paused - now)} end
    stored[i] = tonumber(meta[2]) or 0
    local maxw = math.max(win, stored[i])
    maxws[i] = maxw
    redis.call('ZREMRANGEBYSCORE', zkey, '-inf', fmt(now - maxw))
    local bound = '(' .. fmt(now - win)
    local counted = redis.call('ZCOUNT', zkey, bound, '+inf')
    if counted >= limit then
      -- Room comes when the (counted - limit + 1)-th oldest counted slot ages out. A slot still in
      -- flight (score in the future) could be released now, so it frees a full window from now at best.
      local nth = redis.call('ZRANGEBYSCORE', zkey, bound, '+inf', 'WITHSCORES', 'LIMIT', counted - limit, 1)
      local stamp = tonumber(nth[2])
      local wait = win
      if stamp < now then wait = stamp + win - now end
      return {0, i, math.max(0, math.ceil(wait))}
    end
  end
  for i = 1, n do
    local zkey, mkey = KEYS[2 * i - 1], KEYS[2 * i]
    redis.call('ZADD', zkey, fmt(now + hold), lease)
    if maxws[i] > stored[i] then redis.call('HSET', mkey, 'w', maxws[i]) end
    touch(zkey, mkey, maxws[i])
  end
  return {1}
elseif op == 'release' then
  local lease = ARGV[2]
  for i = 1, #KEYS / 2 do
    local zkey, mkey = KEYS[2 * i - 1], KEYS[2 * i]
    -- Only a slot still in flight is stamped: releasing twice, or after the slot aged out, does nothing.
    if redis.call('ZREM', zkey, lease) == 1 then
      redis.call('ZADD', zkey, fmt(now), lease .. ':r')
      touch(zkey, mkey, math.max(tonumber(ARGV[2 + i]), tonumber(redis.call('HGET', mkey, 'w')) or 0))
    end
  end
  return 1
elseif op == 'pause' then
  local zkey, mkey = KEYS[1], KEYS[2]
  local untilp = now + tonumber(ARGV[2])
  local current = tonumber(redis.call('HGET', mkey, 'p'))
  if not current or untilp > current then
    redis.call('HSET', mkey, 'p', fmt(untilp))
    redis.call('PEXPIRE', mkey, math.max(redis.call('PTTL', zkey), math.ceil(untilp - now) + 1))
  end
  return 1
end
return redis.error_reply('invent-sdk rate-limit script: unknown operation ' .. tostring(op))
`;
