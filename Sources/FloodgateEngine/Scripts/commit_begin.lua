#!lua
-- First half of a commit: checks the Idempotency-Key's record (its owner first) and the
-- reservation, and claims the reservation for one payment attempt, so that concurrent commits
-- charge once. The reservation leaves the expiry index for fg:{S}:paying until the attempt is
-- settled: by commit_finish, or by the reconciliation pass once the hold has passed.
-- KEYS[1] fg:{S}:ctl   KEYS[2] fg:{S}:res:<reservation id>
-- KEYS[3] fg:{S}:idem:<n>:<user>:<Idempotency-Key> (this user's record)
-- KEYS[4] fg:{S}:inv   KEYS[5] fg:{S}:held   KEYS[6] fg:{S}:expiry   KEYS[7] fg:{S}:paying
-- KEYS[8] fg:{S}:ledger   KEYS[9] fg:{S}:counters
-- ARGV[1] reservation id   ARGV[2] user id   ARGV[3] request fingerprint
-- ARGV[4] payment attempt id   ARGV[5] how long the attempt is held (ms)
-- ARGV[6] while the sale is paused by ARGV[7] (the payment guard): one commit per this many ms
--         is let through to the gateway as a probe (fg:{S}:ctl payment_probe_ms: the last one);
--         the others are answered 'paused' and keep their carts (the sale's clock stands still)
-- ARGV[7] the pause actor whose pause lets probes through
-- Reply: {'pay', sku, qty, failure_rate, latency_ms, probe (1: the payment guard's probe through
--        a pause, else 0)}: go and charge (with the simulated gateway's settings), then run commit_finish
--     or {'replay', http status, body}: this Idempotency-Key was answered before
--     or {'committed', order id}: the reservation was committed before (the same answer again)
--     or {'pending', attempt id, ms until the attempt is reconciled}: an attempt is being paid
--     or {code}: 'idempotency_mismatch', 'not_found', 'paused', 'closed', 'cancelled', 'expired'
local K = {ctl = KEYS[1], res = KEYS[2], idem = KEYS[3], inv = KEYS[4], held = KEYS[5], expiry = KEYS[6],
  paying = KEYS[7], ledger = KEYS[8], counters = KEYS[9]}
local rid, user = ARGV[1], ARGV[2]
local now = now_ms()
-- A reservation no longer in fg:{S}:paying has been settled meanwhile: asking again now gets it.
local function pending(attempt)
  local at = absent_means(now, redis.call('ZSCORE', K.paying, rid), rid, K.paying)
  return {'pending', attempt, math.max(0, at - now)}
end
local seen = redis.call('HMGET', K.idem, 'user', 'fingerprint', 'status', 'http_status', 'body', 'attempt')
if seen[1] then
  if seen[1] ~= user then return {'not_found'} end
  if seen[2] ~= ARGV[3] then return {'idempotency_mismatch'} end
  if seen[3] == 'done' then return {'replay', required(seen[4], 'http_status', K.idem), seen[5]} end
  return pending(seen[6])
end
local r = redis.call('HMGET', K.res, 'user', 'status', 'expires_ms', 'sku', 'qty', 'order_id', 'attempt')
if not r[1] or r[1] ~= user then return {'not_found'} end
if r[2] == 'committed' then return {'committed', r[6]} end
if r[2] == 'paying' then return pending(r[7]) end
if r[2] == 'cancelled' or r[2] == 'refunded' or r[2] == 'released' then return {'cancelled'} end
if r[2] ~= 'reserved' then return {'expired'} end
-- Everything required is read before the first write.
local expires_ms, sku, qty = required(r[3], 'expires_ms', K.res), required_text(r[4], 'sku', K.res), required(r[5], 'qty', K.res)
local g = redis.call('HMGET', K.ctl, 'failure_rate', 'latency_ms')
required(g[1], 'failure_rate', K.ctl)
required(g[2], 'latency_ms', K.ctl)
-- Whether this commit may go through a pause as the payment guard's probe.
local function probe_due()
  local f = redis.call('HMGET', K.ctl, 'pause_actor', 'payment_probe_ms')
  return f[1] == ARGV[7] and absent_means(0, f[2], 'payment_probe_ms', K.ctl) + tonumber(ARGV[6]) <= now
end
local state = advance_state(K.ctl, now)
if state == 'rolling_back' or (state == 'paused' and not probe_due()) then return {'paused'} end
if state == 'closed' then return {'closed'} end
if expires_ms <= sale_now(K.ctl, now) then
  release(K, K.res, rid, 'expired', now)
  redis.call('HINCRBY', K.counters, 'expired', 1)
  return {'expired'}
end
if state == 'paused' then redis.call('HSET', K.ctl, 'payment_probe_ms', now) end
local hold_until = now + tonumber(ARGV[5])
redis.call('HSET', K.res, 'status', 'paying', 'paying_until', hold_until, 'attempt', ARGV[4], 'idem', K.idem)
redis.call('ZREM', K.expiry, rid)
redis.call('ZADD', K.paying, hold_until, rid)
redis.call('HSET', K.idem, 'user', user, 'fingerprint', ARGV[3], 'status', 'pending', 'rid', rid, 'attempt', ARGV[4])
redis.call('PEXPIRE', K.idem, 86400000)
redis.call('HINCRBY', K.counters, 'payment_attempts', 1)
return {'pay', sku, qty, g[1], g[2], state == 'paused' and 1 or 0}
