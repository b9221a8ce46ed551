#!lua
-- The simulated payment gateway's record of one attempt (SimulatedPaymentGateway). A script, so
-- that under --redis-wait-replicas the record is confirmed by a replica (WAIT) before the gateway
-- answers, like the engine's money-moving writes: a real gateway keeps its charges whatever
-- becomes of Redis, and a failover must not make the simulated one forget a charge that the
-- engine was told of (the rehearsal counts charges from this record).
-- KEYS[1] fg:{S}:payments   hash: attempt id -> '<status>:<reservation id>'
--         (status: charged, declined, refunded, voided)
-- ARGV[1] payment attempt id
-- ARGV[2] 'new': record ARGV[3] when the attempt has no record yet (a charge, a decline, or the
--         fence of a void before any charge);
--         'charged': when the attempt is charged, turn it into ARGV[3] (refunded or voided),
--         keeping its reservation id
-- ARGV[3] the record ('new') or the status ('charged')
-- Reply: 1 when written, 0 when not
local key, attempt, mode, value = KEYS[1], ARGV[1], ARGV[2], ARGV[3]
if mode == 'new' then
  return redis.call('HSETNX', key, attempt, value)
end
if mode ~= 'charged' then return redis.error_reply('ERR floodgate: gateway_record mode ' .. tostring(mode)) end
local recorded = redis.call('HGET', key, attempt)
if not recorded or string.sub(recorded, 1, 8) ~= 'charged:' then return 0 end
redis.call('HSET', key, attempt, value .. ':' .. string.sub(recorded, 9))
return 1
