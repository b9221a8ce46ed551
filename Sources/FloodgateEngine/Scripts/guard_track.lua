#!lua flags=allow-oom
-- Moves one guard of one sale from the track it was read in to its next track, once: when
-- another daemon (or an earlier round) already moved it, nothing is written, so a firing is
-- acted on and audited once. Writes the guard's alert with it.
-- KEYS[1] fg:{S}:ctl            (the sale must not be gone or archived)
-- KEYS[2] fg:{S}:guard:state    hash: guard name -> its track (JSON)
-- KEYS[3] fg:{S}:alerts         hash: alert id -> the alert (JSON)
-- ARGV[1] the guard's name
-- ARGV[2] the track read ('' when it had none)
-- ARGV[3] the next track ('' to remove it: the guard is quiet)
-- ARGV[4] an alert id, ARGV[5] the alert (JSON) to write ('' for none); an acknowledgement the
--         stored alert has (alert_ack.lua) is kept
-- ARGV[6] how many alerts to keep: the oldest ids (they sort by time) are dropped beyond it
-- Reply: {'moved'}, {'stale'} when the track was not ARGV[2], or {'unknown_sale'}.
if sale_gone(KEYS[1]) then return {'unknown_sale'} end
local current = redis.call('HGET', KEYS[2], ARGV[1]) or ''
if current ~= ARGV[2] then return {'stale'} end
if ARGV[3] == '' then redis.call('HDEL', KEYS[2], ARGV[1]) else redis.call('HSET', KEYS[2], ARGV[1], ARGV[3]) end
if ARGV[5] ~= '' then
  local alert = ARGV[5]
  local stored = redis.call('HGET', KEYS[3], ARGV[4])
  if stored then
    local before = cjson.decode(stored)
    if before.acknowledged_by and before.acknowledged_by ~= cjson.null then
      local after = cjson.decode(alert)
      after.acknowledged_by = before.acknowledged_by
      after.acknowledged_at = before.acknowledged_at
      alert = cjson.encode(after)
    end
  end
  redis.call('HSET', KEYS[3], ARGV[4], alert)
  local keep = tonumber(ARGV[6])
  local ids = redis.call('HKEYS', KEYS[3])
  if #ids > keep then
    table.sort(ids)
    for n = 1, #ids - keep do redis.call('HDEL', KEYS[3], ids[n]) end
  end
end
return {'moved'}
