-- Test driver, run after one of the init-*.lua configs: open $WF_FILE, wait for wf-lsp's
-- diagnostics, hover at each $WF_HOVERS position ("row:bytecol;..." 0-based), read the code
-- lenses and inlay hints, run :WfLspGraph where the config has it (with the cursor at
-- $WF_GRAPH_AT when given), and write what Neovim
-- shows to $WF_OUT as JSON.
local out = { errors = {} }
local function finish()
  local file = io.open(os.getenv("WF_OUT"), "w")
  file:write(vim.fn.json_encode(out))
  file:close()
  vim.cmd("qa!")
end
local ok, err = pcall(function()
  vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("WF_FILE")))
  local buf = vim.api.nvim_get_current_buf()
  local function wf_client()
    local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = buf })
      or vim.lsp.buf_get_clients(buf)
    for _, client in pairs(clients) do
      if client.name == "wf-lsp" or client.name == "wf_lsp" then
        return client
      end
    end
  end
  if not vim.wait(20000, function() return wf_client() ~= nil and wf_client().initialized end, 50) then
    table.insert(out.errors, "wf-lsp never attached to the buffer")
    return
  end
  local client = wf_client()
  out.version = vim.version()
  out.offset_encoding = client.offset_encoding
  if not vim.wait(20000, function() return #vim.diagnostic.get(buf) > 0 end, 50) then
    table.insert(out.errors, "no diagnostics within 20 s")
  end
  out.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(out.diagnostics, {
      lnum = d.lnum, col = d.col, end_lnum = d.end_lnum, end_col = d.end_col,
      severity = d.severity, code = d.code or lsp.code, source = d.source, message = d.message,
    })
  end
  out.hovers = {}
  for row, col in string.gmatch(os.getenv("WF_HOVERS") or "", "(%d+):(%d+)") do
    vim.api.nvim_win_set_cursor(0, { tonumber(row) + 1, tonumber(col) })
    local params = vim.lsp.util.make_position_params(0, client.offset_encoding)
    local answers = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, 10000) or {}
    local answer = answers[client.id] or {}
    local lines = {}
    if answer.result then
      lines = vim.lsp.util.convert_input_to_markdown_lines(answer.result.contents)
    end
    table.insert(out.hovers, { position = params.position, lines = lines,
                               range = answer.result and answer.result.range })
  end
  vim.lsp.codelens.refresh()
  vim.wait(10000, function() return #(vim.lsp.codelens.get(buf) or {}) > 0 end, 50)
  out.code_lenses = {}
  for _, lens in ipairs(vim.lsp.codelens.get(buf) or {}) do
    table.insert(out.code_lenses, { line = lens.range.start.line, title = lens.command and lens.command.title })
  end
  if vim.lsp.inlay_hint then
    vim.wait(10000, function() return #vim.lsp.inlay_hint.get({ bufnr = buf }) > 0 end, 50)
    out.inlay_hints = {}
    for _, item in ipairs(vim.lsp.inlay_hint.get({ bufnr = buf })) do
      local hint = item.inlay_hint
      table.insert(out.inlay_hints, { position = hint.position, label = hint.label })
    end
  end
  -- The docs' :WfLspGraph (0.11 config): the SVG it hands to vim.ui.open.
  if vim.fn.exists(":WfLspGraph") == 2 then
    local opened
    vim.ui.open = function(path) opened = path end
    local row, col = string.match(os.getenv("WF_GRAPH_AT") or "", "(%d+):(%d+)")
    if row then -- the cursor in the workflow to draw ("row:bytecol", 0-based)
      vim.api.nvim_win_set_cursor(0, { tonumber(row) + 1, tonumber(col) })
    end
    vim.cmd("WfLspGraph")
    if vim.wait(10000, function() return opened ~= nil end, 50) then
      out.graph = { path = opened, svg = table.concat(vim.fn.readfile(opened), "\n") }
    else
      table.insert(out.errors, ":WfLspGraph opened nothing within 10 s")
    end
  end
end)
if not ok then
  table.insert(out.errors, tostring(err))
end
finish()
