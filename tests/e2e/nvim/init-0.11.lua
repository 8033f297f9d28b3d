-- wf-lsp in Neovim 0.11 and later: put this in init.lua.
vim.lsp.config("wf_lsp", {
  cmd = { "wf-lsp", "serve" },
  filetypes = { "yaml" },
  root_markers = { "wf-lsp.toml", ".wf-lsp.toml", "pyproject.toml", ".git" },
  -- Optional: the same keys as VS Code's wfLsp.* settings.
  settings = { wfLsp = { requireTimeout = "jobs" } },
})
vim.lsp.enable("wf_lsp")

-- Optional: show the `= 1h30m` inlay hints and the code lens above each job.
vim.api.nvim_create_autocmd("LspAttach", {
  callback = function(args)
    local client = vim.lsp.get_client_by_id(args.data.client_id)
    if client and client.name == "wf_lsp" then
      vim.lsp.inlay_hint.enable(true, { bufnr = args.buf })
      vim.lsp.codelens.refresh({ bufnr = args.buf })
      vim.api.nvim_create_autocmd({ "InsertLeave", "TextChanged" }, {
        buffer = args.buf,
        callback = function() vim.lsp.codelens.refresh({ bufnr = args.buf }) end,
      })
    end
  end,
})
