-- Shared helpers, put after the shebang line of every Floodgate script when it is loaded
-- (ScriptLibrary: first line of <name>.lua, then this file, then the rest of <name>.lua).
--
-- Every key a script reads or writes arrives in KEYS: no script builds a key name. The keys of
-- one sale S all carry the hash tag {S}, so a sale's scripts touch one Redis Cluster slot:
--   fg:{S}:ctl        hash: state, timing, admission cursor, settings (see SaleKeys.swift)
--   fg:{S}:def        string: the sale definition (JSON)
--   fg:{S}:inv        hash: "<sku>|initial|added|available|reserved|sold" counters
--   fg:{S}:users      hash: user id -> ticket (registration order)
--   fg:{S}:held       hash: user id -> units reserved or bought (per-user limit)
--   fg:{S}:res:<id>   hash: one reservation (expires_ms on the sale clock)
--   fg:{S}:expiry     zset: reserved (not paying) reservation id -> expiry (ms, sale clock)
--   fg:{S}:paying     zset: reservation id being paid for -> when to reconcile its attempt (ms)
--   fg:{S}:voids      zset: payment attempts whose charge must not stand, to void -> time queued
--   fg:{S}:admits     zset: admission cursor history, score = ms (sale clock)
--   fg:{S}:orders     zset: order id -> commit time (ms)
--   fg:{S}:counters   hash: funnel counters
--   fg:{S}:ledger     stream: every stock change
--   fg:{S}:idem:<n>:<user>:<key>  hash: one user's Idempotency-Key, its attempt and answer
--   fg:{S}:pow:<id>   string: a used proof-of-work challenge
-- Keys of no one sale carry the one hash tag {global}: fg:{global}:sales (set of sale ids) and
-- fg:{global}:secret (the daemons' signing key); scripts do not touch them.
--
-- Helpers take `K`, a table of the calling script's keys by the names above (K.ctl, K.inv...).

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

local function num(value, default)
  local n = tonumber(value)
  if n == nil then return default end
  return n
end

-- The sale's clock (ms): Redis' time less every pause, standing still while the sale is paused
-- or rolling back. Reservation expiries and admission windows run on it, so a pause gives
-- shoppers back the time it took. Fields: paused_at_ms (0 while the clock runs) and
-- clock_offset_ms (the length of every pause so far).
local function sale_now(ctl, now)
  local f = redis.call('HMGET', ctl, 'paused_at_ms', 'clock_offset_ms')
  local paused_at = num(f[1], 0)
  if paused_at > 0 then now = paused_at end
  return now - num(f[2], 0)
end

-- Stops the sale's clock (a pause or a rollback begins); stopping it again changes nothing.
local function stop_clock(ctl, now)
  if num(redis.call('HGET', ctl, 'paused_at_ms'), 0) == 0 then
    redis.call('HSET', ctl, 'paused_at_ms', now)
  end
end

-- Starts the sale's clock again (resume): the pause's length is added to the offset.
local function start_clock(ctl, now)
  local paused_at = num(redis.call('HGET', ctl, 'paused_at_ms'), 0)
  if paused_at > 0 then
    redis.call('HINCRBY', ctl, 'clock_offset_ms', now - paused_at)
    redis.call('HSET', ctl, 'paused_at_ms', 0)
  end
end

-- Moves the sale through scheduled -> prequeue -> running -> closed as time passes. At the
-- start of a lottery sale, fixes how many registrations the draw shuffles (the seed is shown
-- from then on). A sale paused before its start still draws at the start, and resumes to
-- running. Returns the state.
local function advance_state(ctl, now)
  local f = redis.call('HMGET', ctl, 'state', 'starts_at_ms', 'prequeue_ms', 'ends_at_ms', 'fairness', 'drawn', 'tickets',
    'resume_state')
  local state = f[1]
  local ends = num(f[4], 0)
  if ends > 0 and now >= ends and state ~= 'closed' and state ~= 'rolling_back' then
    redis.call('HSET', ctl, 'state', 'closed')
    return 'closed'
  end
  local phase, field = state, 'state'
  if state == 'paused' then phase, field = f[8], 'resume_state' end
  if phase == 'scheduled' and now >= num(f[3], 0) then
    phase = 'prequeue'
    redis.call('HSET', ctl, field, phase)
  end
  if (phase == 'scheduled' or phase == 'prequeue') and now >= num(f[2], 0) then
    redis.call('HSET', ctl, field, 'running', 'admit_clock_ms', now, 'admit_carry', 0)
    if f[5] == 'lottery' and f[6] ~= '1' then
      redis.call('HSET', ctl, 'drawn', 1, 'draw_count', num(f[7], 0))
    end
    if field == 'state' then state = 'running' end
  end
  return state
end

-- Returns a live reservation's units to stock and ends it with `final_status`
-- ('cancelled', 'expired' or 'released'). `res` is its key. The caller counts and explains it.
local function release(K, res, rid, final_status, now)
  local r = redis.call('HMGET', res, 'user', 'sku', 'qty', 'status')
  local qty = num(r[3], 0)
  redis.call('HINCRBY', K.inv, r[2] .. '|available', qty)
  redis.call('HINCRBY', K.inv, r[2] .. '|reserved', -qty)
  if redis.call('HINCRBY', K.held, r[1], -qty) <= 0 then
    redis.call('HDEL', K.held, r[1])
  end
  redis.call('HSET', res, 'status', final_status, 'ended_ms', now)
  redis.call('HDEL', res, 'paying_until')
  redis.call('ZREM', K.expiry, rid)
  redis.call('XADD', K.ledger, '*', 'op', final_status, 'rid', rid, 'user', r[1], 'sku', r[2], 'qty', qty)
  return r[4]
end

-- The total of one inventory column ('available', 'reserved', 'sold') over every SKU.
local function inventory_total(K, column)
  local skus = redis.call('HGET', K.ctl, 'skus') or ''
  local total = 0
  for sku in string.gmatch(skus, '[^,]+') do
    total = total + num(redis.call('HGET', K.inv, sku .. '|' .. column), 0)
  end
  return total
end
