-- wrk script for the soak of scripts/bench-fleet: every thread (one connection each: run with
-- -tN -cN) cycles through the requests listed in SOAK_REQUESTS, a file with one request a line:
--   NAME EXPECTED_STATUS AUTH ACCEPT PATH
-- AUTH is `none`, `bearer` (the thread's current token) or `ticket` (the realm ticket, for a
-- token request); ACCEPT is an Accept header value without spaces, or `-` for none.
-- Tokens expire (the stack's token server: 300 s), so each thread keeps the token of its last
-- token request (starting from SOAK_TOKEN), and the ticket of its last 401 (starting from
-- SOAK_TICKET), as the app does. Threads start at different places in the list.
-- At the end it prints machine-readable lines:
--   SOAK NAME requests unexpected        (per request name)
--   SOAKBAD NAME STATUS count            (statuses other than the expected one)
--   SOAKSUM requests socket_errors seconds
-- With one connection per thread, each response answers the last request the thread built.

local list = {}
local threads = {}

local function load_list()
  local file = assert(io.open(os.getenv("SOAK_REQUESTS"), "r"))
  for line in file:lines() do
    local name, status, auth, accept, path = line:match("^(%S+)%s+(%d+)%s+(%S+)%s+(%S+)%s+(%S+)$")
    if name then
      list[#list + 1] = {
        name = name, status = tonumber(status), auth = auth,
        accept = (accept ~= "-") and accept or nil, path = path,
      }
    end
  end
  file:close()
  assert(#list > 0, "no requests in " .. tostring(os.getenv("SOAK_REQUESTS")))
end

local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("offset", counter)
  threads[#threads + 1] = thread
end

local next_index, pending
local token, ticket
counts, bad = {}, {}

function init(args)
  load_list()
  next_index = ((offset or 1) * 3) % #list + 1
  token = os.getenv("SOAK_TOKEN") or ""
  ticket = os.getenv("SOAK_TICKET") or ""
end

function request()
  local entry = list[next_index]
  next_index = next_index % #list + 1
  pending = entry
  local headers = {}
  if entry.accept then headers["Accept"] = entry.accept end
  if entry.auth == "bearer" then headers["Authorization"] = "Bearer " .. token end
  if entry.auth == "ticket" then headers["X-Regscope-Realm-Ticket"] = ticket end
  return wrk.format("GET", entry.path, headers)
end

function response(status, headers, body)
  local entry = pending
  if not entry then return end
  pending = nil
  counts[entry.name] = (counts[entry.name] or 0) + 1
  if status ~= entry.status then
    local key = entry.name .. " " .. status
    bad[key] = (bad[key] or 0) + 1
  end
  if status == 401 then
    local value = headers["x-regscope-realm-ticket"] or headers["X-Regscope-Realm-Ticket"]
    local fresh = value and value:match("^%S+%s+([^,%s]+)")
    if fresh then ticket = fresh end
  elseif status == 200 and entry.auth == "ticket" then
    local fresh = body:match('"token"%s*:%s*"([^"]+)"')
    if fresh then token = fresh end
  end
end

function done(summary, latency, requests)
  local total, unexpected, per_status = {}, {}, {}
  for _, thread in ipairs(threads) do
    for name, n in pairs(thread:get("counts") or {}) do total[name] = (total[name] or 0) + n end
    for key, n in pairs(thread:get("bad") or {}) do
      per_status[key] = (per_status[key] or 0) + n
      local name = key:match("^(%S+)")
      unexpected[name] = (unexpected[name] or 0) + n
    end
  end
  for name, n in pairs(total) do
    io.write(string.format("SOAK %s %d %d\n", name, n, unexpected[name] or 0))
  end
  for key, n in pairs(per_status) do io.write(string.format("SOAKBAD %s %d\n", key, n)) end
  local e = summary.errors
  io.write(string.format("SOAKSUM %d %d %.1f\n", summary.requests,
    e.connect + e.read + e.write + e.timeout, summary.duration / 1e6))
end
