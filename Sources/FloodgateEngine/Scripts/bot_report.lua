#!lua
-- Bot defense: the figures of `GET /admin/sales/{id}/bots` and telemetry.
-- KEYS[1] fg:{S}:bot:stats  KEYS[2] fg:{S}:bot:buckets  KEYS[3] fg:{S}:bot:top  KEYS[4] fg:{S}:bot:sess
-- KEYS[5] fg:{S}:bot:score  KEYS[6] fg:{S}:bot:flagged  KEYS[7] fg:{S}:held (units per user)
-- KEYS[8] fg:{S}:bot:blocks  KEYS[9] fg:{S}:bot:held  KEYS[10] fg:{S}:bot:revoked
-- ARGV[1] how many top sessions (0: none)
-- Reply: {stats (field, value, ...), buckets (bucket, count, ...), top (user, score record, session record, ...),
--   flagged sessions, units they hold or bought, blocks (field, time, ...), held now, evicted}
local top = {}
local wanted = tonumber(ARGV[1])
local users = {}
if wanted > 0 then users = redis.call('ZREVRANGE', KEYS[3], 0, wanted - 1) end
for _, user in ipairs(users) do
  table.insert(top, user)
  table.insert(top, redis.call('HGET', KEYS[5], user) or '')
  table.insert(top, redis.call('HGET', KEYS[4], user) or '')
end
local units = 0
local flagged = redis.call('SMEMBERS', KEYS[6])
-- A flagged session that holds and bought nothing has no field in fg:{S}:held.
for _, user in ipairs(flagged) do units = units + absent_means(0, redis.call('HGET', KEYS[7], user), user, KEYS[7]) end
return {redis.call('HGETALL', KEYS[1]), redis.call('HGETALL', KEYS[2]), top, #flagged, units,
  redis.call('HGETALL', KEYS[8]), redis.call('ZCARD', KEYS[9]), redis.call('SCARD', KEYS[10])}
