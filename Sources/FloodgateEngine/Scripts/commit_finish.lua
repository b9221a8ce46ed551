#!lua flags=allow-oom
-- Second half of a commit: records the payment's outcome. Paid: the units are sold and the
-- order exists. Declined: the cart is held until its TTL. If the sweeper expired the
-- reservation while the payment ran (the attempt took too long), the charge must be voided.
-- KEYS[1] fg:{S}:ctl   KEYS[2] fg:{S}:res:<reservation id>   KEYS[3] fg:{S}:idem:<Idempotency-Key>
-- KEYS[4] fg:{S}:inv   KEYS[5] fg:{S}:held   KEYS[6] fg:{S}:expiry   KEYS[7] fg:{S}:ledger   KEYS[8] fg:{S}:counters
-- KEYS[9] fg:{S}:orders
-- ARGV[1] reservation id   ARGV[2] 'paid' or 'declined'   ARGV[3] payment attempt id
-- ARGV[4] order id   ARGV[5] the JSON body of a successful answer
-- ARGV[6] the JSON body of a declined answer   ARGV[7] the JSON body of an expired answer
-- Reply: {'committed', order id} or {'declined'} or {'void'} (answer 410, void the charge)
local K = {ctl = KEYS[1], res = KEYS[2], idem = KEYS[3], inv = KEYS[4], held = KEYS[5], expiry = KEYS[6],
  ledger = KEYS[7], counters = KEYS[8], orders = KEYS[9]}
local res, idem = K.res, K.idem
local now = now_ms()
local r = redis.call('HMGET', res, 'status', 'attempt', 'sku', 'qty', 'user', 'expires_ms')
local function answer(status, body)
  redis.call('HSET', idem, 'status', 'done', 'http_status', status, 'body', body)
end
if r[1] ~= 'paying' or r[2] ~= ARGV[3] then
  answer(410, ARGV[7])
  return {'void'}
end
if ARGV[2] == 'paid' then
  local qty = tonumber(r[4])
  redis.call('HINCRBY', K.inv, r[3] .. '|reserved', -qty)
  redis.call('HINCRBY', K.inv, r[3] .. '|sold', qty)
  redis.call('HSET', res, 'status', 'committed', 'order_id', ARGV[4], 'committed_ms', now)
  redis.call('HDEL', res, 'paying_until')
  redis.call('ZREM', K.expiry, ARGV[1])
  redis.call('ZADD', K.orders, now, ARGV[4] .. ':' .. ARGV[1])
  redis.call('HINCRBY', K.counters, 'committed', 1)
  redis.call('XADD', K.ledger, '*', 'op', 'commit', 'rid', ARGV[1], 'user', r[5], 'sku', r[3],
    'qty', qty, 'order', ARGV[4], 'attempt', ARGV[3])
  answer(200, ARGV[5])
  return {'committed', ARGV[4]}
end
redis.call('HSET', res, 'status', 'reserved')
redis.call('HDEL', res, 'paying_until')
redis.call('HINCRBY', K.counters, 'payment_failures', 1)
if num(r[6], 0) <= now then
  release(K, res, ARGV[1], 'expired', now)
  redis.call('HINCRBY', K.counters, 'expired', 1)
end
answer(402, ARGV[6])
return {'declined'}
