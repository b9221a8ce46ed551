#!lua
-- First half of a commit: checks the reservation and claims it for one payment attempt, so
-- that concurrent commits charge once and the expiry sweeper leaves it alone while it pays.
-- KEYS[1] fg:{S}:ctl   KEYS[2] fg:{S}:res:<reservation id>   KEYS[3] fg:{S}:idem:<Idempotency-Key>
-- KEYS[4] fg:{S}:inv   KEYS[5] fg:{S}:held   KEYS[6] fg:{S}:expiry   KEYS[7] fg:{S}:ledger   KEYS[8] fg:{S}:counters
-- ARGV[1] reservation id   ARGV[2] user id   ARGV[3] request fingerprint
-- ARGV[4] payment attempt id   ARGV[5] how long the attempt may take (ms)
-- Reply: {'pay', sku, qty, failure_rate, latency_ms}: go and charge (with the simulated
--        gateway's settings), then run commit_finish
--     or {'replay', http status, body}: this Idempotency-Key was answered before
--     or {'committed', order id}: the reservation was committed before (the same answer again)
--     or {code}: 'idempotency_mismatch', 'in_progress', 'not_found', 'paused', 'closed',
--        'cancelled', 'expired'
local K = {ctl = KEYS[1], res = KEYS[2], idem = KEYS[3], inv = KEYS[4], held = KEYS[5], expiry = KEYS[6],
  ledger = KEYS[7], counters = KEYS[8]}
local ctl, res, idem = K.ctl, K.res, K.idem
local now = now_ms()
local seen = redis.call('HMGET', idem, 'fingerprint', 'status', 'http_status', 'body')
if seen[1] then
  if seen[1] ~= ARGV[3] then return {'idempotency_mismatch'} end
  if seen[2] == 'done' then return {'replay', tonumber(seen[3]), seen[4]} end
  return {'in_progress'}
end
local r = redis.call('HMGET', res, 'user', 'status', 'expires_ms', 'sku', 'qty', 'order_id')
if not r[1] or r[1] ~= ARGV[2] then return {'not_found'} end
if r[2] == 'committed' then return {'committed', r[6]} end
if r[2] == 'paying' then return {'in_progress'} end
if r[2] == 'cancelled' or r[2] == 'refunded' then return {'cancelled'} end
if r[2] ~= 'reserved' then return {'expired'} end
local state = advance_state(ctl, now)
if state == 'paused' or state == 'rolling_back' then return {'paused'} end
if state == 'closed' then return {'closed'} end
if num(r[3], 0) <= now then
  release(K, res, ARGV[1], 'expired', now)
  redis.call('HINCRBY', K.counters, 'expired', 1)
  return {'expired'}
end
redis.call('HSET', res, 'status', 'paying', 'paying_until', now + tonumber(ARGV[5]), 'attempt', ARGV[4])
redis.call('HSET', idem, 'fingerprint', ARGV[3], 'status', 'pending', 'rid', ARGV[1])
redis.call('PEXPIRE', idem, 86400000)
redis.call('HINCRBY', K.counters, 'payment_attempts', 1)
local g = redis.call('HMGET', ctl, 'failure_rate', 'latency_ms')
return {'pay', r[4], tonumber(r[5]), g[1] or '0', g[2] or '0'}
