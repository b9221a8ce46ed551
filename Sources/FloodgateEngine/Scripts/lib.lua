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
--   fg:{S}:guard:lease  string: the daemon evaluating the sale's guards (TTL)
--   fg:{S}:guard:state  hash: guard name -> its track (JSON)
--   fg:{S}:alerts     hash: alert id -> the guards' alert (JSON)
--   fg:{S}:payouts    list: the latest payment outcomes ('<ms>:1' paid, '<ms>:0' declined), newest first
--   fg:{S}:vitals     hash: '<unix second>|<figure>' -> the guards' figures of that second
-- Keys of no one sale carry the one hash tag {global}: fg:{global}:sales (set of sale ids) and
-- fg:{global}:secret (the daemons' signing key); scripts do not touch them.
--
-- Helpers take `K`, a table of the calling script's keys by the names above (K.ctl, K.inv...).

local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- Numbers read from the sale's keys. A field written when the sale or a reservation is created
-- (window_ms, ttl_ms, a reservation's qty...) must be there: `required` stops the script with an
-- error reply ("ERR floodgate: malformed <field> in <key>", SaleEngineError.malformedData, HTTP
-- 500) when it is missing or not a number. A field whose absence has a meaning (a counter never
-- incremented, a user holding nothing, paused_at_ms of a sale never paused) is read with
-- `absent_means(default, ...)`: absent is that default, present but not a number is the same error.
-- Scripts read what they require before their first write, so a malformed key changes nothing.
local function malformed(field, key)
  error({err = 'ERR floodgate: malformed ' .. field .. ' in ' .. key})
end

local function required(value, field, key)
  local n = tonumber(value)
  if n == nil then malformed(field, key) end
  return n
end

local function absent_means(default, value, field, key)
  if not value then return default end
  return required(value, field, key)
end

-- A text field that must be there (a reservation's user or SKU, the sale's SKU list).
local function required_text(value, field, key)
  if type(value) ~= 'string' or value == '' then malformed(field, key) end
  return value
end

-- The named fields of hash `key`, each a required number, as a table by name.
local function required_fields(key, ...)
  local names = {...}
  local values = redis.call('HMGET', key, unpack(names))
  local out = {}
  for i, name in ipairs(names) do out[name] = required(values[i], name, key) end
  return out
end

-- Whether a sale's keys are closed to writes: its control hash is gone, or the sale is archived
-- (its keys expire with the archive's grace; a key written now would outlive it).
local function sale_gone(ctl)
  local f = redis.call('HMGET', ctl, 'state', 'archived_ms')
  return not f[1] or f[2] ~= false
end

-- How long the bot defense's keys live (ms): a day past the sale's end, or a week after their
-- last write when it has no end.
local function bot_keys_ttl(ctl, now)
  local day = 86400000
  local ends = required(redis.call('HGET', ctl, 'ends_at_ms'), 'ends_at_ms', ctl)
  if ends == 0 then return 7 * day end
  return math.max(day, ends - now + day)
end

-- The sale's clock (ms): Redis' time less every pause, standing still while the sale is paused
-- or rolling back. Reservation expiries and admission windows run on it, so a pause gives
-- shoppers back the time it took. Fields: paused_at_ms (0 while the clock runs) and
-- clock_offset_ms (the length of every pause so far).
local function sale_now(ctl, now)
  local f = redis.call('HMGET', ctl, 'paused_at_ms', 'clock_offset_ms')
  local paused_at = absent_means(0, f[1], 'paused_at_ms', ctl)
  if paused_at > 0 then now = paused_at end
  return now - absent_means(0, f[2], 'clock_offset_ms', ctl)
end

-- Stops the sale's clock (a pause or a rollback begins); stopping it again changes nothing.
local function stop_clock(ctl, now)
  if absent_means(0, redis.call('HGET', ctl, 'paused_at_ms'), 'paused_at_ms', ctl) == 0 then
    redis.call('HSET', ctl, 'paused_at_ms', now)
  end
end

-- Starts the sale's clock again (resume): the pause's length is added to the offset.
local function start_clock(ctl, now)
  local paused_at = absent_means(0, redis.call('HGET', ctl, 'paused_at_ms'), 'paused_at_ms', ctl)
  if paused_at > 0 then
    redis.call('HINCRBY', ctl, 'clock_offset_ms', now - paused_at)
    redis.call('HSET', ctl, 'paused_at_ms', 0)
  end
end

-- Moves the sale through scheduled -> prequeue -> running -> closed as time passes. At the
-- start of a lottery sale, fixes how many registrations the draw shuffles (the seed is shown
-- from then on). A sale paused before its start still draws at the start, and resumes to
-- running. Returns the state.
local states = {scheduled = true, prequeue = true, running = true, paused = true, sold_out = true, closed = true,
  rolling_back = true}
local function advance_state(ctl, now)
  local f = redis.call('HMGET', ctl, 'state', 'starts_at_ms', 'prequeue_ms', 'ends_at_ms', 'fairness', 'drawn', 'tickets',
    'resume_state')
  local state = f[1]
  if not states[state] then malformed('state', ctl) end
  local starts, prequeue = required(f[2], 'starts_at_ms', ctl), required(f[3], 'prequeue_ms', ctl)
  local ends, tickets = required(f[4], 'ends_at_ms', ctl), required(f[7], 'tickets', ctl)
  if state == 'paused' and not states[f[8]] then malformed('resume_state', ctl) end
  if ends > 0 and now >= ends and state ~= 'closed' and state ~= 'rolling_back' then
    redis.call('HSET', ctl, 'state', 'closed')
    return 'closed'
  end
  local phase, field = state, 'state'
  if state == 'paused' then phase, field = f[8], 'resume_state' end
  if phase == 'scheduled' and now >= prequeue then
    phase = 'prequeue'
    redis.call('HSET', ctl, field, phase)
  end
  if (phase == 'scheduled' or phase == 'prequeue') and now >= starts then
    redis.call('HSET', ctl, field, 'running', 'admit_clock_ms', now, 'admit_carry', 0)
    if f[5] == 'lottery' and f[6] ~= '1' then
      redis.call('HSET', ctl, 'drawn', 1, 'draw_count', tickets)
    end
    if field == 'state' then state = 'running' end
  end
  return state
end

-- Returns a live reservation's units to stock and ends it with `final_status`
-- ('cancelled', 'expired' or 'released'), once: its status says it ended. `res` is its key.
-- Appends the ledger entry; the caller counts and explains it. Returns its status before.
local function release(K, res, rid, final_status, now)
  local r = redis.call('HMGET', res, 'user', 'sku', 'qty', 'status')
  local user, sku = required_text(r[1], 'user', res), required_text(r[2], 'sku', res)
  local qty = required(r[3], 'qty', res)
  redis.call('HINCRBY', K.inv, sku .. '|available', qty)
  redis.call('HINCRBY', K.inv, sku .. '|reserved', -qty)
  if redis.call('HINCRBY', K.held, user, -qty) <= 0 then
    redis.call('HDEL', K.held, user)
  end
  redis.call('HSET', res, 'status', final_status, 'ended_ms', now)
  redis.call('HDEL', res, 'paying_until')
  redis.call('ZREM', K.expiry, rid)
  redis.call('XADD', K.ledger, '*', 'op', final_status, 'rid', rid, 'user', user, 'sku', sku, 'qty', qty)
  return r[4]
end

-- The total of one inventory column ('available', 'reserved', 'sold') over every SKU; each
-- SKU's counters are written when the sale is created.
local function inventory_total(K, column)
  local skus = required_text(redis.call('HGET', K.ctl, 'skus'), 'skus', K.ctl)
  local total = 0
  for sku in string.gmatch(skus, '[^,]+') do
    local field = sku .. '|' .. column
    total = total + required(redis.call('HGET', K.inv, field), field, K.inv)
  end
  return total
end
