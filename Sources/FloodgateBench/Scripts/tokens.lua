-- wrk: requests with a bearer token taken in turn from the file named by FLOODGATE_TOKENS
-- (one token a line). FLOODGATE_PATH is the path; FLOODGATE_BODY, if set, a JSON body to POST.
local tokens = {}
for line in io.lines(os.getenv("FLOODGATE_TOKENS")) do tokens[#tokens + 1] = line end
local path = os.getenv("FLOODGATE_PATH")
local body = os.getenv("FLOODGATE_BODY")
local index = math.random(1, #tokens)
request = function()
  index = index % #tokens + 1
  local headers = {["Authorization"] = "Bearer " .. tokens[index]}
  if body then
    headers["Content-Type"] = "application/json"
    return wrk.format("POST", path, headers, body)
  end
  return wrk.format("GET", path, headers)
end
