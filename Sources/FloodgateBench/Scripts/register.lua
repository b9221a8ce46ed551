-- wrk: POST /queue/register with a new user id on every request.
-- Reads the sale id from FLOODGATE_SALE and a prefix unique to the run from FLOODGATE_RUN
-- (wrk seeds math.random the same way every run, so it cannot make one).
local counter = 0
local sale = os.getenv("FLOODGATE_SALE") or "bench"
local prefix = os.getenv("FLOODGATE_RUN") or "0"
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
request = function()
  counter = counter + 1
  local body = '{"sale_id":"' .. sale .. '","user_id":"w' .. prefix .. '-' .. counter .. '"}'
  return wrk.format(nil, "/queue/register", nil, body)
end
