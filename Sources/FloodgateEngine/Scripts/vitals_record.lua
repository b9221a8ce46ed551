#!lua flags=allow-oom
-- Adds one daemon's figures for one second to the sale's vitals, which the guards read (every
-- daemon adds its own, so the evaluating daemon sees them all), and drops seconds too old to matter.
-- KEYS[1] fg:{S}:ctl      (the sale must not be gone or archived)
-- KEYS[2] fg:{S}:vitals   hash: '<unix second>|<figure>' -> value. Figures: requests,
--         server_errors, checkout_calls, redis_calls (summed over the daemons), checkout_p99_ms,
--         redis_p99_ms (the largest any daemon measured), and the sale's totals reserved and
--         expired (set by the evaluating daemon)
-- ARGV[1] the second the figures are of
-- ARGV[2] the oldest second to keep: fields of older seconds are deleted
-- ARGV[3] a, ARGV[4] m: how many figure/value pairs follow to add (HINCRBY), then to keep the
--         largest of; the pairs after those are set as they are
-- ARGV[5..] the pairs
-- Reply: {'ok'} or {'unknown_sale'}
if sale_gone(KEYS[1]) then return {'unknown_sale'} end
local key, second, oldest = KEYS[2], ARGV[1], tonumber(ARGV[2])
local adds, maxes = tonumber(ARGV[3]), tonumber(ARGV[4])
local i = 5
for n = 1, (#ARGV - 4) / 2 do
  local field, value = second .. '|' .. ARGV[i], ARGV[i + 1]
  if n <= adds then
    redis.call('HINCRBY', key, field, value)
  elseif n <= adds + maxes then
    local current = tonumber(redis.call('HGET', key, field) or '0') or 0
    if tonumber(value) > current then redis.call('HSET', key, field, value) end
  else
    redis.call('HSET', key, field, value)
  end
  i = i + 2
end
for _, field in ipairs(redis.call('HKEYS', key)) do
  local at = tonumber(string.match(field, '^(%d+)|'))
  if not at or at < oldest then redis.call('HDEL', key, field) end
end
return {'ok'}
