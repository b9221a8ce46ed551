#!lua
-- Reserves units of one SKU for an admitted shopper, for the sale's reservation TTL (on the
-- sale's clock, which stops while the sale is paused).
-- KEYS[1] fg:{S}:ctl   KEYS[2] fg:{S}:res:<reservation id>   KEYS[3] fg:{S}:inv   KEYS[4] fg:{S}:held
-- KEYS[5] fg:{S}:expiry   KEYS[6] fg:{S}:counters   KEYS[7] fg:{S}:ledger
-- KEYS[8] fg:{S}:bot:held   KEYS[9] fg:{S}:bot:revoked   KEYS[10] fg:{S}:bot:ures:<user> (list: the user's latest
--   reservation ids, for eviction; it lives as long as the bot defense's other keys)
-- ARGV[1] reservation id   ARGV[2] user id   ARGV[3] queue position   ARGV[4] sku   ARGV[5] quantity
-- Reply: {'ok', expires_ms (wall clock, as of now)}
--     or {code}: 'token_revoked', 'paused', 'closed' (also when the sale is gone or archived), 'not_admitted', 'admission_expired', 'unknown_sku', 'sold_out'
--     or {'limit_reached', units held, per-user limit}
local K = {ctl = KEYS[1], res = KEYS[2], inv = KEYS[3], held = KEYS[4], expiry = KEYS[5], counters = KEYS[6], ledger = KEYS[7],
  bot_held = KEYS[8], bot_revoked = KEYS[9], bot_ures = KEYS[10]}
if redis.call('SISMEMBER', K.bot_revoked, ARGV[2]) == 1 then return {'token_revoked'} end
if sale_gone(K.ctl) then return {'closed'} end
local now = now_ms()
-- Everything required is read before the first write (advance_state's).
local f = required_fields(K.ctl, 'admitted_through', 'expired_through', 'ttl_ms', 'per_user_limit')
local state = advance_state(K.ctl, now)
if state == 'paused' or state == 'rolling_back' then return {'paused'} end
if state == 'closed' then return {'closed'} end
if state == 'scheduled' or state == 'prequeue' then return {'not_admitted'} end
local position = tonumber(ARGV[3])
if position > f.admitted_through then return {'not_admitted'} end
if position <= f.expired_through then return {'admission_expired'} end
if redis.call('ZSCORE', K.bot_held, ARGV[2]) then return {'not_admitted'} end

local rid, user, sku, qty = ARGV[1], ARGV[2], ARGV[4], tonumber(ARGV[5])
local available = redis.call('HGET', K.inv, sku .. '|available')
if not available then return {'unknown_sku'} end
available = required(available, sku .. '|available', K.inv)
-- A user who never reserved holds nothing.
local held = absent_means(0, redis.call('HGET', K.held, user), user, K.held)
local limit = f.per_user_limit
if held + qty > limit then return {'limit_reached', held, limit} end
if available < qty then return {'sold_out'} end

local clock = sale_now(K.ctl, now)
local expires = clock + f.ttl_ms
redis.call('HINCRBY', K.inv, sku .. '|available', -qty)
redis.call('HINCRBY', K.inv, sku .. '|reserved', qty)
redis.call('HINCRBY', K.held, user, qty)
redis.call('HSET', K.res, 'user', user, 'sku', sku, 'qty', qty, 'position', position,
  'status', 'reserved', 'created_ms', now, 'expires_ms', expires)
redis.call('ZADD', K.expiry, expires, rid)
-- The user's latest reservation ids, at most max(64, per-user limit): a live reservation older
-- than that many newer ones (reserved and released again) is left to its TTL, not to an eviction.
-- A list trimmed from its head costs the same for the first reservation and the thousandth.
redis.call('RPUSH', K.bot_ures, rid)
redis.call('LTRIM', K.bot_ures, -math.max(64, limit), -1)
redis.call('PEXPIRE', K.bot_ures, bot_keys_ttl(K.ctl, now))
redis.call('HINCRBY', K.counters, 'reserved', 1)
redis.call('XADD', K.ledger, '*', 'op', 'reserve', 'rid', rid, 'user', user, 'sku', sku, 'qty', qty)
return {'ok', expires + (now - clock)}
