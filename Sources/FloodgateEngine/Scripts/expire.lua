-- Returns the stock of reservations whose TTL has passed, oldest first, a batch at a time.
-- A reservation being paid for is left alone until its payment attempt's deadline; past it
-- (the daemon paying for it died), it expires too and its attempt is listed to be voided.
-- KEYS[1] fg:{S}:ctl
-- ARGV[1] the most reservations to look at
-- Reply: {expired count, 1 if more are due else 0, attempt ids to void...}
local prefix = sale_prefix(KEYS[1])
local now = now_ms()
local limit = tonumber(ARGV[1])
local due = redis.call('ZRANGEBYSCORE', prefix .. 'expiry', '-inf', now, 'LIMIT', 0, limit)
local expired, voids = 0, {}
for _, rid in ipairs(due) do
  local r = redis.call('HMGET', prefix .. 'res:' .. rid, 'status', 'paying_until', 'attempt')
  if r[1] == 'paying' and num(r[2], 0) > now then
    redis.call('ZADD', prefix .. 'expiry', r[2], rid)
  else
    expired = expired + settle(prefix, rid, r, 'expired', now, voids)
  end
end
if expired > 0 then redis.call('HINCRBY', prefix .. 'counters', 'expired', expired) end
local more = 0
if #due == limit then more = 1 end
local reply = {expired, more}
for _, attempt in ipairs(voids) do table.insert(reply, attempt) end
return reply
