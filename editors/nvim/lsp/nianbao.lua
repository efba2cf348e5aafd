-- The nianbao language server for Neovim 0.11+: `vim.lsp.enable('nianbao')` starts it for text and
-- Markdown buffers (it ignores files that are not annual reports). Override any field with
-- `vim.lsp.config('nianbao', { ... })`, e.g. `cmd` when the binary is not on the PATH.
---@type vim.lsp.Config
return {
  cmd = { 'nianbao', 'server' },
  filetypes = { 'text', 'markdown' },
  root_markers = { '.git' },
  settings = {
    nianbao = {
      -- 'auto' (the editor's locale, else Chinese), 'zh' or 'en'.
      language = 'auto',
      -- 'auto', '2019' or '2021': the format to assume when the report year is unknown.
      format = 'auto',
      -- Milliseconds to wait after an edit before checking again.
      diagnostics = { delayMs = 0 },
      -- Also available: year = 2023 (the year to assume when a report does not state it) and
      -- severity = { ['empty-cell'] = 'off', ['heading-variant'] = 'hint' }.
    },
  },
}
