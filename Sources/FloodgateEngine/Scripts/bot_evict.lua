#!lua
-- Bot defense: evicts a session: revokes its token (every daemon then answers 401
-- token_revoked) and releases its live reservations to stock, exactly once. Reservations in
-- payment are left to their commit. Audited.
-- KEYS[1] fg:{S}:inv  KEYS[2] fg:{S}:held (units per user)  KEYS[3] fg:{S}:expiry  KEYS[4] fg:{S}:ledger
-- KEYS[5] fg:{S}:counters  KEYS[6] fg:{S}:bot:revoked  KEYS[7] fg:{S}:bot:held  KEYS[8] fg:{S}:bot:stats
-- KEYS[9] fg:{S}:audit  KEYS[10] fg:{S}:bot:ures  KEYS[11...] fg:{S}:res:<id> of each id in ARGV[2]
-- ARGV[1] user  ARGV[2] the user's reservation ids as read from bot:ures ("a,b", "" for none)
-- ARGV[3] who evicts (actor)  ARGV[4] why (score and main signal)  ARGV[5] now (RFC 3339)
-- Reply: {'evicted', units released} or {'already'} or {'changed'} (bot:ures changed: read it again)
local user = ARGV[1]
if redis.call('SISMEMBER', KEYS[6], user) == 1 then return {'already'} end
if (redis.call('HGET', KEYS[10], user) or '') ~= ARGV[2] then return {'changed'} end
local now = now_ms()
redis.call('SADD', KEYS[6], user)
if redis.call('ZREM', KEYS[7], user) == 1 then redis.call('HINCRBY', KEYS[8], 'held', -1) end
local released = 0
local index = 11
for rid in string.gmatch(ARGV[2], '[^,]+') do
  local key = KEYS[index]
  index = index + 1
  local r = redis.call('HMGET', key, 'user', 'sku', 'qty', 'status')
  if r[1] == user and r[4] == 'reserved' then
    local qty = tonumber(r[3])
    redis.call('HINCRBY', KEYS[1], r[2] .. '|available', qty)
    redis.call('HINCRBY', KEYS[1], r[2] .. '|reserved', -qty)
    if redis.call('HINCRBY', KEYS[2], user, -qty) <= 0 then redis.call('HDEL', KEYS[2], user) end
    redis.call('HSET', key, 'status', 'released', 'ended_ms', now)
    redis.call('ZREM', KEYS[3], rid)
    redis.call('XADD', KEYS[4], '*', 'op', 'released', 'rid', rid, 'user', user, 'sku', r[2], 'qty', qty)
    released = released + qty
  end
end
redis.call('HINCRBY', KEYS[5], 'released', released)
redis.call('HINCRBY', KEYS[8], 'evicted', 1)
redis.call('HINCRBY', KEYS[8], 'released_units', released)
redis.call('HINCRBY', KEYS[8], 'ver', 1)
redis.call('XADD', KEYS[9], 'MAXLEN', '~', '100000', '*', 'at', ARGV[5], 'actor', ARGV[3], 'action', 'bot_evict',
  'detail', 'user=' .. user .. ' ' .. ARGV[4] .. ' released=' .. released, 'result', 'ok')
return {'evicted', released}
