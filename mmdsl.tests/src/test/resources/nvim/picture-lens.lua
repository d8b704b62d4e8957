-- Test driver: the "picture" code lens through neovim 0.7's own codelens module, as a user runs it.
-- Refreshes the lenses until the server has sent them, puts the cursor on the first `show picture`
-- line and runs its lens (neovim sends workspace/executeCommand); the handler below, which a user sets
-- to see a command's text (README, Editors), writes the answer to $MMDSL_OUT and quits.
local out = os.getenv('MMDSL_OUT')
vim.lsp.handlers['workspace/executeCommand'] = function(err, result)
  if err then
    vim.fn.writefile({ 'error: ' .. vim.inspect(err) }, out)
  else
    vim.fn.writefile(vim.split(result, '\n', true), out)
  end
  vim.cmd('qa!')
end
local target
vim.wait(90000, function()
  if #vim.lsp.buf_get_clients(0) == 0 then return false end
  for _, lens in ipairs(vim.lsp.codelens.get(0)) do
    local line = vim.api.nvim_buf_get_lines(0, lens.range.start.line, lens.range.start.line + 1, false)[1]
    if lens.command and lens.command.command == 'mmdsl.showPicture' and line:match('show picture') then
      target = lens
      return true
    end
  end
  vim.lsp.codelens.refresh()
  return false
end, 500)
if not target then
  vim.fn.writefile({ 'no picture lens on a show picture line' }, out)
  vim.cmd('qa!')
end
vim.api.nvim_win_set_cursor(0, { target.range.start.line + 1, 0 })
vim.lsp.codelens.run()
vim.wait(60000, function() return false end, 100)
vim.fn.writefile({ 'the lens command did not answer' }, out)
vim.cmd('qa!')
