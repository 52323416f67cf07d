-- Neovim's built-in LSP client against `pxlint lsp`: open a fixture, wait
-- for the diagnostics Neovim shows (vim.diagnostic.get), edit the buffer,
-- wait for them to clear. Environment: PXLINT, FIXTURE, ROOT_DIR, OUT (a
-- JSON file written with the results). Run with:
--   nvim --headless --clean -c 'luafile tests/lsp/nvim_e2e.lua'
local pxlint, fixture = os.getenv('PXLINT'), os.getenv('FIXTURE')
local root, out = os.getenv('ROOT_DIR'), os.getenv('OUT')
local result = { version = vim.version() and tostring(vim.version().minor) }

local function finish()
  vim.fn.writefile({ vim.fn.json_encode(result) }, out)
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(fixture))
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'python'
  local config = { name = 'pxlint', cmd = { pxlint, 'lsp' }, root_dir = root }
  local id
  if vim.lsp.start then -- Neovim 0.8 and later
    id = vim.lsp.start(config)
  else -- 0.7 (Debian bookworm)
    id = vim.lsp.start_client(config)
    vim.lsp.buf_attach_client(bufnr, id)
  end
  result.attached = id ~= nil
  result.shown = vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  result.diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local lsp = d.user_data and d.user_data.lsp or {}
    table.insert(result.diagnostics, {
      lnum = d.lnum, col = d.col, end_col = d.end_col, severity = d.severity,
      source = d.source, message = d.message, code = d.code or lsp.code,
    })
  end
  -- `LOG.append(x)` -> `[x].append(x)`: an incremental change from Neovim.
  local line = vim.api.nvim_buf_get_lines(bufnr, 3, 4, false)[1]
  local col = line:find('LOG.append', 1, true) - 1
  vim.api.nvim_buf_set_text(bufnr, 3, col, 3, col + 3, { '[x]' })
  result.cleared = vim.wait(20000, function() return #vim.diagnostic.get(bufnr) == 0 end, 50)
  vim.lsp.stop_client(id)
  result.stopped = vim.wait(5000, function() return vim.lsp.get_client_by_id(id) == nil end, 50)
end)
result.ok = ok
result.error = err and tostring(err) or nil
finish()
