#!lua
-- Bot defense: evicts a session: revokes its token (every daemon then answers 401
-- token_revoked) and releases its live reservations to stock, exactly once (lib.lua's
-- `release`: its ledger entry, its units back), each counted as `released` in the funnel
-- counters. Reservations in payment are left to their commit. Audited.
-- KEYS[1] fg:{S}:inv  KEYS[2] fg:{S}:held (units per user)  KEYS[3] fg:{S}:expiry  KEYS[4] fg:{S}:ledger
-- KEYS[5] fg:{S}:counters  KEYS[6] fg:{S}:bot:revoked  KEYS[7] fg:{S}:bot:held  KEYS[8] fg:{S}:bot:stats
-- KEYS[9] fg:{S}:audit  KEYS[10] fg:{S}:bot:ures:<user> (the user's latest reservation ids)  KEYS[11] fg:{S}:ctl
-- KEYS[12...] fg:{S}:res:<id> of each id in ARGV[2]
-- ARGV[1] user  ARGV[2] the user's reservation ids as read from KEYS[10], joined ("a,b", "" for none)
-- ARGV[3] who evicts (actor)  ARGV[4] why (score and main signal)  ARGV[5] now (RFC 3339)
-- Reply: {'evicted', units released} or {'already'} or {'changed'} (bot:ures changed: read it again)
--     or {'unknown_sale'} when the sale is gone or archived: nothing is written.
local K = {inv = KEYS[1], held = KEYS[2], expiry = KEYS[3], ledger = KEYS[4], counters = KEYS[5], revoked = KEYS[6],
  bot_held = KEYS[7], stats = KEYS[8], audit = KEYS[9], ures = KEYS[10], ctl = KEYS[11]}
local user = ARGV[1]
if sale_gone(K.ctl) then return {'unknown_sale'} end
if redis.call('SISMEMBER', K.revoked, user) == 1 then return {'already'} end
if table.concat(redis.call('LRANGE', K.ures, 0, -1), ',') ~= ARGV[2] then return {'changed'} end
-- The reservations to release, each checked before the first write.
local live = {}
local index = 12
for rid in string.gmatch(ARGV[2], '[^,]+') do
  local res = KEYS[index]
  index = index + 1
  local r = redis.call('HMGET', res, 'user', 'status', 'qty', 'sku')
  if r[1] == user and r[2] == 'reserved' then
    required_text(r[4], 'sku', res)
    table.insert(live, {rid = rid, res = res, qty = required(r[3], 'qty', res)})
  end
end
local now = now_ms()
redis.call('SADD', K.revoked, user)
if redis.call('ZREM', K.bot_held, user) == 1 then redis.call('HINCRBY', K.stats, 'held', -1) end
local released = 0
for _, reservation in ipairs(live) do
  release(K, reservation.res, reservation.rid, 'released', now)
  released = released + reservation.qty
end
redis.call('HINCRBY', K.counters, 'released', #live)
redis.call('HINCRBY', K.stats, 'evicted', 1)
redis.call('HINCRBY', K.stats, 'released_units', released)
redis.call('HINCRBY', K.stats, 'ver', 1)
redis.call('XADD', K.audit, 'MAXLEN', '~', '100000', '*', 'at', ARGV[5], 'actor', ARGV[3], 'action', 'bot_evict',
  'detail', 'user=' .. user .. ' ' .. ARGV[4] .. ' released=' .. released, 'result', 'ok')
return {'evicted', released}
