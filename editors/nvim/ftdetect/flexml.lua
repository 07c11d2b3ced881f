-- FlexML files get the `flexml` filetype (XML highlighting, flexml-ls): *.flexml, *.flexml.xml, and
-- the templates *.flexml.j2, *.flexml.jinja, *.flexml.jinja2 (highlighted as Jinja over XML where
-- Neovim has Jinja's syntax: see syntax/flexml.vim).
if vim.filetype and vim.filetype.add then
  -- A priority above the defaults: `.jinja` and `.xml` files are otherwise `jinja` and `xml`.
  local flexml = { 'flexml', { priority = 10 } }
  vim.filetype.add({
    extension = { flexml = 'flexml' },
    pattern = {
      ['.*%.flexml%.xml'] = flexml,
      ['.*%.flexml%.j2'] = flexml,
      ['.*%.flexml%.jinja'] = flexml,
      ['.*%.flexml%.jinja2'] = flexml,
      -- JSON call flows stay `json` (JSON's highlighting); flexml-ls attaches to `json` buffers and
      -- checks call flows and call requests (see lsp/flexml.lua).
      ['.*%.callflow%.json'] = { 'json', { priority = 10 } },
    },
  })
end
-- Neovim 0.7 uses the Vim script detection unless `g:do_filetype_lua` is set: cover it too.
vim.cmd([[
  augroup flexml_ftdetect
    autocmd!
    autocmd BufRead,BufNewFile *.flexml,*.flexml.xml,*.flexml.j2,*.flexml.jinja,*.flexml.jinja2 set filetype=flexml
    autocmd BufRead,BufNewFile *.callflow.json set filetype=json
  augroup END
]])
