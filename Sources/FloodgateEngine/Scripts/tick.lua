-- The sale's clock, run by every daemon a few times a second: moves the state with time,
-- advances the admission cursor at the sale's rate (never past the registrations, and never
-- further ahead of the buyable stock than the admission factor allows, counting shoppers who
-- bought as done), expires admissions
-- older than the admission window, and flips running <-> sold_out with the stock. Safe when
-- several daemons run it: each run spends only the time elapsed since the last one.
-- KEYS[1] fg:{S}:ctl
-- KEYS[#KEYS] fg:{S}:bot:held (always the last key): sessions held back by the bot defense;
--   admission skips their positions, so they take neither admission rate nor stock
-- ARGV none
-- Reply: {state, admitted_through, expired_through, tickets, admit_per_second, registration_open,
--         drawn, draw_count, now_ms}
local ctl = KEYS[1]
local prefix = sale_prefix(ctl)
local now = now_ms()
local state = advance_state(ctl, now)
local f = redis.call('HMGET', ctl, 'admitted_through', 'admit_clock_ms', 'admit_carry', 'admit_per_second',
  'admission_factor', 'window_ms', 'tickets')
local cursor, clock, carry, rate = num(f[1], 0), num(f[2], now), num(f[3], 0), num(f[4], 0)
local factor, window, tickets = num(f[5], 2), num(f[6], 300000), num(f[7], 0)

-- Admissions older than the window: the cursor as it stood `window` ago.
local old = redis.call('ZREVRANGEBYSCORE', prefix .. 'admits', now - window, '-inf', 'WITHSCORES', 'LIMIT', 0, 1)
local expired_through = 0
if #old > 0 then
  expired_through = tonumber(string.match(old[1], '^(%d+)'))
  redis.call('ZREMRANGEBYSCORE', prefix .. 'admits', '-inf', '(' .. old[2])
end

local available = inventory_total(prefix, 'available')
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
    local next = high + redis.call('ZCOUNT', KEYS[#KEYS], '(' .. low, grown)
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
  local buyable = available + inventory_total(prefix, 'reserved')
  local bought = num(redis.call('HGET', prefix .. 'counters', 'committed'), 0)
  local limit = math.min(tickets, grow_past_held(expired_through, expired_through + bought + math.ceil(factor * buyable)))
  local target = math.max(cursor, math.min(grow_past_held(cursor, cursor + step), limit))
  if target > cursor then
    redis.call('ZADD', prefix .. 'admits', now, target .. ':' .. now)
    redis.call('HINCRBY', prefix .. 'counters', 'admitted', target - cursor)
    cursor = target
  end
  -- Time spent at a cap is not saved up for a burst later.
  if cursor >= limit then budget = 0 else budget = budget - step end
  redis.call('HSET', ctl, 'admitted_through', cursor, 'admit_clock_ms', now, 'admit_carry', tostring(math.min(budget, 1)))
end
redis.call('HSET', ctl, 'expired_through', expired_through)
local g = redis.call('HMGET', ctl, 'admit_per_second', 'registration_open', 'drawn', 'draw_count')
return {state, cursor, expired_through, tickets, g[1], num(g[2], 1), num(g[3], 0), num(g[4], 0), now}
