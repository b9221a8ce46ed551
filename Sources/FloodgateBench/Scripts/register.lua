-- wrk: POST /queue/register with a new user id on every request.
-- Reads the sale id from the environment variable FLOODGATE_SALE.
local counter = 0
local sale = os.getenv("FLOODGATE_SALE") or "bench"
local prefix = tostring(math.random(1, 1000000000))
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local body = '{"sale_id":"' .. sale .. '","user_id":"w' .. prefix .. '-' .. counter .. '"}'
  return wrk.format(nil, "/queue/register", nil, body)
end
