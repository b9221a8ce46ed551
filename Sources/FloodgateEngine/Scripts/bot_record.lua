#!lua
-- Bot defense: one daemon's batch of measurements since its last flush (about a second), so
-- that status polls cost no Redis call of their own.
-- KEYS[1] fg:{S}:bot:ev    (hash "user|field" -> number: polls, early, gaps, gsum, gsq, rdelay, echk, moved)
-- KEYS[2] fg:{S}:bot:dirty (set: users to score again)
-- KEYS[3] fg:{S}:bot:chal  (hash source -> challenges fetched)
-- KEYS[4] fg:{S}:bot:badtok (hash source -> forged or foreign tokens presented)
-- KEYS[5] fg:{S}:ctl
-- ARGV records of 7 values each:
--   'p' user polls early gaps gap_sum gap_squares   status polls
--   'r' user delay_ms - - - -                         first reserve, ms after admission (kept once)
--   'c' user count - - - -                            checkout calls before admission
--   'i' source count - - - -                          challenges fetched
--   'b' source count - - - -                          bad tokens presented
--   'm' user drift - - - -                            token presented from elsewhere than issued to:
--                                                     1 another subnet, 2 another client, 3 both (bits, kept OR-ed)
-- Reply: the number of records applied
--     or {'unknown_sale'} when the sale is gone or archived: nothing is written.
if sale_gone(KEYS[5]) then return {'unknown_sale'} end
local ev = KEYS[1]
local n = 0
for i = 1, #ARGV, 7 do
  local kind, who = ARGV[i], ARGV[i + 1]
  if kind == 'p' then
    redis.call('HINCRBY', ev, who .. '|polls', ARGV[i + 2])
    if tonumber(ARGV[i + 3]) > 0 then redis.call('HINCRBY', ev, who .. '|early', ARGV[i + 3]) end
    if tonumber(ARGV[i + 4]) > 0 then
      redis.call('HINCRBY', ev, who .. '|gaps', ARGV[i + 4])
      redis.call('HINCRBYFLOAT', ev, who .. '|gsum', ARGV[i + 5])
      redis.call('HINCRBYFLOAT', ev, who .. '|gsq', ARGV[i + 6])
    end
    redis.call('SADD', KEYS[2], who)
  elseif kind == 'r' then
    redis.call('HSETNX', ev, who .. '|rdelay', ARGV[i + 2])
    redis.call('SADD', KEYS[2], who)
  elseif kind == 'c' then
    redis.call('HINCRBY', ev, who .. '|echk', ARGV[i + 2])
    redis.call('SADD', KEYS[2], who)
  elseif kind == 'i' then
    redis.call('HINCRBY', KEYS[3], who, ARGV[i + 2])
  elseif kind == 'b' then
    redis.call('HINCRBY', KEYS[4], who, ARGV[i + 2])
  elseif kind == 'm' then
    local seen = tonumber(redis.call('HGET', ev, who .. '|moved') or '0')
    local drift = tonumber(ARGV[i + 2])
    local widest = bit.bor(seen, drift)
    if widest ~= seen then
      redis.call('HSET', ev, who .. '|moved', widest)
      redis.call('SADD', KEYS[2], who)
    end
  end
  n = n + 1
end
local ttl = bot_keys_ttl(KEYS[5], now_ms())
for i = 1, 4 do redis.call('PEXPIRE', KEYS[i], ttl) end
return {n}
