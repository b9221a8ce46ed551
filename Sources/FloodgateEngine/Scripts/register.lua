#!lua
-- Registers a shopper in the waiting room, once: the same user gets the same ticket again.
-- KEYS[1] fg:{S}:ctl   KEYS[2] fg:{S}:pow:<challenge id> (fg:{S}:pow:none when no proof of work)
-- KEYS[3] fg:{S}:users   KEYS[4] fg:{S}:counters
-- ARGV[1] user id   ARGV[2] how long to remember the challenge (ms), 0 when no proof of work
-- Reply: {'new'|'existing', ticket, state, drawn (0/1), draw_count}
--     or {'registration_closed', state} ('closed' when the sale is gone or archived) or {'pow_reused'}
local K = {ctl = KEYS[1], pow = KEYS[2], users = KEYS[3], counters = KEYS[4]}
if sale_gone(K.ctl) then return {'registration_closed', 'closed'} end
local now = now_ms()
local state = advance_state(K.ctl, now)
-- drawn and draw_count are written at a lottery's draw: absent before it, and for FIFO.
local function reply(kind, ticket)
  local f = redis.call('HMGET', K.ctl, 'drawn', 'draw_count')
  return {kind, ticket, state, absent_means(0, f[1], 'drawn', K.ctl), absent_means(0, f[2], 'draw_count', K.ctl)}
end
local existing = redis.call('HGET', K.users, ARGV[1])
if existing then
  return reply('existing', required(existing, ARGV[1], K.users))
end
if state == 'closed' or state == 'scheduled' or state == 'paused' or state == 'rolling_back'
    or redis.call('HGET', K.ctl, 'registration_open') == '0' then
  return {'registration_closed', state}
end
local pow_ttl = tonumber(ARGV[2])
if pow_ttl > 0 and not redis.call('SET', K.pow, 1, 'NX', 'PX', pow_ttl) then
  return {'pow_reused'}
end
local ticket = redis.call('HINCRBY', K.ctl, 'tickets', 1)
redis.call('HSET', K.users, ARGV[1], ticket)
redis.call('HINCRBY', K.counters, 'registered', 1)
return reply('new', ticket)
