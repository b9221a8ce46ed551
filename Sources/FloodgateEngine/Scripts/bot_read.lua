#!lua
-- Bot defense: everything measured about some sessions, to score them.
-- KEYS[1] fg:{S}:bot:sess  KEYS[2] fg:{S}:bot:ev  KEYS[3] fg:{S}:bot:src  KEYS[4] fg:{S}:bot:net
-- KEYS[5] fg:{S}:bot:fp    KEYS[6] fg:{S}:bot:chal  KEYS[7] fg:{S}:bot:badtok
-- ARGV the users
-- Reply: per user 16 values: user, session record ("" when unknown), polls, early, gaps, gap_sum,
--   gap_squares, reserve delay ("" when none), early checkouts, identities from the source, from
--   the subnet, with the fingerprint, challenges fetched from the source, bad tokens from it, the
--   reserve delay's presence (0/1), how its token moved (0-3, bot_record.lua's 'm')
local out = {}
for _, user in ipairs(ARGV) do
  local sess = redis.call('HGET', KEYS[1], user) or ''
  local source, subnet, fp = string.match(sess, '^([^|]*)|([^|]*)|([^|]*)|')
  local e = redis.call('HMGET', KEYS[2], user .. '|polls', user .. '|early', user .. '|gaps', user .. '|gsum',
    user .. '|gsq', user .. '|rdelay', user .. '|echk', user .. '|moved')
  local function count(key, name) if name then return redis.call('HGET', key, name) or '0' end return '0' end
  local values = {user, sess, e[1] or '0', e[2] or '0', e[3] or '0', e[4] or '0', e[5] or '0', e[6] or '',
    e[7] or '0', count(KEYS[3], source), count(KEYS[4], subnet), count(KEYS[5], fp), count(KEYS[6], source),
    count(KEYS[7], source), e[6] and 1 or 0, e[8] or '0'}
  for _, v in ipairs(values) do table.insert(out, tostring(v)) end
end
return out
