#!lua
-- Creates a sale: its definition, control hash, stock and counters, unless it exists.
-- K.ctl fg:{S}:ctl   K.def fg:{S}:def   KEYS[3] fg:{S}:inv   KEYS[4] fg:{S}:ledger   KEYS[5] fg:{S}:counters
-- ARGV[1] the definition as JSON
-- ARGV[2] n, the number of control fields, then n field/value pairs (ARGV[3] .. ARGV[2+2n])
-- ARGV[3+2n] .. the SKUs as sku/stock pairs
-- Reply: {'exists'} when the sale is already there, else {'ok', state} with the state now.
local K = {ctl = KEYS[1], def = KEYS[2], inv = KEYS[3], ledger = KEYS[4], counters = KEYS[5]}
if redis.call('EXISTS', K.ctl) == 1 then
  return {'exists'}
end
local n = tonumber(ARGV[2])
for i = 3, 2 + 2 * n, 2 do
  redis.call('HSET', K.ctl, ARGV[i], ARGV[i + 1])
end
local skus = {}
for i = 3 + 2 * n, #ARGV, 2 do
  local sku, stock = ARGV[i], ARGV[i + 1]
  table.insert(skus, sku)
  redis.call('HSET', K.inv, sku .. '|initial', stock, sku .. '|added', 0,
    sku .. '|available', stock, sku .. '|reserved', 0, sku .. '|sold', 0)
  redis.call('XADD', K.ledger, '*', 'op', 'stock', 'sku', sku, 'qty', stock)
end
redis.call('HSET', K.ctl, 'skus', table.concat(skus, ','), 'state', 'scheduled', 'tickets', 0,
  'admitted_through', 0, 'expired_through', 0, 'admit_carry', 0, 'registration_open', 1)
redis.call('SET', K.def, ARGV[1])
for _, field in ipairs({'registered', 'admitted', 'reserved', 'committed', 'cancelled', 'expired', 'released',
    'payment_attempts', 'payment_failures', 'refunded'}) do
  redis.call('HSET', K.counters, field, 0)
end
return {'ok', advance_state(K.ctl, now_ms())}
