#!lua flags=allow-oom
-- Returns the stock of reservations whose TTL has passed. The caller reads the due ids from
-- fg:{S}:expiry and passes them with their keys; each is checked again here, so a reservation
-- committed, cancelled or extended meanwhile is left alone. A reservation being paid for is
-- left alone until its payment attempt's deadline; past it (the daemon paying for it died), it
-- expires too and its attempt is listed to be voided.
-- KEYS[1] fg:{S}:ctl   KEYS[2] fg:{S}:inv   KEYS[3] fg:{S}:held   KEYS[4] fg:{S}:expiry
-- KEYS[5] fg:{S}:ledger   KEYS[6] fg:{S}:counters   KEYS[6+i] fg:{S}:res:<ARGV[i]>
-- ARGV[i] the ids of the reservations to look at
-- Reply: {expired count, attempt ids to void...}
local K = {ctl = KEYS[1], inv = KEYS[2], held = KEYS[3], expiry = KEYS[4], ledger = KEYS[5], counters = KEYS[6]}
local now = now_ms()
local expired, voids = 0, {}
for i, rid in ipairs(ARGV) do
  local res = KEYS[6 + i]
  local due = redis.call('ZSCORE', K.expiry, rid)
  if due and tonumber(due) <= now then
    local r = redis.call('HMGET', res, 'status', 'paying_until', 'attempt')
    if r[1] == 'paying' and num(r[2], 0) > now then
      redis.call('ZADD', K.expiry, r[2], rid)
    else
      expired = expired + settle(K, res, rid, r, 'expired', now, voids)
    end
  end
end
if expired > 0 then redis.call('HINCRBY', K.counters, 'expired', expired) end
local reply = {expired}
for _, attempt in ipairs(voids) do table.insert(reply, attempt) end
return reply
