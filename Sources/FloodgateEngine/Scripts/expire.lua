#!lua flags=allow-oom
-- Returns the stock of reservations whose TTL has passed on the sale's clock (which stops
-- while the sale is paused). The caller reads the due ids from fg:{S}:expiry and passes them
-- with their keys; each is checked again here, so a reservation committed, cancelled or
-- claimed for payment meanwhile is left alone. Reservations being paid for are not in
-- fg:{S}:expiry: the reconciliation pass settles them (one left there by an older version
-- moves to fg:{S}:paying).
-- KEYS[1] fg:{S}:ctl   KEYS[2] fg:{S}:inv   KEYS[3] fg:{S}:held   KEYS[4] fg:{S}:expiry
-- KEYS[5] fg:{S}:paying   KEYS[6] fg:{S}:ledger   KEYS[7] fg:{S}:counters   KEYS[7+i] fg:{S}:res:<ARGV[i]>
-- ARGV[i] the ids of the reservations to look at
-- Reply: {expired count}
local K = {ctl = KEYS[1], inv = KEYS[2], held = KEYS[3], expiry = KEYS[4], paying = KEYS[5], ledger = KEYS[6],
  counters = KEYS[7]}
local now = now_ms()
local clock = sale_now(K.ctl, now)
local expired = 0
for i, rid in ipairs(ARGV) do
  local res = KEYS[7 + i]
  local due = redis.call('ZSCORE', K.expiry, rid)
  if due and tonumber(due) <= clock then
    local r = redis.call('HMGET', res, 'status', 'paying_until')
    if r[1] == 'reserved' then
      release(K, res, rid, 'expired', now)
      expired = expired + 1
    elseif r[1] == 'paying' then
      redis.call('ZREM', K.expiry, rid)
      -- An older version claimed reservations without paying_until: reconcile those now.
      redis.call('ZADD', K.paying, math.max(absent_means(now, r[2], 'paying_until', res), now), rid)
    else
      redis.call('ZREM', K.expiry, rid)
    end
  end
end
if expired > 0 then redis.call('HINCRBY', K.counters, 'expired', expired) end
return {expired}
