-- wrk script: moves deals to another stage of their pipeline (If-Match: *), one deal after
-- another, so that writes meet the reads of other connections.
local counter = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  token = os.getenv("BENCH_TOKEN")
  first_deal = tonumber(os.getenv("BENCH_FIRST_DEAL"))
  deals = tonumber(os.getenv("BENCH_DEALS"))
  stages = {}
  for s in string.gmatch(os.getenv("BENCH_STAGES"), "%d+") do table.insert(stages, s) end
end

function request()
  counter = counter + 1
  -- The deal seeded k-th is in stage k mod 27 (the first 9 are pipeline 1's): every 27th
  -- from the first is in pipeline 1, and any stage of pipeline 1 is a valid target.
  local deal = first_deal + ((id * 7919 + counter) * 27) % (deals - 27)
  local stage = stages[(counter % #stages) + 1]
  return wrk.format("POST", "/api/v1/deals/" .. deal .. "/stage",
    {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token, ["If-Match"] = "*"},
    '{"stage_id":' .. stage .. '}')
end

function response(status, headers, body)
  if status ~= 200 and not printed then
    printed = true
    io.stderr:write("first non-200 answer: " .. status .. " " .. body .. "\n")
  end
end
