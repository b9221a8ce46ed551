#!lua
-- Reserves units of one SKU for an admitted shopper, for the sale's reservation TTL (on the
-- sale's clock, which stops while the sale is paused).
-- KEYS[1] fg:{S}:ctl   KEYS[2] fg:{S}:res:<reservation id>   KEYS[3] fg:{S}:inv   KEYS[4] fg:{S}:held
-- KEYS[5] fg:{S}:expiry   KEYS[6] fg:{S}:counters   KEYS[7] fg:{S}:ledger
-- KEYS[8] fg:{S}:bot:held   KEYS[9] fg:{S}:bot:revoked   KEYS[10] fg:{S}:bot:ures (user -> its reservation ids, for eviction)
-- ARGV[1] reservation id   ARGV[2] user id   ARGV[3] queue position   ARGV[4] sku   ARGV[5] quantity
-- Reply: {'ok', expires_ms (wall clock, as of now)}
--     or {code}: 'token_revoked', 'paused', 'closed', 'not_admitted', 'admission_expired', 'unknown_sku', 'sold_out'
--     or {'limit_reached', units held, per-user limit}
local K = {ctl = KEYS[1], res = KEYS[2], inv = KEYS[3], held = KEYS[4], expiry = KEYS[5], counters = KEYS[6], ledger = KEYS[7],
  bot_held = KEYS[8], bot_revoked = KEYS[9], bot_ures = KEYS[10]}
if redis.call('SISMEMBER', K.bot_revoked, ARGV[2]) == 1 then return {'token_revoked'} end
local now = now_ms()
local state = advance_state(K.ctl, now)
if state == 'paused' or state == 'rolling_back' then return {'paused'} end
if state == 'closed' then return {'closed'} end
if state == 'scheduled' or state == 'prequeue' then return {'not_admitted'} end
local f = redis.call('HMGET', K.ctl, 'admitted_through', 'expired_through', 'ttl_ms', 'per_user_limit')
local position = tonumber(ARGV[3])
if position > num(f[1], 0) then return {'not_admitted'} end
if position <= num(f[2], 0) then return {'admission_expired'} end
if redis.call('ZSCORE', K.bot_held, ARGV[2]) then return {'not_admitted'} end

local rid, user, sku, qty = ARGV[1], ARGV[2], ARGV[4], tonumber(ARGV[5])
local available = redis.call('HGET', K.inv, sku .. '|available')
if not available then return {'unknown_sku'} end
local held = num(redis.call('HGET', K.held, user), 0)
local limit = num(f[4], 1)
if held + qty > limit then return {'limit_reached', held, limit} end
if tonumber(available) < qty then return {'sold_out'} end

local clock = sale_now(K.ctl, now)
local expires = clock + num(f[3], 120000)
redis.call('HINCRBY', K.inv, sku .. '|available', -qty)
redis.call('HINCRBY', K.inv, sku .. '|reserved', qty)
redis.call('HINCRBY', K.held, user, qty)
redis.call('HSET', K.res, 'user', user, 'sku', sku, 'qty', qty, 'position', position,
  'status', 'reserved', 'created_ms', now, 'expires_ms', expires)
redis.call('ZADD', K.expiry, expires, rid)
local ures = redis.call('HGET', K.bot_ures, user)
redis.call('HSET', K.bot_ures, user, ures and (ures .. ',' .. rid) or rid)
redis.call('HINCRBY', K.counters, 'reserved', 1)
redis.call('XADD', K.ledger, '*', 'op', 'reserve', 'rid', rid, 'user', user, 'sku', sku, 'qty', qty)
return {'ok', expires + (now - clock)}
