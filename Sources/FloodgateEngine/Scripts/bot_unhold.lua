#!lua
-- Bot defense: a held session solved a harder challenge at a browser's pace: its hold ends,
-- and it is held again only if its score rises above today's.
-- KEYS[1] fg:{S}:bot:held  KEYS[2] fg:{S}:bot:stats  KEYS[3] fg:{S}:bot:cleared  KEYS[4] fg:{S}:bot:score
-- KEYS[5] fg:{S}:ctl
-- ARGV[1] user
-- Reply: {1} when a hold ended, {0} when the session was not held
--     or {'unknown_sale'} when the sale is gone or archived: nothing is written.
if sale_gone(KEYS[5]) then return {'unknown_sale'} end
if redis.call('ZREM', KEYS[1], ARGV[1]) == 0 then return {0} end
local score = string.match(redis.call('HGET', KEYS[4], ARGV[1]) or '1', '^([^|]+)')
redis.call('HSET', KEYS[3], ARGV[1], score)
redis.call('HINCRBY', KEYS[2], 'held', -1)
redis.call('HINCRBY', KEYS[2], 'cleared', 1)
redis.call('HINCRBY', KEYS[2], 'ver', 1)
return {1}
