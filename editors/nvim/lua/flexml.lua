-- flexml-ls helpers for Neovim 0.7 and later (editors/nvim on 'runtimepath'):
--   require('flexml').fix_all()      -- every safe fix flexml-ls knows, applied at once (no menu)
--
-- `vim.lsp.buf.code_action({ context = { only = { 'source.fixAll.flexml' } }, apply = true })` opens a
-- menu on 0.7 (no `apply` yet) and applies nothing; this asks the server for the
-- `source.fixAll.flexml` action itself and applies its edit, the same way on every version.
local M = {}

local FIX_ALL = 'source.fixAll.flexml'

local function flexml_client(bufnr)
  local clients
  if vim.lsp.get_clients then                      -- 0.10+
    clients = vim.lsp.get_clients({ bufnr = bufnr, name = 'flexml' })
  else                                             -- 0.7-0.9
    clients = vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
  end
  for _, client in ipairs(clients) do
    if client.name == 'flexml' then
      return client
    end
  end
end

--- Apply flexml-ls's safe fixes to a buffer (default: the current one), waiting at most `timeout_ms`
--- (default 2000) for the server. Returns the number of edits applied (0 when there was nothing to fix).
function M.fix_all(bufnr, timeout_ms)
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  local client = flexml_client(bufnr)
  if not client then
    vim.notify('flexml: no flexml-ls client attached to this buffer', vim.log.levels.WARN)
    return 0
  end
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    -- The whole buffer: lines count the same in every position encoding.
    range = { start = { line = 0, character = 0 }, ['end'] = { line = vim.api.nvim_buf_line_count(bufnr), character = 0 } },
    context = { only = { FIX_ALL }, diagnostics = {} },
  }
  local answers = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, timeout_ms or 2000) or {}
  local answer = answers[client.id]
  local applied = 0
  for _, action in ipairs(answer and answer.result or {}) do
    if action.kind == FIX_ALL and action.edit then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
      applied = applied + 1
    end
  end
  return applied
end

return M
