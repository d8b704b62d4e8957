-- The README's neovim 0.7 set-up for mmdsl (MMDSL_LS stands for the path of mmdsl.ide/mmdsl-ls).
vim.cmd([[autocmd BufRead,BufNewFile *.mmdsl setfiletype mmdsl]])
vim.api.nvim_create_autocmd('FileType', { pattern = 'mmdsl', callback = function(args)
  local id = vim.lsp.start_client({ name = 'mmdsl',
    cmd = { os.getenv('MMDSL_LS') },
    root_dir = vim.fn.getcwd() })
  vim.lsp.buf_attach_client(args.buf, id)
end })
