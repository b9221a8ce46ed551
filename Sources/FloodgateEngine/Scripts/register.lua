#!lua
-- Registers a shopper in the waiting room, once: the same user gets the same ticket again. A new
-- registration also records, in the same call, where it came from for the bot defense (the
-- session record and the identities per address, subnet and client fingerprint) and marks the
-- session to be scored again by the bot warden.
-- KEYS[1] fg:{S}:ctl   KEYS[2] fg:{S}:pow:<challenge id> (fg:{S}:pow:none when no proof of work)
-- KEYS[3] fg:{S}:users   KEYS[4] fg:{S}:counters
-- KEYS[5] fg:{S}:bot:sess (hash user -> "source|subnet|fingerprint|ticket|proof rate")
-- KEYS[6] fg:{S}:bot:src  KEYS[7] fg:{S}:bot:net  KEYS[8] fg:{S}:bot:fp  (hashes: name -> identities)
-- KEYS[9] fg:{S}:bot:dirty (set: users to score again)
-- ARGV[1] user id   ARGV[2] how long to remember the challenge (ms), 0 when no proof of work
-- ARGV[3] source address, ARGV[4] its subnet, ARGV[5] client fingerprint, ARGV[6] proof rate in
--   hashes/s (-1 without proof of work); ARGV[3] empty when the bot defense does not record this
--   registration (the engine's own callers: the demo, tests)
-- Reply: {'new', ticket, state, drawn (0/1), draw_count, identities from the source, from the
--     subnet, with the fingerprint (0 0 0 when not recorded)}
--     or {'existing', ticket, state, drawn (0/1), draw_count}
--     or {'registration_closed', state} ('closed' when the sale is gone or archived) or {'pow_reused'}
local K = {ctl = KEYS[1], pow = KEYS[2], users = KEYS[3], counters = KEYS[4],
           sessions = KEYS[5], sources = KEYS[6], subnets = KEYS[7], fingerprints = KEYS[8], dirty = KEYS[9]}
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
-- A pause stops admission and checkout, not the queue: shoppers still join a started sale's
-- queue while it is paused (an operator halts registration for that); a sale paused before its
-- start stays shut until it starts.
local function shut()
  if redis.call('HGET', K.ctl, 'registration_open') == '0' then return true end
  if state == 'paused' then
    local back = redis.call('HGET', K.ctl, 'resume_state')
    return back ~= 'running' and back ~= 'sold_out'
  end
  return state == 'closed' or state == 'scheduled' or state == 'rolling_back'
end
if shut() then return {'registration_closed', state} end
local pow_ttl = tonumber(ARGV[2])
if pow_ttl > 0 and not redis.call('SET', K.pow, 1, 'NX', 'PX', pow_ttl) then
  return {'pow_reused'}
end
local ticket = redis.call('HINCRBY', K.ctl, 'tickets', 1)
redis.call('HSET', K.users, ARGV[1], ticket)
redis.call('HINCRBY', K.counters, 'registered', 1)
local answer = reply('new', ticket)
local source, subnet, fp = ARGV[3], ARGV[4], ARGV[5]
if source == '' then
  for _ = 1, 3 do table.insert(answer, 0) end
  return answer
end
-- A user registers once, so their session is recorded once.
redis.call('HSET', K.sessions, ARGV[1], source .. '|' .. subnet .. '|' .. fp .. '|' .. ticket .. '|' .. ARGV[6])
table.insert(answer, redis.call('HINCRBY', K.sources, source, 1))
table.insert(answer, redis.call('HINCRBY', K.subnets, subnet, 1))
table.insert(answer, redis.call('HINCRBY', K.fingerprints, fp, 1))
redis.call('SADD', K.dirty, ARGV[1])
local ttl = bot_keys_ttl(K.ctl, now)
for _, key in ipairs({K.sessions, K.sources, K.subnets, K.fingerprints, K.dirty}) do redis.call('PEXPIRE', key, ttl) end
return answer
