-- FlexML is XML: borrow XML's syntax, indentation and comments.
vim.bo.syntax = 'xml'
vim.bo.commentstring = '<!-- %s -->'
if vim.treesitter and vim.treesitter.language and vim.treesitter.language.register then
  pcall(vim.treesitter.language.register, 'xml', 'flexml')
end
