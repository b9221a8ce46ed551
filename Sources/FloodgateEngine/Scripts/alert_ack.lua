#!lua flags=allow-oom
-- Acknowledges one alert of a sale, once, in one step with the guards' own writes of it
-- (guard_track.lua keeps an acknowledgement when it rewrites the alert), so neither an
-- acknowledgement nor a guard's clearing of the alert can overwrite the other.
-- KEYS[1] fg:{S}:ctl      (the sale must not be gone or archived)
-- KEYS[2] fg:{S}:alerts   hash: alert id -> the alert (JSON)
-- ARGV[1] the alert's id
-- ARGV[2] who acknowledges it (the operator)
-- ARGV[3] when (RFC 3339 at Redis' time, read by the caller)
-- Reply: {'acknowledged', alert}, {'already', alert} when it was acknowledged before (its first
-- acknowledgement kept), {'not_found'}, or {'unknown_sale'}.
if sale_gone(KEYS[1]) then return {'unknown_sale'} end
local stored = redis.call('HGET', KEYS[2], ARGV[1])
if not stored then return {'not_found'} end
local alert = cjson.decode(stored)
if alert.acknowledged_by and alert.acknowledged_by ~= cjson.null then return {'already', stored} end
alert.acknowledged_by = ARGV[2]
alert.acknowledged_at = ARGV[3]
local written = cjson.encode(alert)
redis.call('HSET', KEYS[2], ARGV[1], written)
return {'acknowledged', written}
