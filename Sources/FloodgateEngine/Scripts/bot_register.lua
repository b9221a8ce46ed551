#!lua
-- Bot defense: remembers where a new registration came from and counts the identities per
-- address, subnet and client fingerprint. Once per user (the same user again changes nothing).
-- KEYS[1] fg:{S}:bot:sess (hash user -> "source|subnet|fingerprint|ticket|proof rate")
-- KEYS[2] fg:{S}:bot:src  KEYS[3] fg:{S}:bot:net  KEYS[4] fg:{S}:bot:fp  (hashes: name -> identities)
-- KEYS[5] fg:{S}:bot:dirty (set: users to score again)  KEYS[6] fg:{S}:ctl
-- ARGV[1] user  ARGV[2] source  ARGV[3] subnet  ARGV[4] fingerprint  ARGV[5] ticket
-- ARGV[6] proof rate in hashes/s (-1 without proof of work)
-- Reply: {identities from the source, from the subnet, with the fingerprint}
--     or {'unknown_sale'} when the sale is gone or archived: nothing is written.
if sale_gone(KEYS[6]) then return {'unknown_sale'} end
local user, source, subnet, fp = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local record = source .. '|' .. subnet .. '|' .. fp .. '|' .. ARGV[5] .. '|' .. ARGV[6]
if redis.call('HSETNX', KEYS[1], user, record) == 1 then
  redis.call('HINCRBY', KEYS[2], source, 1)
  redis.call('HINCRBY', KEYS[3], subnet, 1)
  redis.call('HINCRBY', KEYS[4], fp, 1)
  redis.call('SADD', KEYS[5], user)
end
local ttl = bot_keys_ttl(KEYS[6], now_ms())
for i = 1, 5 do redis.call('PEXPIRE', KEYS[i], ttl) end
-- Counted when the session was first recorded; none once those counts have expired.
return {
  absent_means(0, redis.call('HGET', KEYS[2], source), source, KEYS[2]),
  absent_means(0, redis.call('HGET', KEYS[3], subnet), subnet, KEYS[3]),
  absent_means(0, redis.call('HGET', KEYS[4], fp), fp, KEYS[4]),
}
