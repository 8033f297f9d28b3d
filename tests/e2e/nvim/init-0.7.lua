-- wf-lsp in Neovim 0.7 to 0.10: put this in init.lua.
local wf_lsp_client
vim.api.nvim_create_autocmd("FileType", {
  pattern = "yaml",
  callback = function(args)
    if not wf_lsp_client then
      wf_lsp_client = vim.lsp.start_client({
        name = "wf-lsp",
        cmd = { "wf-lsp", "serve" },
        root_dir = vim.fn.getcwd(),
        -- Optional: the same keys as VS Code's wfLsp.* settings.
        settings = { wfLsp = { requireTimeout = "jobs" } },
      })
    end
    if wf_lsp_client then
      vim.lsp.buf_attach_client(args.buf, wf_lsp_client)
    end
  end,
})
