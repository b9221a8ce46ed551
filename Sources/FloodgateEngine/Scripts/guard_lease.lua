#!lua flags=allow-oom
-- The guard lease of one sale: the one daemon that evaluates the sale's guards for the next
-- ARGV[2] ms. A daemon renews the lease it holds; another takes it only once it has lapsed.
-- KEYS[1] fg:{S}:ctl           (the sale must not be gone or archived)
-- KEYS[2] fg:{S}:guard:lease   string: the holding daemon's id, with a TTL
-- ARGV[1] the asking daemon's id
-- ARGV[2] the lease's length (ms)
-- Reply: {'held'} when the asking daemon holds the lease now, {'other', holder} otherwise,
--     {'unknown_sale'} when the sale is gone.
if sale_gone(KEYS[1]) then return {'unknown_sale'} end
local holder = redis.call('GET', KEYS[2])
if holder and holder ~= ARGV[1] then return {'other', holder} end
redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
return {'held'}
