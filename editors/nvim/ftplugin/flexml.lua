-- FlexML is XML: comments as XML's, and tree-sitter's XML parser where there is one. Highlighting
-- comes from syntax/flexml.vim (Neovim's own syntax loading sets 'syntax' to the filetype).
vim.bo.commentstring = '<!-- %s -->'
if vim.treesitter and vim.treesitter.language and vim.treesitter.language.register then
  pcall(vim.treesitter.language.register, 'xml', 'flexml')
end
