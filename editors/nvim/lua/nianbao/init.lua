-- The nianbao plugin for Neovim 0.7+: `require('nianbao').setup({ cmd = ..., filetypes = ..., settings = ... })`
-- starts `nianbao server` for the report filetypes, one client per root folder. On Neovim 0.11+ the
-- `lsp/nianbao.lua` config with `vim.lsp.enable('nianbao')` does the same without this module.

local M = {}

local NAME = 'nianbao'
local uv = vim.uv or vim.loop

local function has(v)
  return vim.fn.has('nvim-' .. v) == 1
end

--- The defaults; `setup()` merges the user's options over them.
M.defaults = {
  cmd = { 'nianbao', 'server' },
  filetypes = { 'text', 'markdown' },
  root_markers = { '.git' },
  settings = {
    nianbao = {
      language = 'auto',
      format = 'auto',
      diagnostics = { delayMs = 0 },
    },
  },
}

--- The options in force after `setup()`.
M.options = nil

-- Neovim 0.7 has no `vim.lsp.start`: the client of each root is remembered here.
local clients_by_root = {}

--- The running nianbao clients (optionally only those attached to `bufnr`).
function M.get_clients(bufnr)
  local out = {}
  local all = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  for _, client in ipairs(all) do
    if client.name == NAME and (bufnr == nil or vim.lsp.buf_is_attached(bufnr, client.id)) then
      table.insert(out, client)
    end
  end
  return out
end

local function is_stopped(client)
  if has('0.11') then
    return client:is_stopped()
  end
  return client.is_stopped()
end

local function stop_client(client)
  if has('0.11') then
    client:stop()
  else
    client.stop()
  end
end

local function dirname(path)
  return vim.fn.fnamemodify(path, ':h')
end

--- The root folder of a buffer: the nearest folder above it holding a root marker, else nil (one
--- client then serves all such buffers).
local function root_dir(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' or not markers or #markers == 0 then
    return nil
  end
  local dir = dirname(vim.fn.fnamemodify(name, ':p'))
  if vim.fs and vim.fs.find then
    local found = vim.fs.find(markers, { path = dir, upward = true })[1]
    return found and dirname(found) or nil
  end
  -- Neovim 0.7: `finddir`/`findfile` search upward with `;`.
  for _, marker in ipairs(markers) do
    local found = vim.fn.finddir(marker, dir .. ';')
    if found == '' then
      found = vim.fn.findfile(marker, dir .. ';')
    end
    if found ~= '' then
      return dirname(vim.fn.fnamemodify(found, ':p:h'))
    end
  end
  return nil
end

local function client_config(opts, root)
  return {
    name = NAME,
    cmd = vim.deepcopy(opts.cmd),
    root_dir = root,
    settings = vim.deepcopy(opts.settings),
    init_options = vim.deepcopy(opts.settings),
    on_attach = opts.on_attach,
    capabilities = opts.capabilities,
  }
end

--- Starts (or reuses) the client for `bufnr`'s root and attaches it. Returns the client id.
function M.attach(bufnr, opts)
  opts = opts or M.options or M.defaults
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.bo[bufnr].buftype ~= '' then
    return nil
  end
  local root = root_dir(bufnr, opts.root_markers)
  local config = client_config(opts, root)
  if vim.lsp.start then
    local id
    -- Neovim 0.8 attaches `vim.lsp.start` to the current buffer only.
    vim.api.nvim_buf_call(bufnr, function()
      id = vim.lsp.start(config, { bufnr = bufnr })
    end)
    return id
  end
  local key = root or ''
  local id = clients_by_root[key]
  local client = id and vim.lsp.get_client_by_id(id)
  if not client or is_stopped(client) then
    id = vim.lsp.start_client(config)
    clients_by_root[key] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

local function matches(filetypes, ft)
  for _, f in ipairs(filetypes) do
    if f == ft then
      return true
    end
  end
  return false
end

--- Configures the plugin: starts the server for buffers of `filetypes` (now and when they are opened).
--- Options: `cmd` (default `{ 'nianbao', 'server' }`), `filetypes` (default `{ 'text', 'markdown' }`),
--- `root_markers`, `settings` (`{ nianbao = { language = 'zh', year = 2023, format = '2021',
--- severity = { ['empty-cell'] = 'off' }, diagnostics = { delayMs = 0 } } }`; a table without the
--- `nianbao` key is taken as its content), `on_attach`, `capabilities`.
function M.setup(user)
  user = user or {}
  if user.settings and user.settings.nianbao == nil and next(user.settings) ~= nil then
    user = vim.tbl_extend('force', user, { settings = { nianbao = user.settings } })
  end
  local opts = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), user)
  -- Lists replace the defaults rather than merging index by index.
  for _, key in ipairs({ 'cmd', 'filetypes', 'root_markers' }) do
    if user[key] then
      opts[key] = vim.deepcopy(user[key])
    end
  end
  M.options = opts

  local group = vim.api.nvim_create_augroup('nianbao', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = opts.filetypes,
    callback = function(args)
      M.attach(args.buf, opts)
    end,
    desc = 'nianbao: start the language server for report files',
  })
  -- Buffers opened before `setup()` (lazy loading) are attached too.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and matches(opts.filetypes, vim.bo[bufnr].filetype) then
      M.attach(bufnr, opts)
    end
  end
