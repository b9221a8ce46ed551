#!lua
-- Bot defense: stores fresh scores and applies the policy's actions (other than eviction,
-- bot_evict.lua) to a batch of sessions. In `observe` mode actions are only counted
-- ("would_<action>"), once per session and action.
-- KEYS[1] fg:{S}:bot:score   (hash user -> "score|main signal|bucket")
-- KEYS[2] fg:{S}:bot:buckets (hash bucket 0..9 -> sessions)
-- KEYS[3] fg:{S}:bot:top     (zset user -> score, the 200 highest)
-- KEYS[4] fg:{S}:bot:held    (zset user -> queue position, 0 while a lottery is not drawn)
-- KEYS[5] fg:{S}:bot:stats   (hash: held, holds, challenged, logged, would_*, evicted, released_units, cleared, ver)
-- KEYS[6] fg:{S}:bot:raised  (hash "source:<address>" | "fingerprint:<fp>" -> extra proof-of-work bits)
-- KEYS[7] fg:{S}:bot:flagged (set: users at or above the flag threshold)
-- KEYS[8] fg:{S}:bot:acted   (hash user -> the most severe action counted, 1 log .. 4 evict)
-- KEYS[9] fg:{S}:bot:cleared (hash user -> the score at which a harder challenge cleared its hold)
-- KEYS[10] fg:{S}:bot:revoked (set: evicted users)
-- KEYS[11] fg:{S}:bot:heldat  (hash user -> when it was first held, ms)
-- KEYS[12] fg:{S}:ctl
-- ARGV[1] mode  ARGV[2] flag threshold  ARGV[3] challenge bits
-- then 7 values per session: user, score, main signal, action (none|log|challenge|hold|evict),
--   queue position (0 unknown), source, fingerprint
-- Reply: {sessions newly held, sessions to evict (users)...}
--     or {'unknown_sale'} when the sale is gone or archived: nothing is written.
if sale_gone(KEYS[12]) then return {'unknown_sale'} end
local mode, flag_at, bits = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local level_of = {none = 0, log = 1, challenge = 2, hold = 3, evict = 4}
local newly_held, evict, changed = 0, {}, false
for i = 4, #ARGV, 7 do
  local user, score, main, action = ARGV[i], tonumber(ARGV[i + 1]), ARGV[i + 2], ARGV[i + 3]
  local position, source, fp = tonumber(ARGV[i + 4]), ARGV[i + 5], ARGV[i + 6]
  local bucket = math.min(9, math.floor(score * 10))
  local record = string.format('%.4f', score) .. '|' .. main .. '|' .. bucket
  local old = redis.call('HGET', KEYS[1], user)
  -- Most sessions score as they did last time: nothing of theirs to write.
  if old ~= record then
    if old then
      local old_bucket = tonumber(string.match(old, '|(%d+)$'))
      if old_bucket ~= bucket then
        redis.call('HINCRBY', KEYS[2], old_bucket, -1)
        redis.call('HINCRBY', KEYS[2], bucket, 1)
      end
    else
      redis.call('HINCRBY', KEYS[2], bucket, 1)
    end
    redis.call('HSET', KEYS[1], user, record)
    if score > 0 then redis.call('ZADD', KEYS[3], score, user) end
    if score >= flag_at then redis.call('SADD', KEYS[7], user) else redis.call('SREM', KEYS[7], user) end
  end
  if level_of[action] == 3 then
    local cleared = redis.call('HGET', KEYS[9], user)
    if cleared and score <= tonumber(cleared) then action = 'challenge' end
  end
  local level = level_of[action]
  if level > 0 and redis.call('SISMEMBER', KEYS[10], user) == 0 then
    -- A session no action was counted for yet has level 0.
    local acted = absent_means(0, redis.call('HGET', KEYS[8], user), user, KEYS[8])
    if mode == 'observe' then
      if level > acted then
        redis.call('HSET', KEYS[8], user, level)
        redis.call('HINCRBY', KEYS[5], 'would_' .. action, 1)
      end
    else
      if level >= 2 then
        redis.call('HSET', KEYS[6], 'source:' .. source, bits, 'fingerprint:' .. fp, bits)
      end
      if level >= 3 and redis.call('ZADD', KEYS[4], 'NX', position, user) == 1 then
        redis.call('HINCRBY', KEYS[5], 'held', 1)
        redis.call('HINCRBY', KEYS[5], 'holds', 1)
        redis.call('HSETNX', KEYS[11], user, now_ms())
        newly_held = newly_held + 1
        changed = true
      end
      if level == 4 then table.insert(evict, user) end
      if level > acted then
        redis.call('HSET', KEYS[8], user, level)
        if level == 1 then redis.call('HINCRBY', KEYS[5], 'logged', 1) end
        if level == 2 then redis.call('HINCRBY', KEYS[5], 'challenged', 1); changed = true end
      end
    end
  end
end
if redis.call('ZCARD', KEYS[3]) > 200 then redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -201) end
if changed then redis.call('HINCRBY', KEYS[5], 'ver', 1) end
local ttl = bot_keys_ttl(KEYS[12], now_ms())
for i = 1, 11 do redis.call('PEXPIRE', KEYS[i], ttl) end
local reply = {newly_held}
for _, user in ipairs(evict) do table.insert(reply, user) end
return reply
