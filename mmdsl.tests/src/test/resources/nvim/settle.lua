-- Test driver: waits until the buffer's diagnostics stop changing (1 s unchanged), writes them as
-- "line:col SEVERITY message" (1-based) to $MMDSL_OUT and quits.
local last, stable = nil, 0
vim.wait(60000, function()
  local d = vim.diagnostic.get(0)
  local s = vim.inspect(d)
  if #d > 0 and s == last then stable = stable + 1 else stable = 0 end
  last = s
  return stable >= 10
end, 100)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(lines, string.format('%d:%d %s %s', d.lnum + 1, d.col + 1, vim.diagnostic.severity[d.severity], d.message))
end
vim.fn.writefile(lines, os.getenv('MMDSL_OUT'))
vim.cmd('qa!')
