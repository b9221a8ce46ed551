#!lua flags=allow-oom
-- Cancels a reservation and returns its units to stock; cancelling again answers the same.
-- KEYS[1] fg:{S}:ctl   KEYS[2] fg:{S}:res:<reservation id>   KEYS[3] fg:{S}:inv   KEYS[4] fg:{S}:held
-- KEYS[5] fg:{S}:expiry   KEYS[6] fg:{S}:ledger   KEYS[7] fg:{S}:counters
-- ARGV[1] reservation id   ARGV[2] user id
-- Reply: {'cancelled'} or {code}: 'not_found', 'already_committed', 'in_progress', 'expired'
local K = {ctl = KEYS[1], res = KEYS[2], inv = KEYS[3], held = KEYS[4], expiry = KEYS[5], ledger = KEYS[6], counters = KEYS[7]}
local r = redis.call('HMGET', K.res, 'user', 'status')
if not r[1] or r[1] ~= ARGV[2] then return {'not_found'} end
if r[2] == 'cancelled' then return {'cancelled'} end
if r[2] == 'committed' or r[2] == 'refunded' then return {'already_committed'} end
if r[2] == 'paying' then return {'in_progress'} end
if r[2] ~= 'reserved' then return {'expired'} end
release(K, K.res, ARGV[1], 'cancelled', now_ms())
redis.call('HINCRBY', K.counters, 'cancelled', 1)
return {'cancelled'}
