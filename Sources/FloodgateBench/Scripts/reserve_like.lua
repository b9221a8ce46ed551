-- A reservation-shaped script for benchmarks: the same Redis work as a reserve, on a stock so
-- large it never runs out.
-- KEYS[1] stock counter   KEYS[2] holds hash   KEYS[3] expiry zset   KEYS[4] ledger stream
-- ARGV[1] quantity        ARGV[2] a reservation id (any string)
-- Reply: the stock left.
local left = redis.call('DECRBY', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[1])
redis.call('ZADD', KEYS[3], 1000, ARGV[2])
redis.call('XADD', KEYS[4], 'MAXLEN', '~', 1000, '*', 'op', 'reserve', 'id', ARGV[2], 'qty', ARGV[1])
return left
