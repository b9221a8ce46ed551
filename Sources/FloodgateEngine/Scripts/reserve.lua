-- Reserves units of one SKU for an admitted shopper, for the sale's reservation TTL.
-- KEYS[1] fg:{S}:ctl   KEYS[2] fg:{S}:res:<reservation id>
-- and always last: KEYS[#KEYS-2] fg:{S}:bot:held, KEYS[#KEYS-1] fg:{S}:bot:revoked,
--   KEYS[#KEYS] fg:{S}:bot:ures (user -> its reservation ids, for eviction)
-- ARGV[1] reservation id   ARGV[2] user id   ARGV[3] queue position   ARGV[4] sku   ARGV[5] quantity
-- Reply: {'ok', expires_ms}
--     or {code}: 'token_revoked', 'paused', 'closed', 'not_admitted', 'admission_expired', 'unknown_sku', 'sold_out'
--     or {'limit_reached', units held, per-user limit}
local ctl = KEYS[1]
local prefix = sale_prefix(ctl)
if redis.call('SISMEMBER', KEYS[#KEYS - 1], ARGV[2]) == 1 then return {'token_revoked'} end
local now = now_ms()
local state = advance_state(ctl, now)
if state == 'paused' or state == 'rolling_back' then return {'paused'} end
if state == 'closed' then return {'closed'} end
if state == 'scheduled' or state == 'prequeue' then return {'not_admitted'} end
local f = redis.call('HMGET', ctl, 'admitted_through', 'expired_through', 'ttl_ms', 'per_user_limit')
local position = tonumber(ARGV[3])
if position > num(f[1], 0) then return {'not_admitted'} end
if position <= num(f[2], 0) then return {'admission_expired'} end
if redis.call('ZSCORE', KEYS[#KEYS - 2], ARGV[2]) then return {'not_admitted'} end

local rid, user, sku, qty = ARGV[1], ARGV[2], ARGV[4], tonumber(ARGV[5])
local available = redis.call('HGET', prefix .. 'inv', sku .. '|available')
if not available then return {'unknown_sku'} end
local held = num(redis.call('HGET', prefix .. 'held', user), 0)
local limit = num(f[4], 1)
if held + qty > limit then return {'limit_reached', held, limit} end
if tonumber(available) < qty then return {'sold_out'} end

local expires = now + num(f[3], 120000)
redis.call('HINCRBY', prefix .. 'inv', sku .. '|available', -qty)
redis.call('HINCRBY', prefix .. 'inv', sku .. '|reserved', qty)
redis.call('HINCRBY', prefix .. 'held', user, qty)
redis.call('HSET', KEYS[2], 'user', user, 'sku', sku, 'qty', qty, 'position', position,
  'status', 'reserved', 'created_ms', now, 'expires_ms', expires)
redis.call('ZADD', prefix .. 'expiry', expires, rid)
local ures = redis.call('HGET', KEYS[#KEYS], user)
redis.call('HSET', KEYS[#KEYS], user, ures and (ures .. ',' .. rid) or rid)
redis.call('HINCRBY', prefix .. 'counters', 'reserved', 1)
redis.call('XADD', prefix .. 'ledger', '*', 'op', 'reserve', 'rid', rid, 'user', user, 'sku', sku, 'qty', qty)
return {'ok', expires}
