-- wrk script for bench/soak.sh: mixed reader traffic, read from a file of paths.
--
--   wrk ... -s bench/soak.lua http://127.0.0.1:PORT -- <paths file>
--
-- The paths file (written by `bench/soak_report.py paths`) has one "kind<TAB>...<TAB>path"
-- line per path; kind is "a" (article page, newest first), "l" (home and category pages,
-- a path repeated as often as its weight) or "s" (search). Each request is an article
-- page with probability 0.80, a list page 0.15, a search 0.05. Article pages are drawn
-- with a skew towards the newest (index = n * u^2, u uniform: density ~ 1/sqrt(age
-- rank)) but reach the whole archive, as readers follow both the home page and old links.
--
-- Like bench/traffic.lua, every request carries its own X-Forwarded-For address and
-- no cookie, so every request is a new reader and a new visit. It prints one JSON line:
-- responses per status, latency percentiles, socket errors, and the wall-clock second of
-- every 5xx response (so 5xx can be placed against the database cut).

local ARTICLE_SHARE = 0.80
local LIST_SHARE = 0.15

local threads = {}
local thread_seq = 0

function setup(thread)
  thread_seq = thread_seq + 1
  thread:set("thread_id", thread_seq)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  server_errors_at = {}
  sequence = 0
  paths = { a = {}, l = {}, s = {} }
  local file = assert(io.open(args[1], "r"), "soak.lua: cannot open the paths file")
  for line in file:lines() do
    local kind = line:match("^(%a)\t")
    local path = line:match("\t([^\t]+)$")
    if kind and path and paths[kind] then
      table.insert(paths[kind], path)
    end
  end
  file:close()
  assert(#paths.a > 0 and #paths.l > 0 and #paths.s > 0, "soak.lua: a kind has no paths")
  math.randomseed(os.time() * 100 + thread_id)
end

local function pick()
  local r = math.random()
  if r < ARTICLE_SHARE then
    local u = math.random()
    return paths.a[math.floor(#paths.a * u * u) + 1]
  elseif r < ARTICLE_SHARE + LIST_SHARE then
    return paths.l[math.random(#paths.l)]
  end
  return paths.s[math.random(#paths.s)]
end

function request()
  sequence = sequence + 1
  -- 10.<thread>.<x>.<y>: 65,536 addresses per thread, each reused at most a few times a
  -- minute, far under the per-IP ceiling (COUNTER_MAX_PER_IP_PER_MINUTE).
  local n = sequence % 65536
  local ip = string.format("10.%d.%d.%d", thread_id, math.floor(n / 256), n % 256)
  return wrk.format("GET", pick(), { ["X-Forwarded-For"] = ip })
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status >= 500 then
    local second = os.time()
    server_errors_at[second] = (server_errors_at[second] or 0) + 1
  end
end

local function json_map(map, format)
  local parts = {}
  for key, count in pairs(map) do
    table.insert(parts, string.format(format, key, count))
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

function done(summary, latency, requests)
  local totals, errors_at = {}, {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
    for second, count in pairs(thread:get("server_errors_at")) do
      errors_at[second] = (errors_at[second] or 0) + count
    end
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "statuses": %s, "server_errors_at": %s, '
      .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d}}\n',
    summary.requests, summary.duration, json_map(totals, '"%d": %d'),
    json_map(errors_at, '"%d": %d'),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    errors.connect, errors.read, errors.write, errors.timeout, errors.status
  ))
end
