-- wrk script for bench/run.sh: counts responses per HTTP status and prints one JSON line.
--
-- Every request carries a different X-Forwarded-For address (as nginx would send for
-- different readers), so the per-IP guard sees a realistic spread instead of one client.
-- wrk keeps no cookies, so every request is a new reader and a new visit.

local threads = {}
local thread_seq = 0

function setup(thread)
  thread_seq = thread_seq + 1
  thread:set("thread_id", thread_seq)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
  sequence = 0
end

function request()
  sequence = sequence + 1
  -- 10.<thread>.<x>.<y>: 65,536 addresses per thread, reused at most a few times a minute.
  local n = sequence % 65536
  local ip = string.format("10.%d.%d.%d", thread_id, math.floor(n / 256), n % 256)
  return wrk.format(nil, nil, { ["X-Forwarded-For"] = ip })
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local totals = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      totals[status] = (totals[status] or 0) + count
    end
  end
  local parts = {}
  for status, count in pairs(totals) do
    table.insert(parts, string.format('"%d": %d', status, count))
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_us": %d, "statuses": {%s}, '
      .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, '
      .. '"errors": {"connect": %d, "read": %d, "write": %d, "timeout": %d, "status": %d}}\n',
    summary.requests, summary.duration, table.concat(parts, ", "),
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    errors.connect, errors.read, errors.write, errors.timeout, errors.status
  ))
end