end

--- Changes settings of the running servers without a restart, e.g. `update_settings({ language = 'en' })`.
function M.update_settings(settings)
  if M.options then
    M.options.settings.nianbao = vim.tbl_deep_extend('force', M.options.settings.nianbao or {}, settings)
  end
  for _, client in ipairs(M.get_clients()) do
    local current = client.config.settings or {}
    current.nianbao = vim.tbl_deep_extend('force', current.nianbao or {}, settings)
    client.config.settings = current
    if client.settings then
      client.settings = current
    end
    if has('0.11') then
      client:notify('workspace/didChangeConfiguration', { settings = current })
    else
      client.notify('workspace/didChangeConfiguration', { settings = current })
    end
  end
end

--- Restarts every nianbao client and attaches the new ones to the same buffers. `on_done(ids)` is
--- called (on the main loop) once the new clients are started.
function M.restart(on_done)
  local old = M.get_clients()
  local buffers = {}
  local configs = {}
  for _, client in ipairs(old) do
    local bufs = {}
    for bufnr in pairs(client.attached_buffers or {}) do
      table.insert(bufs, bufnr)
    end
    table.insert(buffers, bufs)
    table.insert(configs, client.config)
    stop_client(client)
  end
  clients_by_root = {}
  local started = uv.now()
  local timer = uv.new_timer()
  timer:start(
    50,
    50,
    vim.schedule_wrap(function()
      local all_stopped = true
      for _, client in ipairs(old) do
        if not is_stopped(client) then
          all_stopped = false
        end
      end
      if not all_stopped and uv.now() - started < 5000 then
        return
      end
      timer:stop()
      timer:close()
      for _, client in ipairs(old) do
        if not is_stopped(client) then
          -- It did not shut down in time.
          if has('0.11') then
            client:stop(true)
          else
            client.stop(true)
          end
        end
      end
      local ids = {}
      for i, bufs in ipairs(buffers) do
        for _, bufnr in ipairs(bufs) do
          if vim.api.nvim_buf_is_loaded(bufnr) then
            local id
            if M.options then
              id = M.attach(bufnr, M.options)
            elseif vim.lsp.start then
              -- Started through `vim.lsp.enable`: the same resolved config starts it again.
              local config = vim.deepcopy(configs[i])
              vim.api.nvim_buf_call(bufnr, function()
                id = vim.lsp.start(config, { bufnr = bufnr })
              end)
            end
            if id then
              ids[id] = true
            end
          end
        end
      end
      if #old == 0 then
        -- Nothing ran: start the server for the current buffer if it is a report filetype.
        local bufnr = vim.api.nvim_get_current_buf()
        local opts = M.options
        if opts and matches(opts.filetypes, vim.bo[bufnr].filetype) then
          local id = M.attach(bufnr, opts)
          if id then
            ids[id] = true
          end
        end
      end
      local list = vim.tbl_keys(ids)
      vim.notify(('nianbao: %d server(s) restarted / 已重启 nianbao 服务'):format(#list), vim.log.levels.INFO)
      if on_done then
        on_done(list)
      end
    end)
  )
end

return M
