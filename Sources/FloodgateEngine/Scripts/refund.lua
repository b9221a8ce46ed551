-- Records the refund of a committed order: its units return to stock. Refunding again
-- changes nothing.
-- KEYS[1] fg:{S}:ctl   KEYS[2] fg:{S}:res:<reservation id>
-- ARGV[1] reservation id
-- Reply: {'refunded'} or {'already_refunded'} or {'not_committed'}
local prefix = sale_prefix(KEYS[1])
local r = redis.call('HMGET', KEYS[2], 'status', 'user', 'sku', 'qty', 'order_id')
if r[1] == 'refunded' then return {'already_refunded'} end
if r[1] ~= 'committed' then return {'not_committed'} end
local qty = tonumber(r[4])
redis.call('HINCRBY', prefix .. 'inv', r[3] .. '|sold', -qty)
redis.call('HINCRBY', prefix .. 'inv', r[3] .. '|available', qty)
if redis.call('HINCRBY', prefix .. 'held', r[2], -qty) <= 0 then
  redis.call('HDEL', prefix .. 'held', r[2])
end
redis.call('HSET', KEYS[2], 'status', 'refunded', 'refunded_ms', now_ms())
redis.call('HINCRBY', prefix .. 'counters', 'refunded', 1)
redis.call('XADD', prefix .. 'ledger', '*', 'op', 'refund', 'rid', ARGV[1], 'user', r[2], 'sku', r[3],
  'qty', qty, 'order', r[5])
return {'refunded'}
