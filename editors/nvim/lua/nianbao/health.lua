-- `:checkhealth nianbao`: is the binary found, which version is it, and is a client attached to the
-- buffer being checked?

local M = {}

-- Neovim 0.10+ names the reporters `vim.health.start/ok/...`; 0.8 and 0.9 `vim.health.report_*`;
-- 0.7 has them in the `health` module.
local health = vim.health or require('health')
local start = health.start or health.report_start
local ok = health.ok or health.report_ok
local warn = health.warn or health.report_warn
local error = health.error or health.report_error
local info = health.info or health.report_info

--- The command in force: from `setup()`, else from `vim.lsp.config('nianbao')` (0.11+), else the default.
local function command()
  local plugin = require('nianbao')
  if plugin.options then
    return plugin.options.cmd, 'require("nianbao").setup()'
  end
  if vim.fn.has('nvim-0.11') == 1 and vim.lsp.config then
    local ok_cfg, cfg = pcall(function()
      return vim.lsp.config.nianbao
    end)
    if ok_cfg and cfg and cfg.cmd and type(cfg.cmd) == 'table' then
      return cfg.cmd, "vim.lsp.config('nianbao')"
    end
  end
  return plugin.defaults.cmd, 'the default'
end

--- The buffer the user was in: `:checkhealth` opens its report in a new tab (or a float).
local function checked_buffer()
  local cur = vim.api.nvim_get_current_buf()
  if vim.bo[cur].filetype ~= 'checkhealth' and vim.bo[cur].buftype == '' then
    return cur
  end
  local prev_win = vim.fn.win_getid(vim.fn.winnr('#'))
  if prev_win ~= 0 and vim.api.nvim_win_get_buf(prev_win) ~= cur then
    return vim.api.nvim_win_get_buf(prev_win)
  end
  local tab = vim.fn.tabpagenr('#')
  if tab > 0 then
    local bufs = vim.fn.tabpagebuflist(tab)
    if type(bufs) == 'table' then
      return bufs[vim.fn.tabpagewinnr(tab)]
    end
  end
  return nil
end

function M.check()
  start('nianbao')
  local v = vim.version()
  if vim.fn.has('nvim-0.8') == 1 then
    ok(('Neovim %d.%d.%d'):format(v.major, v.minor, v.patch))
  else
    warn(
      ('Neovim %d.%d.%d: setup() works, but 0.8+ is recommended'):format(v.major, v.minor, v.patch),
      { 'Neovim 0.11+ can use vim.lsp.enable("nianbao")' }
    )
  end

  local cmd, from = command()
  local exe = cmd and cmd[1]
  local path = exe and vim.fn.exepath(exe) or ''
  if path == '' then
    error(('nianbao binary not found: %s (cmd from %s)'):format(tostring(exe), from), {
      'Build it: cargo build --release -p nianbao (in the nianbao repository), then put target/release on the PATH',
      "or set cmd = { '/path/to/nianbao', 'server' } in setup() or vim.lsp.config('nianbao', ...)",
    })
  else
    local out = vim.fn.system({ path, '--version' })
    if vim.v.shell_error == 0 then
      ok(('binary: %s (%s), cmd from %s'):format(path, vim.trim(out), from))
    else
      error(('%s --version failed (exit %d): %s'):format(path, vim.v.shell_error, vim.trim(out)))
    end
  end

  local clients = require('nianbao').get_clients()
  if #clients == 0 then
    warn('no nianbao client is running', { 'Open a .txt or .md report, or run :NianbaoRestart' })
  end
  for _, client in ipairs(clients) do
    local bufs = {}
    for bufnr in pairs(client.attached_buffers or {}) do
      table.insert(bufs, vim.fn.fnamemodify(vim.api.nvim_buf_get_name(bufnr), ':~:.'))
    end
    info(
      ('client %d: root %s, buffers: %s'):format(
        client.id,
        tostring(client.config.root_dir or '(none)'),
        table.concat(bufs, ', ')
      )
    )
  end

  local bufnr = checked_buffer()
  if bufnr and vim.api.nvim_buf_is_valid(bufnr) then
    local name = vim.api.nvim_buf_get_name(bufnr)
    local attached = require('nianbao').get_clients(bufnr)
    if #attached > 0 then
      ok(('client %d attached to %s'):format(attached[1].id, name))
    else
      warn(('no nianbao client attached to %s (filetype %q)'):format(name == '' and '[No Name]' or name, vim.bo[bufnr].filetype))
    end
  end
end

return M
