-- Defines `:NianbaoRestart`. The server itself starts through `require('nianbao').setup()` or, on
-- Neovim 0.11+, `vim.lsp.enable('nianbao')`.
if vim.g.loaded_nianbao then
  return
end
vim.g.loaded_nianbao = true

vim.api.nvim_create_user_command('NianbaoRestart', function()
  require('nianbao').restart()
end, { desc = '重启 nianbao 服务 / restart the nianbao language server' })
