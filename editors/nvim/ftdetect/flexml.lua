-- FlexML files: *.flexml and *.flexml.xml get the `flexml` filetype (XML syntax, flexml-ls).
if vim.filetype and vim.filetype.add then
  vim.filetype.add({
    extension = { flexml = 'flexml' },
    pattern = { ['.*%.flexml%.xml'] = 'flexml' },
  })
end
-- Neovim 0.7 uses the Vim script detection unless `g:do_filetype_lua` is set: cover it too.
vim.cmd([[
  augroup flexml_ftdetect
    autocmd!
    autocmd BufRead,BufNewFile *.flexml,*.flexml.xml set filetype=flexml
  augroup END
]])
