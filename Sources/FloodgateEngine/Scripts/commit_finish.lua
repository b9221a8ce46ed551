#!lua flags=allow-oom
-- Second half of a commit, and the settling of an attempt by the reconciliation pass: records
-- a payment attempt's outcome. Paid: the units are sold and the order exists. Declined: the
-- cart goes back to its TTL (expired at once if the TTL ran out). Unknown: the reservation
-- stays paying, to be reconciled after `retry` ms. The attempt's Idempotency-Key record gets
-- the final answer. When the reservation is no longer paying for this attempt (a rollback
-- released it), a charge must not stand: the attempt is queued in fg:{S}:voids.
-- KEYS[1] fg:{S}:ctl   KEYS[2] fg:{S}:res:<reservation id>
-- KEYS[3] the attempt's idempotency record (the reservation's `idem` field)
-- KEYS[4] fg:{S}:inv   KEYS[5] fg:{S}:held   KEYS[6] fg:{S}:expiry   KEYS[7] fg:{S}:paying
-- KEYS[8] fg:{S}:ledger   KEYS[9] fg:{S}:counters   KEYS[10] fg:{S}:orders   KEYS[11] fg:{S}:voids
-- KEYS[12] fg:{S}:payouts   list: the latest payment outcomes, newest first ('<ms>:1' paid,
--          '<ms>:0' declined; the payment guard reads its last N attempts from it; 10,000 kept)
-- ARGV[1] reservation id   ARGV[2] 'paid', 'declined' or 'unknown'   ARGV[3] payment attempt id
-- ARGV[4] order id   ARGV[5] the JSON body of a successful answer   ARGV[6] of a declined one
-- ARGV[7] of a gone one (410)   ARGV[8] retry: ms until an unknown attempt is reconciled
-- ARGV[9] the funnel counter to count the outcome in as well ('' for none)
-- ARGV[10] '1' when the attempt was the payment guard's probe through a pause: declined, it
--          leaves no answer on its key (the record is deleted; the shopper was answered 503 and
--          retries with the same key), '0' otherwise
-- Reply: {'committed', order id} or {'declined'} or {'pending'}
--     or {'void'}: the reservation is gone; a charge of the attempt is to be voided
local K = {ctl = KEYS[1], res = KEYS[2], idem = KEYS[3], inv = KEYS[4], held = KEYS[5], expiry = KEYS[6],
  paying = KEYS[7], ledger = KEYS[8], counters = KEYS[9], orders = KEYS[10], voids = KEYS[11], payouts = KEYS[12]}
local rid, outcome, attempt = ARGV[1], ARGV[2], ARGV[3]
local now = now_ms()
local r = redis.call('HMGET', K.res, 'status', 'attempt', 'sku', 'qty', 'user', 'expires_ms', 'order_id')
local function answer(status, body)
  local record = redis.call('HMGET', K.idem, 'attempt', 'status')
  if record[1] == attempt and record[2] ~= 'done' then
    redis.call('HSET', K.idem, 'status', 'done', 'http_status', status, 'body', body)
  end
end
local function outcome_seen(paid)
  redis.call('LPUSH', K.payouts, now .. (paid and ':1' or ':0'))
  redis.call('LTRIM', K.payouts, 0, 9999)
end
local function count(name)
  redis.call('HINCRBY', K.counters, name, 1)
  if ARGV[9] ~= '' then redis.call('HINCRBY', K.counters, ARGV[9], 1) end
end
if r[2] == attempt and r[1] == 'committed' then
  redis.call('ZREM', K.paying, rid)
  return {'committed', r[7]}
end
if r[1] ~= 'paying' or r[2] ~= attempt then
  if r[1] ~= 'paying' then redis.call('ZREM', K.paying, rid) end
  answer(410, ARGV[7])
  if outcome ~= 'declined' then redis.call('ZADD', K.voids, now, attempt) end
  return {'void'}
end
if outcome == 'unknown' then
  redis.call('ZADD', K.paying, now + tonumber(ARGV[8]), rid)
  return {'pending'}
end
-- Everything required is read before the first write.
local sku, qty = required_text(r[3], 'sku', K.res), required(r[4], 'qty', K.res)
local user, expires = required_text(r[5], 'user', K.res), required(r[6], 'expires_ms', K.res)
local clock = sale_now(K.ctl, now)
redis.call('HDEL', K.res, 'paying_until')
redis.call('ZREM', K.paying, rid)
if outcome == 'paid' then
  redis.call('HINCRBY', K.inv, sku .. '|reserved', -qty)
  redis.call('HINCRBY', K.inv, sku .. '|sold', qty)
  redis.call('HSET', K.res, 'status', 'committed', 'order_id', ARGV[4], 'committed_ms', now)
  redis.call('ZADD', K.orders, now, ARGV[4] .. ':' .. rid)
  count('committed')
  outcome_seen(true)
  redis.call('XADD', K.ledger, '*', 'op', 'commit', 'rid', rid, 'user', user, 'sku', sku,
    'qty', qty, 'order', ARGV[4], 'attempt', attempt)
  answer(200, ARGV[5])
  return {'committed', ARGV[4]}
end
redis.call('HSET', K.res, 'status', 'reserved')
count('payment_failures')
outcome_seen(false)
if expires <= clock then
  release(K, K.res, rid, 'expired', now)
  redis.call('HINCRBY', K.counters, 'expired', 1)
else
  redis.call('ZADD', K.expiry, expires, rid)
end
if ARGV[10] == '1' then
  if redis.call('HGET', K.idem, 'attempt') == attempt then redis.call('DEL', K.idem) end
else
  answer(402, ARGV[6])
end
return {'declined'}
