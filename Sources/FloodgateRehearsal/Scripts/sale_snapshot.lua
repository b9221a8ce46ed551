#!lua flags=no-writes
-- Rehearsal checks: one consistent, read-only view of a sale's figures. A script runs
-- atomically, so the hashes, the simulated gateway's payments and the ledger's last entry agree
-- with each other (no charge whose commit came after the ledger was cut), on a single
-- Redis and on the cluster node that owns the sale's slot alike (every key shares `{S}`).
-- KEYS[1] fg:{S}:ctl       (hash: the sale's control fields)
-- KEYS[2] fg:{S}:inv       (hash "<sku>|<column>" -> units)
-- KEYS[3] fg:{S}:counters  (hash: funnel counters)
-- KEYS[4] fg:{S}:ledger    (stream)
-- KEYS[5] fg:{S}:payments  (hash: payment attempt -> 'charged:<rid>', 'refunded:...', ...)
-- ARGV: none
-- Reply: {HGETALL ctl, HGETALL inv, HGETALL counters, XREVRANGE ledger + - COUNT 1, HGETALL payments}
return {
  redis.call('HGETALL', KEYS[1]),
  redis.call('HGETALL', KEYS[2]),
  redis.call('HGETALL', KEYS[3]),
  redis.call('XREVRANGE', KEYS[4], '+', '-', 'COUNT', 1),
  redis.call('HGETALL', KEYS[5]),
}
