-- wrk script for bench/http.bench.js: POST /v1/disclosures, each request one of the pre-generated realistic bodies
-- (one JSON per line in the file given as the first argument) with "__ID__" replaced by a new disclosureId.
-- Arguments: <bodies file> <bearer token> <id prefix>. Prints one line "WRK_RESULT {json}" when done.
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local bodies = {}
local counter = 0
local headers
local prefix

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do bodies[#bodies + 1] = line end
  file:close()
  headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. args[2] }
  prefix = args[3] .. "-" .. tid .. "-"
end

function request()
  counter = counter + 1
  local body = string.gsub(bodies[(counter % #bodies) + 1], "__ID__", prefix .. counter, 1)
  return wrk.format("POST", "/v1/disclosures", headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_RESULT {"requests":%d,"durationUs":%d,"bytes":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,' ..
    '"non2xx":%d,"timeouts":%d,"p50Us":%d,"p975Us":%d,"p99Us":%d,"maxUs":%d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(97.5), latency:percentile(99), latency.max))
end
