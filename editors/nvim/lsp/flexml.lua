-- flexml-ls for Neovim 0.11+: the language server of CarrierX FlexML (`flexml server`).
--
-- Put editors/nvim on 'runtimepath' (or copy this file to ~/.config/nvim/lsp/flexml.lua), then:
--     vim.lsp.enable('flexml')
-- Change anything with vim.lsp.config('flexml', { ... }), e.g. another command:
--     vim.lsp.config('flexml', { cmd = { '/path/to/venv/bin/flexml', 'server' } })
--
-- The server attaches to `flexml` buffers (*.flexml, *.flexml.xml: see ftdetect/flexml.lua) and to
-- XML buffers; in an XML buffer it reports only when the root element is <Response>. In `json`
-- buffers it reports on JSON call flows (*.callflow.json) and call requests (CarrierX, Exotel) only.
---@type vim.lsp.Config
return {
  cmd = { 'flexml', 'server' },
  filetypes = { 'flexml', 'xml', 'json' },
  root_markers = { 'pyproject.toml', '.flexml.toml', '.git' },
  -- Settings (all optional): select / ignore (rule codes or prefixes), include (file patterns),
  -- debounce (ms), diagnosticMode ('auto' | 'push' | 'pull'), ruleDocsUrl, baseUrl.
  settings = { flexml = {} },
}
