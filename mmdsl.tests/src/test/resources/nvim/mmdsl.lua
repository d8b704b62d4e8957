-- The README's neovim 0.7 set-up for mmdsl (MMDSL_JAVA and MMDSL_LS_JAR stand for your java and jar paths).
vim.cmd([[autocmd BufRead,BufNewFile *.mmdsl setfiletype mmdsl]])
vim.api.nvim_create_autocmd('FileType', { pattern = 'mmdsl', callback = function(args)
  local id = vim.lsp.start_client({ name = 'mmdsl',
    cmd = { os.getenv('MMDSL_JAVA') or 'java', '-jar', os.getenv('MMDSL_LS_JAR') },
    root_dir = vim.fn.getcwd() })
  vim.lsp.buf_attach_client(args.buf, id)
end })
