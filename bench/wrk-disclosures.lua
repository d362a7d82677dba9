-- wrk script for bench/http.bench.js: POST /v1/disclosures, each request one of the pre-generated realistic bodies
-- (one JSON per line in the file given as the first argument) with "__ID__" replaced by a new disclosureId and
-- "__MEMBER__" by a member drawn at random from <members> ids, as the autocannon load does.
-- Arguments: <bodies file> <bearer token> <id prefix> <members>. Prints one line "WRK_RESULT {json}" when done.
local threads = {}

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
end

local bodies = {}
local counter = 0
local headers
local prefix
local members

function init(args)
  local file = assert(io.open(args[1], "r"))
  for line in file:lines() do bodies[#bodies + 1] = line end
  file:close()
  headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. args[2] }
  prefix = args[3] .. "-" .. tid .. "-"
  members = tonumber(args[4])
  math.randomseed(os.time() + tid * 7919)
end

function request()
  counter = counter + 1
  local body = string.gsub(bodies[math.random(#bodies)], "__ID__", prefix .. counter, 1)
  body = string.gsub(body, "__MEMBER__", string.format("M-%06d", math.random(0, members - 1)), 1)
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
