-- wrk script for make bench (bench/run.sh): cycle through a file of paths, stop cleanly.
--
--   wrk -t T -c C -d <seconds + drain> -s bench/traffic.lua URL -- <paths> <first> <lines> T <seconds>
--
-- Thread t of T reads its own slice of lines [first, first + lines) of the paths file (one
-- path a line, written by bench/traffic.py) and cycles through it: the threads never send
-- the same sequence, and each request is the next draw of the traffic law.
--
-- After <seconds> a connection sends no new request (delay() holds it), so when wrk stops
-- (the drain later) no request is left in flight: every page the app served reached wrk
-- and nginx's log, and the count check needs no allowance for requests cut off. The rate
-- is the responses received within <seconds> of the thread's first request, timed with
-- CLOCK_MONOTONIC (LuaJIT's ffi; os.time() has whole seconds only).
--
-- Every request is a new reader: no cookie, a Chrome User-Agent, its own X-Forwarded-For
-- address (nginx appends the peer's, the app trusts 127.0.0.1). Headers given with -H
-- (Host) are kept. done() prints one line: WRK_JSON {...}.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
int clock_gettime(int clock_id, bench_timespec *tp);
]])
local CLOCK_MONOTONIC = 1
local HOLD_MS = 3600 * 1000
local USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
  .. "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
local ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

local timespec = ffi.new("bench_timespec")
local function now()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
  return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) / 1e9
end

local threads = {}
local thread_seq = 0

function setup(thread)
  thread_seq = thread_seq + 1
  thread:set("thread_index", thread_seq)
  table.insert(threads, thread)
end

function init(args)
  local file, first, lines = args[1], tonumber(args[2]), tonumber(args[3])
  local thread_count, seconds = tonumber(args[4]), tonumber(args[5])
  assert(file and first and lines and thread_count and seconds, "traffic.lua: missing arguments")
  measure_seconds = seconds
  local per = math.max(1, math.floor(lines / thread_count))
  local low = first + ((thread_index - 1) * per) % lines
  paths = {}
  local n = 0
  for line in io.lines(file) do
    if n >= low + per then break end
    if n >= low and line ~= "" then table.insert(paths, line) end
    n = n + 1
  end
  assert(#paths > 0, "traffic.lua: no path in the slice")
  base_headers = { ["User-Agent"] = USER_AGENT, ["Accept"] = ACCEPT, ["Accept-Language"] = "vi-VN,vi;q=0.9" }
  for name, value in pairs(wrk.headers) do base_headers[name] = value end
  position, wrapped, sequence = 0, 0, 0
  in_window, after_window = 0, 0
  statuses = {}
  started = nil
end

function delay()
  if started ~= nil and now() - started >= measure_seconds then
    return HOLD_MS
  end
  return 0
end

function request()
  if started == nil then started = now() end
  position = position + 1
  if position > #paths then
    position = 1
    if #paths > 1 then wrapped = wrapped + 1 end
  end
  sequence = sequence + 1
  local n = sequence % 65536
  local headers = {}
  for name, value in pairs(base_headers) do headers[name] = value end
  headers["X-Forwarded-For"] = string.format("10.%d.%d.%d", thread_index, math.floor(n / 256), n % 256)
  return wrk.format("GET", paths[position], headers)
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if now() - started < measure_seconds then
    in_window = in_window + 1
  else
    after_window = after_window + 1
  end
end

function done(summary, latency, requests)
  local totals, parts = {}, {}
  local window, after, wraps = 0, 0, 0
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
    window = window + thread:get("in_window")
    after = after + thread:get("after_window")
    wraps = wraps + thread:get("wrapped")
  end
  for status, count in pairs(totals) do
    table.insert(parts, string.format('"%d": %d', status, count))
  end
  local errors = summary.errors
  local seconds = threads[1]:get("measure_seconds")
  io.write(string.format(
    'WRK_JSON {"requests": %d, "in_window": %d, "after_window": %d, "seconds": %s, '
      .. '"wrapped": %d, "statuses": {%s}, "p50_us": %d, "p90_us": %d, "p99_us": %d, '
      .. '"max_us": %d, "errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d, '
      .. '"status": %d}}\n',
    summary.requests, window, after, tostring(seconds), wraps, table.concat(parts, ", "),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    errors.connect, errors.read, errors.write, errors.timeout, errors.status
  ))
end
