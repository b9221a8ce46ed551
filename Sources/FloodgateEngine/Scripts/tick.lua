#!lua
-- The sale's clock, run by every daemon a few times a second: moves the state with time,
-- advances the admission cursor at the sale's rate (never past the registrations, and never
-- further ahead of the buyable stock than the admission factor allows, counting shoppers who
-- bought as done), expires admissions older than the admission window (on the sale's clock,
-- which stops while the sale is paused), and flips running <-> sold_out with the stock. Safe when
-- several daemons run it: each run spends only the time elapsed since the last one.
-- KEYS[1] fg:{S}:ctl   KEYS[2] fg:{S}:admits   KEYS[3] fg:{S}:inv   KEYS[4] fg:{S}:counters   KEYS[5] fg:{S}:bot:held
--   (sessions held back by the bot defense: admission skips their positions, so they take
--   neither admission rate nor stock)
-- ARGV none
-- Reply: {state, admitted_through, expired_through, tickets, admit_per_second, registration_open,
--         drawn, draw_count, now_ms}
--     or {'unknown_sale'} when the sale's keys are gone or archived: nothing is written.
local K = {ctl = KEYS[1], admits = KEYS[2], inv = KEYS[3], counters = KEYS[4], bot_held = KEYS[5]}
local ctl = K.ctl
if sale_gone(ctl) then return {'unknown_sale'} end
local now = now_ms()
-- Everything required is read before the first write (advance_state writes only the state,
-- admit_clock_ms, admit_carry and the draw).
local s = required_fields(ctl, 'admitted_through', 'admit_per_second', 'admission_factor', 'window_ms',
  'registration_open')
local cursor, rate, factor, window = s.admitted_through, s.admit_per_second, s.admission_factor, s.window_ms
local available, reserved = inventory_total(K, 'available'), inventory_total(K, 'reserved')
local bought = absent_means(0, redis.call('HGET', K.counters, 'committed'), 'committed', K.counters)

-- Admissions older than the window: the cursor as it stood `window` ago.
local clock_now = sale_now(ctl, now)
local old = redis.call('ZREVRANGEBYSCORE', K.admits, clock_now - window, '-inf', 'WITHSCORES', 'LIMIT', 0, 1)
local expired_through = 0
if #old > 0 then
  expired_through = required(string.match(old[1], '^(%d+):'), 'admission ' .. old[1], K.admits)
end

local state = advance_state(ctl, now)
if #old > 0 then redis.call('ZREMRANGEBYSCORE', K.admits, '-inf', '(' .. old[2]) end
-- The admission clock starts when the sale does (advance_state writes both then).
local f = redis.call('HMGET', ctl, 'admit_clock_ms', 'admit_carry', 'tickets')
local clock = absent_means(now, f[1], 'admit_clock_ms', ctl)
local carry = required(f[2], 'admit_carry', ctl)
local tickets = required(f[3], 'tickets', ctl)

if state == 'running' and available == 0 then
  state = 'sold_out'
  redis.call('HSET', ctl, 'state', state)
elseif state == 'sold_out' and available > 0 then
  state = 'running'
  redis.call('HSET', ctl, 'state', state, 'admit_clock_ms', now, 'admit_carry', 0)
  clock, carry = now, 0
end

-- `high` moved on by the held positions in (low, high], and by those it then passes.
local function grow_past_held(low, high)
  local grown = high
  for _ = 1, 8 do
    local next = high + redis.call('ZCOUNT', K.bot_held, '(' .. low, grown)
    if next == grown then break end
    grown = next
  end
  return grown
end

if state == 'running' then
  -- At most a second's worth at once: time between ticks is not saved up for a burst.
  local budget = math.min(carry + (now - clock) * rate / 1000, math.max(1, rate))
  local step = math.floor(budget)
  -- Shoppers inside their window, less those who bought (their turn is over), at most
  -- `factor` per unit still buyable.
  local buyable = available + reserved
  local limit = math.min(tickets, grow_past_held(expired_through, expired_through + bought + math.ceil(factor * buyable)))
  local target = math.max(cursor, math.min(grow_past_held(cursor, cursor + step), limit))
  if target > cursor then
    redis.call('ZADD', K.admits, clock_now, target .. ':' .. now)
    redis.call('HINCRBY', K.counters, 'admitted', target - cursor)
    cursor = target
  end
  -- Time spent at a cap is not saved up for a burst later.
  if cursor >= limit then budget = 0 else budget = budget - step end
  redis.call('HSET', ctl, 'admitted_through', cursor, 'admit_clock_ms', now, 'admit_carry', tostring(math.min(budget, 1)))
end
redis.call('HSET', ctl, 'expired_through', expired_through)
-- drawn and draw_count are written at a lottery's draw: absent before it, and for FIFO.
local g = redis.call('HMGET', ctl, 'admit_per_second', 'drawn', 'draw_count')
return {state, cursor, expired_through, tickets, g[1], s.registration_open, absent_means(0, g[2], 'drawn', ctl),
  absent_means(0, g[3], 'draw_count', ctl), now}
