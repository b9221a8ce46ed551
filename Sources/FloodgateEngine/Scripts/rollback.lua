#!lua flags=allow-oom
-- One batch of a rollback: puts the sale in rolling_back (no admission, no checkout; the
-- sale's clock stops) and releases the live reservations the caller read from fg:{S}:expiry
-- and fg:{S}:paying, returning their units to stock. A reservation being paid for is released
-- too: its attempt is queued in fg:{S}:voids (no charge may stand) and its Idempotency-Key
-- record gets the 410 answer. Each reservation released is counted as `released` in the funnel
-- counters. Run until both sets are empty.
-- KEYS[1] fg:{S}:ctl   KEYS[2] fg:{S}:inv   KEYS[3] fg:{S}:held   KEYS[4] fg:{S}:expiry
-- KEYS[5] fg:{S}:paying   KEYS[6] fg:{S}:ledger   KEYS[7] fg:{S}:voids   KEYS[8] fg:{S}:counters
-- KEYS[7+2i] fg:{S}:res:<ARGV[1+i]>   KEYS[8+2i] its idempotency record (its `idem` field), or
--   any other key of the sale when it has none
-- ARGV[1] the JSON body of the 410 answer   ARGV[1+i] the ids of the reservations to release
-- Reply: {released, remaining, attempts queued to void}
--     or {'unknown_sale'} when the sale is gone or archived: nothing is written.
local K = {ctl = KEYS[1], inv = KEYS[2], held = KEYS[3], expiry = KEYS[4], paying = KEYS[5], ledger = KEYS[6],
  voids = KEYS[7], counters = KEYS[8]}
if sale_gone(K.ctl) then return {'unknown_sale'} end
local now = now_ms()
local state = redis.call('HGET', K.ctl, 'state')
if state ~= 'rolling_back' then
  redis.call('HSET', K.ctl, 'rollback_from', state, 'state', 'rolling_back')
  stop_clock(K.ctl, now)
end
local released, voids = 0, 0
for i = 2, #ARGV do
  local rid, res, idem = ARGV[i], KEYS[7 + 2 * (i - 1)], KEYS[8 + 2 * (i - 1)]
  local r = redis.call('HMGET', res, 'status', 'attempt', 'idem')
  if r[1] == 'reserved' or r[1] == 'paying' then
    if r[1] == 'paying' then
      redis.call('ZADD', K.voids, now, r[2])
      voids = voids + 1
      if r[3] == idem and redis.call('HGET', idem, 'status') ~= 'done' then
        redis.call('HSET', idem, 'status', 'done', 'http_status', 410, 'body', ARGV[1])
      end
    end
    release(K, res, rid, 'released', now)
    released = released + 1
  end
  redis.call('ZREM', K.expiry, rid)
  redis.call('ZREM', K.paying, rid)
end
if released > 0 then redis.call('HINCRBY', K.counters, 'released', released) end
return {released, redis.call('ZCARD', K.expiry) + redis.call('ZCARD', K.paying), voids}
