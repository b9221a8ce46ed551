#!lua
-- Bot defense: what every daemon keeps in memory to answer status and checkout without Redis:
-- the live policy, held and revoked sessions, blocks and raised difficulties. Read a few times
-- a second; sent only when it changed.
-- KEYS[1] fg:{S}:bot:stats  KEYS[2] fg:{S}:bot:held  KEYS[3] fg:{S}:bot:revoked  KEYS[4] fg:{S}:bot:blocks
-- KEYS[5] fg:{S}:bot:raised  KEYS[6] fg:{S}:bot:policy
-- ARGV[1] the version the daemon holds
-- Reply: {version} when unchanged, else {version, policy JSON or '', held (user, position, ...),
--   revoked users, blocks (field, time, ...), raised (field, bits, ...)}
local version = redis.call('HGET', KEYS[1], 'ver') or '0'
if version == ARGV[1] then return {version} end
return {version, redis.call('GET', KEYS[6]) or '', redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES'),
  redis.call('SMEMBERS', KEYS[3]), redis.call('HGETALL', KEYS[4]), redis.call('HGETALL', KEYS[5])}
