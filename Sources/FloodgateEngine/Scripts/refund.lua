#!lua flags=allow-oom
-- Records the refund of a committed order: its units return to stock. Refunding again
-- changes nothing.
-- KEYS[1] fg:{S}:ctl   KEYS[2] fg:{S}:res:<reservation id>   KEYS[3] fg:{S}:inv   KEYS[4] fg:{S}:held
-- KEYS[5] fg:{S}:counters   KEYS[6] fg:{S}:ledger
-- ARGV[1] reservation id
-- Reply: {'refunded'} or {'already_refunded'} or {'not_committed'}
local K = {ctl = KEYS[1], res = KEYS[2], inv = KEYS[3], held = KEYS[4], counters = KEYS[5], ledger = KEYS[6]}
local r = redis.call('HMGET', K.res, 'status', 'user', 'sku', 'qty', 'order_id')
if r[1] == 'refunded' then return {'already_refunded'} end
if r[1] ~= 'committed' then return {'not_committed'} end
local user, sku = required_text(r[2], 'user', K.res), required_text(r[3], 'sku', K.res)
local qty = required(r[4], 'qty', K.res)
redis.call('HINCRBY', K.inv, sku .. '|sold', -qty)
redis.call('HINCRBY', K.inv, sku .. '|available', qty)
if redis.call('HINCRBY', K.held, user, -qty) <= 0 then
  redis.call('HDEL', K.held, user)
end
redis.call('HSET', K.res, 'status', 'refunded', 'refunded_ms', now_ms())
redis.call('HINCRBY', K.counters, 'refunded', 1)
redis.call('XADD', K.ledger, '*', 'op', 'refund', 'rid', ARGV[1], 'user', user, 'sku', sku,
  'qty', qty, 'order', r[5])
return {'refunded'}
