-- wrk script of the measurements (overload-checkout.sh, cluster-reserve.sh). FLOODGATE_MODE
-- chooses what each connection sends:
--   register  POST /queue/register with a new user id each time (FLOODGATE_SALE, FLOODGATE_RUN),
--             every other one with Accept: text/html (a browser, shed with the high-demand page),
--             the rest JSON (shed with 503 overloaded);
--   status    GET /queue/status with the tokens of FLOODGATE_TOKENS in turn;
--   reserve   admitted shoppers (FLOODGATE_TOKENS, one a line) in turn reserve 1 unit of
--             FLOODGATE_SKU, never released (any number of threads and connections);
--   checkout  admitted shoppers (FLOODGATE_TOKENS, one a line): reserve 1 unit of FLOODGATE_SKU,
--             then commit it with a new Idempotency-Key, then the next token. Run it with as many
--             threads as connections (-t N -c N): a thread's one connection carries its shopper's
--             reserve and commit in turn, and times each (wall clock, LuaJIT's ffi).
-- done() prints, per kind of call: answers by status, 503s with Retry-After and with the
-- high-demand page (text/html), 5xx without a body; for checkout, p50/p99/p99.9 of reserve and
-- commit apart (wrk's own latency of every call is printed as well).
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

-- Per thread, in numeric globals (wrk's thread:get copies numbers; copying a table crashes it):
-- answers_<kind>_<status>, bare_<kind> (5xx with an empty body), retry_<kind> (503 with
-- Retry-After), page_<kind> (503 with text/html), and the checkout latencies as a histogram,
-- lat_<kind>_<bucket>, buckets 1% wide from 0.01 ms.
local kinds = { "register", "status", "reserve", "commit" }
local bucket_ratio, bucket_base, buckets = 1.01, 0.01, 1600

local function add(name)
  _G[name] = (_G[name] or 0) + 1
end

local tokens = {}
local counter, next_token = 0, 0
-- The call last sent, when, and the shopper whose reservation is to be committed next (checkout
-- only: one connection a thread; wrk calls request() once before the run, unsent).
local sent, sent_at, pending = nil, 0, nil

function init(args)
  local file = os.getenv("FLOODGATE_TOKENS")
  if file and file ~= "" then
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
  sent = "register"
  local headers = { ["Content-Type"] = "application/json",
                    ["Accept"] = counter % 2 == 0 and "text/html" or "application/json" }
  local body = '{"sale_id":"' .. sale .. '","user_id":"o' .. run .. '-' .. (thread_index or 0) .. '-' .. counter .. '"}'
  return wrk.format("POST", "/queue/register", headers, body)
end

-- A reserve of 1 unit of FLOODGATE_SKU by the shopper whose queue token is `shopper`.
local function reserve(shopper)
  sent = "reserve"
  return wrk.format("POST", "/checkout/reserve", { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. shopper },
    '{"sku":"' .. sku .. '","qty":1}')
end

local function checkout()
  local headers = { ["Content-Type"] = "application/json" }
  if pending and pending.reservation then
    counter = counter + 1
    sent = "commit"
    headers["Authorization"] = "Bearer " .. pending.token
    headers["Idempotency-Key"] = "o" .. run .. "-" .. thread_index .. "-" .. counter
    local body = '{"reservation_id":"' .. pending.reservation .. '","payment":{"method":"measure"}}'
    pending = nil
    return wrk.format("POST", "/checkout/commit", headers, body)
  end
  pending = { token = token() }
  return reserve(pending.token)
end

function request()
  sent_at = now_ms()
  if mode == "register" then return register() end
  if mode == "status" then
    sent = "status"
    return wrk.format("GET", "/queue/status", { ["Authorization"] = "Bearer " .. token() })
  end
  if mode == "reserve" then return reserve(token()) end
  return checkout()
end

local function header(headers, wanted)
  for name, value in pairs(headers) do
    if string.lower(name) == wanted then return value end
  end
  return nil
end

function response(status, headers, body)
  local kind = sent
  if mode == "checkout" then
    local bucket = math.floor(math.log(math.max(now_ms() - sent_at, bucket_base) / bucket_base) / math.log(bucket_ratio))
    add("lat_" .. kind .. "_" .. math.min(bucket, buckets))
  end
  add("answers_" .. kind .. "_" .. status)
  if status >= 500 and (body == nil or #body == 0) then add("bare_" .. kind) end
  if status == 503 and header(headers, "retry-after") then add("retry_" .. kind) end
  if status == 503 and string.find(header(headers, "content-type") or "", "text/html", 1, true) then add("page_" .. kind) end
  if mode == "checkout" and kind == "reserve" then
    local reservation = status == 201 and string.match(body, '"reservation_id"%s*:%s*"([^"]+)"')
    if reservation then pending.reservation = reservation else pending = nil end
  end
end

-- The sum of a numeric global over the threads.
local function total(name)
  local sum = 0
  for _, thread in ipairs(threads) do sum = sum + (thread:get(name) or 0) end
  return sum
end

-- The latency (ms, the bucket's upper edge) below which p percent of a kind's calls answered.
local function percentile(kind, p)
  local counts, all = {}, 0
  for bucket = 0, buckets do
    counts[bucket] = total("lat_" .. kind .. "_" .. bucket)
    all = all + counts[bucket]
  end
  local seen = 0
  for bucket = 0, buckets do
    seen = seen + counts[bucket]
    if all > 0 and seen >= all * p / 100 then return bucket_base * bucket_ratio ^ (bucket + 1), all end
  end
  return 0, all
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("  %s: %d requests in %.1f s (%.0f/s), %d socket errors (connect %d, read %d, write %d, timeout %d)\n",
    mode, summary.requests, seconds, summary.requests / seconds,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.timeout))
  local bare_total = 0
  for _, kind in ipairs(kinds) do
    for status = 100, 599 do
      local count = total("answers_" .. kind .. "_" .. status)
      if count > 0 then io.write(string.format("    %-8s %d  %d\n", kind, status, count)) end
    end
    local shed, bare = total("answers_" .. kind .. "_503"), total("bare_" .. kind)
    bare_total = bare_total + bare
    if shed > 0 or bare > 0 then
      io.write(string.format("    %s: 503 %d (with Retry-After %d, with the high-demand page %d); 5xx without a body %d\n",
        kind, shed, total("retry_" .. kind), total("page_" .. kind), bare))
    end
  end
  io.write(string.format("    5xx without a body: %d\n", bare_total))
  if mode == "checkout" then
    for _, kind in ipairs({ "reserve", "commit" }) do
      local p50, count = percentile(kind, 50)
      io.write(string.format("    %-8s latency ms: p50 %.1f  p99 %.1f  p99.9 %.1f  (%d calls)\n", kind, p50,
        percentile(kind, 99), percentile(kind, 99.9), count))
    end
  end
  io.write(string.format("    wrk latency ms (every call): p50 %.1f  p99 %.1f  max %.1f\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
