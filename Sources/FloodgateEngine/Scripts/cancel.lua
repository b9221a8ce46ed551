-- Cancels a reservation and returns its units to stock; cancelling again answers the same.
-- KEYS[1] fg:{S}:ctl   KEYS[2] fg:{S}:res:<reservation id>
-- ARGV[1] reservation id   ARGV[2] user id
-- Reply: {'cancelled'} or {code}: 'not_found', 'already_committed', 'in_progress', 'expired'
local prefix = sale_prefix(KEYS[1])
local r = redis.call('HMGET', KEYS[2], 'user', 'status')
if not r[1] or r[1] ~= ARGV[2] then return {'not_found'} end
if r[2] == 'cancelled' then return {'cancelled'} end
if r[2] == 'committed' or r[2] == 'refunded' then return {'already_committed'} end
if r[2] == 'paying' then return {'in_progress'} end
if r[2] ~= 'reserved' then return {'expired'} end
release(prefix, ARGV[1], 'cancelled', now_ms())
redis.call('HINCRBY', prefix .. 'counters', 'cancelled', 1)
return {'cancelled'}
