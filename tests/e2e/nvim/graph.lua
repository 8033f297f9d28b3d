-- Optional: :WfLspGraph opens the job graph and worst-case timeline of the current workflow
-- (the picture VS Code shows beside the editor) in your SVG viewer or browser.
vim.api.nvim_create_user_command("WfLspGraph", function()
  local client = vim.lsp.get_clients({ bufnr = 0, name = "wf_lsp" })[1]
  if not client then
    return vim.notify("wf-lsp is not attached to this buffer", vim.log.levels.WARN)
  end
  local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
  params.colorScheme = vim.o.background -- the workflow the cursor is in, in a file of several
  client:request("wfLsp/graph", params, function(err, result)
    if err or not result then
      return vim.notify("wf-lsp: no job graph: " .. (err and err.message or "not a workflow"), vim.log.levels.WARN)
    end
    local file = vim.fn.tempname() .. ".svg"
    vim.fn.writefile(vim.split(result.svg, "\n", { plain = true }), file)
    vim.notify("wf-lsp: worst case " .. result.worstCase)
    vim.ui.open(file)
  end, 0)
end, { desc = "wf-lsp: show the job graph" })
