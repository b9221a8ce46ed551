-- wrk script of overload-checkout.sh. FLOODGATE_MODE chooses what each connection sends:
--   register  POST /queue/register with a new user id each time (FLOODGATE_SALE, FLOODGATE_RUN),
--             every other one with Accept: text/html (a browser), the rest JSON;
--   status    GET /queue/status with the tokens of FLOODGATE_TOKENS in turn;
--   checkout  admitted shoppers (FLOODGATE_TOKENS, one a line): reserve 1 unit of FLOODGATE_SKU,
--             then commit it with a new Idempotency-Key, then the next token. Run it with as many
--             threads as connections (-t N -c N): a thread's one connection carries its shopper's
--             reserve and commit in turn, and times each (wall clock, LuaJIT's ffi).
-- done() prints, per kind of call: answers by status, 5xx with and without a body, 503s with
-- Retry-After and with the high-demand page (text/html); for checkout, p50/p99/max of reserve
-- and commit apart (wrk's own latency, both together, is printed as well).
local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } fg_timespec;
  int clock_gettime(int clock, fg_timespec *now);
]]
local now_buffer = ffi.new("fg_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, now_buffer) -- CLOCK_MONOTONIC
  return tonumber(now_buffer.tv_sec) * 1000 + tonumber(now_buffer.tv_nsec) / 1e6
end

local mode = os.getenv("FLOODGATE_MODE")
local sale = os.getenv("FLOODGATE_SALE")
local run = os.getenv("FLOODGATE_RUN") or "0"
local sku = os.getenv("FLOODGATE_SKU") or "A"

local threads = {}
function setup(thread)
  thread:set("thread_index", #threads)
  threads[#threads + 1] = thread
end

-- Per thread: answers by kind and status, and the checkout latencies.
answers = {}     -- answers["reserve 201"] = n
bare = {}        -- bare["register"] = 5xx answers with an empty body
retry_after = {} -- retry_after["register"] = 503s carrying Retry-After
pages = {}       -- pages["register"] = 503s answered with text/html
times = { reserve = {}, commit = {} }

local tokens = {}
local counter, next_token = 0, 0
local sent, sent_at, pending = nil, 0, nil -- the call in flight (checkout: one a thread)

function init(args)
  local file = os.getenv("FLOODGATE_TOKENS")
  if file then
    for line in io.lines(file) do tokens[#tokens + 1] = line end
  end
  next_token = thread_index or 0
end

local function token()
  next_token = next_token % #tokens + 1
  return tokens[next_token]
end

local function register()
  counter = counter + 1
  sent = counter % 2 == 0 and "register (html)" or "register (json)"
  local headers = { ["Content-Type"] = "application/json",
                    ["Accept"] = counter % 2 == 0 and "text/html" or "application/json" }
  local body = '{"sale_id":"' .. sale .. '","user_id":"o' .. run .. '-' .. (thread_index or 0) .. '-' .. counter .. '"}'
  return wrk.format("POST", "/queue/register", headers, body)
end

local function checkout()
  local headers = { ["Content-Type"] = "application/json" }
  if pending then
    counter = counter + 1
    sent = "commit"
    headers["Authorization"] = "Bearer " .. pending.token
    headers["Idempotency-Key"] = "o" .. run .. "-" .. thread_index .. "-" .. counter
    local body = '{"reservation_id":"' .. pending.reservation .. '","payment":{"method":"measure"}}'
    pending = nil
    return wrk.format("POST", "/checkout/commit", headers, body)
  end
  sent = "reserve"
  pending = { token = token() }
  headers["Authorization"] = "Bearer " .. pending.token
  return wrk.format("POST", "/checkout/reserve", headers, '{"sku":"' .. sku .. '","qty":1}')
end

function request()
  sent_at = now_ms()
  if mode == "register" then return register() end
  if mode == "status" then
    sent = "status"
    return wrk.format("GET", "/queue/status", { ["Authorization"] = "Bearer " .. token() })
  end
  return checkout()
end

local function header(headers, wanted)
  for name, value in pairs(headers) do
    if string.lower(name) == wanted then return value end
  end
  return nil
end

local function add(table, key)
  table[key] = (table[key] or 0) + 1
end

function response(status, headers, body)
  local kind = sent
  if kind == "reserve" or kind == "commit" then
    local list = times[kind]
    list[#list + 1] = now_ms() - sent_at
  end
  add(answers, kind .. " " .. status)
  if status >= 500 and (body == nil or #body == 0) then add(bare, kind) end
  if status == 503 and header(headers, "retry-after") then add(retry_after, kind) end
  if status == 503 and string.find(header(headers, "content-type") or "", "text/html", 1, true) then add(pages, kind) end
  if kind == "reserve" then
    local reservation = status == 201 and string.match(body, '"reservation_id"%s*:%s*"([^"]+)"')
    if reservation then pending.reservation = reservation else pending = nil end
  end
end

local function percentile(sorted, p)
  if #sorted == 0 then return 0 end
  return sorted[math.max(1, math.ceil(#sorted * p / 100))]
end

local function merge(into, from)
  for key, value in pairs(from or {}) do into[key] = (into[key] or 0) + value end
end

function done(summary, latency, requests)
  local all = { answers = {}, bare = {}, retry_after = {}, pages = {}, reserve = {}, commit = {} }
  for _, thread in ipairs(threads) do
    merge(all.answers, thread:get("answers"))
    merge(all.bare, thread:get("bare"))
    merge(all.retry_after, thread:get("retry_after"))
    merge(all.pages, thread:get("pages"))
    local thread_times = thread:get("times")
    for _, kind in ipairs({ "reserve", "commit" }) do
      for _, value in ipairs(thread_times[kind]) do all[kind][#all[kind] + 1] = value end
    end
  end
  local seconds = summary.duration / 1e6
  io.write(string.format("  %s: %d requests in %.1f s (%.0f/s), %d socket errors (connect %d, read %d, write %d, timeout %d)\n",
    mode, summary.requests, seconds, summary.requests / seconds,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  local keys = {}
  for key in pairs(all.answers) do keys[#keys + 1] = key end
  table.sort(keys)
  for _, key in ipairs(keys) do io.write(string.format("    %-24s %d\n", key, all.answers[key])) end
  for _, kind in ipairs({ "register (html)", "register (json)", "status", "reserve", "commit" }) do
    local shed = all.answers[kind .. " 503"] or 0
    if shed > 0 or (all.bare[kind] or 0) > 0 then
      io.write(string.format("    %s: 503 %d (with Retry-After %d, high-demand page %d); 5xx without a body %d\n",
        kind, shed, all.retry_after[kind] or 0, all.pages[kind] or 0, all.bare[kind] or 0))
    end
  end
  local bare_total = 0
  for _, value in pairs(all.bare) do bare_total = bare_total + value end
  io.write(string.format("    5xx without a body: %d\n", bare_total))
  if mode == "checkout" then
    for _, kind in ipairs({ "reserve", "commit" }) do
      local sorted = all[kind]
      table.sort(sorted)
      io.write(string.format("    %-8s latency ms: p50 %.1f  p99 %.1f  max %.1f  (%d timed)\n", kind,
        percentile(sorted, 50), percentile(sorted, 99), sorted[#sorted] or 0, #sorted))
    end
  end
  io.write(string.format("    wrk latency ms (every call): p50 %.1f  p99 %.1f  max %.1f\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
