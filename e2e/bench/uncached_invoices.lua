-- Invoices list pages whose filter matches every invoice but differs from request to request
-- (a due date far ahead), so that no count or totals read before can be used again.
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("offset", threads * 1000000)
end

local n = 0
request = function()
  n = n + 1
  local k = (offset or 0) + n
  local path = string.format("/api/v1/invoices?limit=50&due_to=%04d-%02d-%02d",
    2100 + math.floor(k / 336), 1 + math.floor(k / 28) % 12, 1 + k % 28)
  return wrk.format(nil, path)
end
