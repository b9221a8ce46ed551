#!lua
-- Bot defense: an operator blocks (or unblocks) an address range or a client fingerprint;
-- or changes the bot policy. Audited.
-- KEYS[1] fg:{S}:bot:blocks (hash "source:<range>" | "fingerprint:<fp>" -> RFC 3339 time)
-- KEYS[2] fg:{S}:bot:stats  KEYS[3] fg:{S}:audit  KEYS[4] fg:{S}:bot:policy (string: the live policy JSON)
-- KEYS[5] fg:{S}:ctl
-- ARGV[1] 'block' | 'unblock' | 'policy'  ARGV[2] the block's field, or the policy JSON
-- ARGV[3] actor  ARGV[4] now (RFC 3339)
-- Reply: {'ok', 1 if something changed else 0}
--     or {'unknown_sale'} when the sale is gone or archived: nothing is written.
if sale_gone(KEYS[5]) then return {'unknown_sale'} end
local op, value = ARGV[1], ARGV[2]
local ttl = bot_keys_ttl(KEYS[5], now_ms())
local changed
if op == 'block' then
  changed = redis.call('HSET', KEYS[1], value, ARGV[4])
elseif op == 'unblock' then
  changed = redis.call('HDEL', KEYS[1], value)
else
  changed = (redis.call('GET', KEYS[4]) ~= value) and 1 or 0
  redis.call('SET', KEYS[4], value, 'PX', ttl)
end
redis.call('HINCRBY', KEYS[2], 'ver', 1)
redis.call('PEXPIRE', KEYS[1], ttl)
redis.call('PEXPIRE', KEYS[2], ttl)
redis.call('XADD', KEYS[3], 'MAXLEN', '~', '100000', '*', 'at', ARGV[4], 'actor', ARGV[3], 'action', 'bot_' .. op,
  'detail', value, 'result', 'ok')
return {'ok', changed}
