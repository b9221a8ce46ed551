-- Registers a shopper in the waiting room, once: the same user gets the same ticket again.
-- KEYS[1] fg:{S}:ctl   KEYS[2] fg:{S}:pow:<challenge id> (a placeholder key when no proof of work)
-- ARGV[1] user id   ARGV[2] how long to remember the challenge (ms), 0 when no proof of work
-- Reply: {'new'|'existing', ticket, state, drawn (0/1), draw_count}
--     or {'registration_closed', state} or {'pow_reused'}
local prefix = sale_prefix(KEYS[1])
local now = now_ms()
local state = advance_state(KEYS[1], now)
local function reply(kind, ticket)
  local f = redis.call('HMGET', KEYS[1], 'drawn', 'draw_count')
  return {kind, ticket, state, num(f[1], 0), num(f[2], 0)}
end
local existing = redis.call('HGET', prefix .. 'users', ARGV[1])
if existing then
  return reply('existing', tonumber(existing))
end
if state == 'closed' or state == 'scheduled' or redis.call('HGET', KEYS[1], 'registration_open') == '0' then
  return {'registration_closed', state}
end
local pow_ttl = tonumber(ARGV[2])
if pow_ttl > 0 and not redis.call('SET', KEYS[2], 1, 'NX', 'PX', pow_ttl) then
  return {'pow_reused'}
end
local ticket = redis.call('HINCRBY', KEYS[1], 'tickets', 1)
redis.call('HSET', prefix .. 'users', ARGV[1], ticket)
redis.call('HINCRBY', prefix .. 'counters', 'registered', 1)
return reply('new', ticket)
