-- wrk: POST /checkout/reserve to the nginx peer, which takes the shopper from headers instead of
-- a token. FLOODGATE_USERS names a file of "user position" lines; FLOODGATE_BODY is the JSON body.
local users = {}
for line in io.lines(os.getenv("FLOODGATE_USERS")) do
  local user, position = line:match("^(%S+)%s+(%S+)$")
  users[#users + 1] = { user, position }
end
local body = os.getenv("FLOODGATE_BODY")
local index = 0
request = function()
  index = index % #users + 1
  local headers = { ["X-User"] = users[index][1], ["X-Position"] = users[index][2], ["Content-Type"] = "application/json" }
  return wrk.format("POST", "/checkout/reserve", headers, body)
end
