#!lua flags=allow-oom
-- An operator's or a guard's switch on one sale.
-- KEYS[1] fg:{S}:ctl
-- ARGV[1] the action, and its values:
--   'pause' reason actor   stop admission, registration and checkout, and the sale's clock
--                          (remembers the state to resume to, and why, who and when (ms) it
--                          was paused: pause_reason, pause_actor, pause_since_ms)
--   'resume'               back to the state before the pause; the clock runs again, so every
--                          admission window and reservation gets the pause's length back; the
--                          pause's why, who and when are cleared
--   'close'                end the sale: no more registration, admission or checkout
--   'throttle' rate        admissions per second
--   'registration' 1|0     reopen or halt registration
--   'payment' failure_rate latency_ms   the simulated gateway's settings
--   'rollback_done' actor  end a rollback: a closed sale stays closed, any other stays paused
--                          (reason 'rollback', by the actor who ran it)
-- Reply: {'ok', state} or {'invalid_state', state} when the switch does not apply now
--     or {'unknown_sale'} when the sale is gone or archived: nothing is written.
local ctl = KEYS[1]
if sale_gone(ctl) then return {'unknown_sale'} end
local now = now_ms()
local state = advance_state(ctl, now)
local action = ARGV[1]
local function ok() return {'ok', redis.call('HGET', ctl, 'state')} end

if action == 'pause' then
  if state == 'closed' or state == 'rolling_back' then return {'invalid_state', state} end
  if state ~= 'paused' then
    redis.call('HSET', ctl, 'resume_state', state, 'state', 'paused', 'pause_reason', ARGV[2], 'pause_actor', ARGV[3],
      'pause_since_ms', now)
    stop_clock(ctl, now)
  end
elseif action == 'resume' then
  if state == 'running' or state == 'sold_out' then return ok() end
  if state ~= 'paused' then return {'invalid_state', state} end
  local back = redis.call('HGET', ctl, 'resume_state')
  if not back then return redis.error_reply('paused sale without resume_state') end
  start_clock(ctl, now)
  redis.call('HSET', ctl, 'state', back, 'admit_clock_ms', now, 'admit_carry', 0, 'pause_reason', '')
  redis.call('HDEL', ctl, 'pause_actor', 'pause_since_ms')
  advance_state(ctl, now)
elseif action == 'close' then
  if state == 'rolling_back' then return {'invalid_state', state} end
  redis.call('HSET', ctl, 'state', 'closed')
elseif action == 'throttle' then
  redis.call('HSET', ctl, 'admit_per_second', ARGV[2], 'admit_clock_ms', now, 'admit_carry', 0)
elseif action == 'registration' then
  redis.call('HSET', ctl, 'registration_open', ARGV[2])
elseif action == 'payment' then
  redis.call('HSET', ctl, 'failure_rate', ARGV[2], 'latency_ms', ARGV[3])
elseif action == 'rollback_done' then
  if state == 'rolling_back' then
    local from = redis.call('HGET', ctl, 'rollback_from')
    if from == 'closed' then
      redis.call('HSET', ctl, 'state', 'closed')
    else
      if from and from ~= 'paused' then redis.call('HSET', ctl, 'resume_state', from) end
      redis.call('HSET', ctl, 'state', 'paused', 'pause_reason', 'rollback', 'pause_actor', ARGV[2], 'pause_since_ms', now)
    end
  end
else
  return redis.error_reply('unknown control action ' .. tostring(action))
end
return ok()
