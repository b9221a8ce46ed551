#!lua flags=allow-oom
-- One batch of a rollback: puts the sale in rolling_back (no admission, no checkout) and
-- releases the live reservations the caller read from fg:{S}:expiry, returning their units to
-- stock. Run until fg:{S}:expiry is empty.
-- KEYS[1] fg:{S}:ctl   KEYS[2] fg:{S}:inv   KEYS[3] fg:{S}:held   KEYS[4] fg:{S}:expiry
-- KEYS[5] fg:{S}:ledger   KEYS[5+i] fg:{S}:res:<ARGV[i]>
-- ARGV[i] the ids of the reservations to release (none: only enter rolling_back)
-- Reply: {released, remaining, attempt ids to void...}
local K = {ctl = KEYS[1], inv = KEYS[2], held = KEYS[3], expiry = KEYS[4], ledger = KEYS[5]}
local now = now_ms()
if redis.call('HGET', K.ctl, 'state') ~= 'rolling_back' then
  redis.call('HSET', K.ctl, 'rollback_from', redis.call('HGET', K.ctl, 'state'), 'state', 'rolling_back')
end
local released, voids = 0, {}
for i, rid in ipairs(ARGV) do
  local res = KEYS[5 + i]
  if redis.call('ZSCORE', K.expiry, rid) then
    local r = redis.call('HMGET', res, 'status', 'paying_until', 'attempt')
    released = released + settle(K, res, rid, r, 'released', now, voids)
  end
end
local reply = {released, redis.call('ZCARD', K.expiry)}
for _, attempt in ipairs(voids) do table.insert(reply, attempt) end
return reply
