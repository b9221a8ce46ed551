-- One batch of a rollback: puts the sale in rolling_back (no admission, no checkout) and
-- releases live reservations, returning their units to stock. Run until nothing remains.
-- KEYS[1] fg:{S}:ctl
-- ARGV[1] the most reservations to release in this batch
-- Reply: {released, remaining, attempt ids to void...}
local ctl = KEYS[1]
local prefix = sale_prefix(ctl)
local now = now_ms()
if redis.call('HGET', ctl, 'state') ~= 'rolling_back' then
  redis.call('HSET', ctl, 'rollback_from', redis.call('HGET', ctl, 'state'), 'state', 'rolling_back')
end
local live = redis.call('ZRANGE', prefix .. 'expiry', 0, tonumber(ARGV[1]) - 1)
local released, voids = 0, {}
for _, rid in ipairs(live) do
  local r = redis.call('HMGET', prefix .. 'res:' .. rid, 'status', 'paying_until', 'attempt')
  released = released + settle(prefix, rid, r, 'released', now, voids)
end
local reply = {released, redis.call('ZCARD', prefix .. 'expiry')}
for _, attempt in ipairs(voids) do table.insert(reply, attempt) end
return reply
