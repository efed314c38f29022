-- wrk script: creates contacts with unique e-mails and phones (the duplicate check runs each time).
local counter = 0
local thread_id = 0
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  thread_id = id
  token = os.getenv("BENCH_TOKEN")
end

function request()
  counter = counter + 1
  local n = thread_id * 5000000 + counter
  local body = string.format(
    '{"kind":"person","first_name":"Load","last_name":"Test %d","access":"shared_read","details":[{"kind":"email","value":"load%d@bench.example"},{"kind":"phone","value":"+7913%07d"}]}',
    n, n, n)
  return wrk.format("POST", "/api/v1/contacts", {["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token}, body)
end

local statuses = {}

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
  if status ~= 201 and not printed then
    printed = true
    io.stderr:write("first non-201 answer: " .. status .. " " .. body .. "\n")
  end
end
