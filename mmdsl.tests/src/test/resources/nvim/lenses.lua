-- Test driver: once the buffer's diagnostics have settled (as settle.lua), asks for code lenses the way
-- a user does (:lua vim.lsp.codelens.refresh()), waits until every lens has its command, and writes
-- the virtual text neovim draws for them as "line: text" (1-based) to $MMDSL_OUT, then quits.
local last, stable = nil, 0
vim.wait(60000, function()
  local d = vim.diagnostic.get(0)
  local s = vim.inspect(d)
  if #d > 0 and s == last then stable = stable + 1 else stable = 0 end
  last = s
  return stable >= 10
end, 100)
local buf = vim.api.nvim_get_current_buf()
vim.lsp.codelens.refresh()
vim.wait(60000, function()
  local lenses = vim.lsp.codelens.get(buf)
  if #lenses == 0 then return false end
  for _, l in ipairs(lenses) do if not l.command then return false end end
  return true
end, 100)
vim.wait(300) -- the display after the last answer
local lines = {}
for _, ns in pairs(vim.lsp.codelens.__namespaces) do
  for _, m in ipairs(vim.api.nvim_buf_get_extmarks(buf, ns, 0, -1, { details = true })) do
    local text = {}
    for _, chunk in ipairs(m[4].virt_text or {}) do table.insert(text, chunk[1]) end
    table.insert(lines, string.format('%d: %s', m[2] + 1, table.concat(text)))
  end
end
vim.fn.writefile(lines, os.getenv('MMDSL_OUT'))
vim.cmd('qa!')
