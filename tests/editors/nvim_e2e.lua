-- End-to-end test of the Neovim integration against the real `nianbao server`, run headless:
--   NIANBAO_BIN=target/debug/nianbao NIANBAO_MODE=setup|enable NIANBAO_SEEDS=tests/corpus/seeds \
--   nvim --headless --clean --cmd 'set rtp^=editors/nvim' -c 'luafile tests/editors/nvim_e2e.lua'
-- It exits 0 when every check passed, 1 when one failed, 3 on an unexpected error. Each check prints
-- one line (`ok ...` or `FAIL ...`) on stdout; every wait has a timeout, nothing sleeps for a fixed time.

local bin = assert(os.getenv('NIANBAO_BIN'), 'NIANBAO_BIN is not set')
local mode = os.getenv('NIANBAO_MODE') or 'setup'
local seeds = assert(os.getenv('NIANBAO_SEEDS'), 'NIANBAO_SEEDS is not set')
local timeout = tonumber(os.getenv('NIANBAO_TIMEOUT_MS') or '20000')

local has_011 = vim.fn.has('nvim-0.11') == 1
local failures = 0
local v = vim.version()
local tag = ('[nvim %d.%d.%d %s]'):format(v.major, v.minor, v.patch, mode)

local function say(line)
  io.stdout:write(tag .. ' ' .. line .. '\n')
  io.stdout:flush()
end

local function check(cond, what, detail)
  if cond then
    say('ok   ' .. what)
  else
    failures = failures + 1
    say('FAIL ' .. what .. (detail and (': ' .. detail) or ''))
  end
  return cond
end

local function wait(cond)
  return vim.wait(timeout, cond, 20)
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function find_diag(bufnr, pred)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if pred(d) then
      return d
    end
  end
  return nil
end

local function dump_diags(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(out, ('%d:%d %s %s'):format(d.lnum, d.col, tostring(code_of(d)), d.message))
  end
  return table.concat(out, '\n    ')
end

local function finish()
  local nianbao = require('nianbao')
  for _, client in ipairs(nianbao.get_clients()) do
    if has_011 then
      client:stop()
    else
      client.stop()
    end
  end
  vim.wait(5000, function()
    return #nianbao.get_clients() == 0
  end, 20)
  say(failures == 0 and 'PASS' or ('FAILED: ' .. failures .. ' check(s)'))
  if failures == 0 then
    vim.cmd('qall!')
  else
    vim.cmd('cquit 1')
  end
end

local function run()
  -- The seed is copied to a scratch folder so that nothing in the repository can change.
  local dir = vim.fn.tempname()
  vim.fn.mkdir(dir, 'p')
  local src = seeds .. '/002_763b898b65aef6cb.txt'
  local path = dir .. '/report-002.txt'
  assert(vim.fn.writefile(vim.fn.readfile(src, 'b'), path, 'b') == 0, 'cannot copy ' .. src)

  check(vim.fn.exists(':NianbaoRestart') == 2, ':NianbaoRestart is defined by plugin/nianbao.lua')

  local nianbao = require('nianbao')
  local settings = { nianbao = { language = 'zh' } }
  if mode == 'setup' then
    nianbao.setup({ cmd = { bin, 'server' }, settings = settings })
  elseif mode == 'enable' then
    vim.lsp.config('nianbao', { cmd = { bin, 'server' }, settings = settings })
    vim.lsp.enable('nianbao')
  else
    error('unknown NIANBAO_MODE ' .. mode)
  end

  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  local bufnr = vim.api.nvim_get_current_buf()
  check(vim.bo[bufnr].filetype == 'text', 'the seed opens with filetype text', vim.bo[bufnr].filetype)

  check(wait(function()
    return #nianbao.get_clients(bufnr) == 1
  end), 'one nianbao client is attached')

  -- The label-typo diagnostic on 政处罚 (line 78, 1-based) arrives at byte column 0, in Chinese.
  local typo
  wait(function()
    typo = find_diag(bufnr, function(d)
      return code_of(d) == 'label-typo' and d.message:find('政处罚', 1, true) ~= nil
    end)
    return typo ~= nil
  end)
  if check(typo ~= nil, 'label-typo on 政处罚 arrives', 'got:\n    ' .. dump_diags(bufnr)) then
    check(typo.lnum == 77 and typo.col == 0, 'label-typo is at line 77, byte column 0', typo.lnum .. ':' .. typo.col)
    check(typo.end_col == #'政处罚', 'label-typo ends at byte column 9', tostring(typo.end_col))
    check(
      typo.message == '行名称“政处罚”与年度报告格式不一致，应为“行政处罚”',
      'label-typo message is the Chinese one',
      typo.message
    )
    check(typo.severity == vim.diagnostic.severity.WARN, 'label-typo is a warning', tostring(typo.severity))
  end

  -- The heading-variant on line 34 (1-based) starts after `二、`: byte column 6, not character 2.
  local heading = find_diag(bufnr, function(d)
    return code_of(d) == 'heading-variant' and d.lnum == 33
  end)
  if check(heading ~= nil, 'heading-variant on line 33 arrives', dump_diags(bufnr)) then
    check(heading.col == 6, 'heading-variant starts at byte column 6 (after 二、)', tostring(heading.col))
  end

  -- Completion on an empty line in table 三 after the row 2.重复申请, where the row that follows it,
  -- 3.要求提供公开出版物 (line 400, 1-based, and its seven values up to line 414), was deleted: the
  -- server offers the rows the table lacks first, starting after the row above the cursor.
  local lines = vim.api.nvim_buf_get_lines(bufnr, 383, 384, false)
  check(lines[1] == '2.重复申请', 'line 384 is 2.重复申请', lines[1])
  local removed = vim.api.nvim_buf_get_lines(bufnr, 399, 414, false)
  check(removed[1] == '3.要求提供公开出版物' and removed[15] == '0', 'lines 400-414 hold the row 3.要求提供公开出版物')
  vim.api.nvim_buf_set_lines(bufnr, 399, 414, false, { '' })
  vim.api.nvim_win_set_cursor(0, { 400, 0 })
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = 399, character = 0 },
    context = { triggerKind = 1 },
  }
  local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/completion', params, timeout)
  local items = {}
  for _, r in pairs(responses or {}) do
    if r.result then
      items = r.result.items or r.result
    elseif r.err then
      say('completion error: ' .. vim.inspect(r.err))
    end
  end
  local first = items[1] and items[1].label or '(none)'
  check(first == '3.要求提供公开出版物', 'the first completion item is 3.要求提供公开出版物', first)
  -- The client orders by sortText (else label): the same item must come first there too.
  local sorted = vim.deepcopy(items)
  table.sort(sorted, function(a, b)
    return (a.sortText or a.label) < (b.sortText or b.label)
  end)
  check(
    sorted[1] and sorted[1].label == '3.要求提供公开出版物',
    'it is also first by sortText',
    sorted[1] and sorted[1].label
  )
  vim.api.nvim_buf_set_lines(bufnr, 399, 400, false, removed)

  -- A broken total: (七)总计·总计 (line 512, 1-based) becomes 5; the quick fix puts back 0.
  local total_line = 511
  lines = vim.api.nvim_buf_get_lines(bufnr, total_line, total_line + 1, false)
  check(lines[1] == '0', 'line 512 holds (七)总计·总计 = 0', lines[1])
  vim.api.nvim_buf_set_lines(bufnr, total_line, total_line + 1, false, { '5' })
  local function total_errors()
    local n = 0
    for _, d in ipairs(vim.diagnostic.get(bufnr, { lnum = total_line })) do
      if d.severity == vim.diagnostic.severity.ERROR then
        n = n + 1
      end
    end
    return n
  end
  check(wait(function()
    return total_errors() > 0
  end), 'the broken total is reported', dump_diags(bufnr))
  -- Which relation is named (row-total, outcome-total or balance) is the server's choice; the message
  -- must give the computed and the written value.
  local total = find_diag(bufnr, function(d)
    local code = code_of(d)
    return d.lnum == total_line and (code == 'row-total' or code == 'outcome-total' or code == 'balance')
  end)
  check(
    total ~= nil and total.message:find('应为 0', 1, true) ~= nil and total.message:find('实为 5', 1, true) ~= nil,
    'the total error says 应为 0 … 实为 5',
    total and total.message or dump_diags(bufnr)
  )

  vim.api.nvim_win_set_cursor(0, { total_line + 1, 0 })
  local seen = {}
  local chosen = 0
  local function is_fix(action)
    local title = action.title or ''
    return (action.kind == nil or action.kind == 'quickfix')
      and (title:find('改为 0', 1, true) ~= nil or title:find('改为计算值 0', 1, true) ~= nil
        or title:lower():find('change to 0', 1, true) ~= nil or title:lower():find('computed value', 1, true) ~= nil)
  end
  if vim.fn.has('nvim-0.8') == 1 then
    vim.lsp.buf.code_action({
      apply = true,
      filter = function(action)
        table.insert(seen, action.title)
        -- Several diagnostics on the cell carry the same fix: the first one is chosen.
        if chosen == 0 and is_fix(action) then
          chosen = 1
          return true
        end
        return false
      end,
    })
  else
    -- Neovim 0.7's code_action has no filter: it asks through vim.ui.select, answered here.
    local select = vim.ui.select
    vim.ui.select = function(choices, opts, on_choice)
      for i, choice in ipairs(choices) do
        local action = choice[2] or choice.action or choice
        table.insert(seen, action.title)
        if chosen == 0 and is_fix(action) then
          chosen = i
        end
      end
      vim.ui.select = select
      on_choice(choices[chosen] or nil, chosen > 0 and chosen or nil)
    end
    vim.lsp.buf.code_action()
  end
  local fixed = wait(function()
    return vim.api.nvim_buf_get_lines(bufnr, total_line, total_line + 1, false)[1] == '0'
  end)
  check(fixed, 'the quick fix puts back 0', 'actions offered: ' .. table.concat(seen, ' | '))
  check(wait(function()
    return total_errors() == 0
  end), 'the total errors disappear after the fix', dump_diags(bufnr))
  check(
    table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n') .. '\n'
      == table.concat(vim.fn.readfile(path), '\n') .. '\n',
    'the buffer equals the original report again'
  )

  -- Live settings: `update_settings` (setup) or a didChangeConfiguration notification (enable) switch
  -- the messages to English without a restart.
  local client = nianbao.get_clients(bufnr)[1]
  if mode == 'setup' then
    nianbao.update_settings({ language = 'en' })
  else
    client.settings.nianbao = { language = 'en' }
    client:notify('workspace/didChangeConfiguration', { settings = client.settings })
  end
  check(wait(function()
    return find_diag(bufnr, function(d)
      return code_of(d) == 'label-typo' and d.message:find('should be “行政处罚”', 1, true) ~= nil
    end) ~= nil
  end), 'messages switch to English without a restart', dump_diags(bufnr))

  -- :checkhealth nianbao reports the binary, its version and the attached client.
  vim.cmd('checkhealth nianbao')
  local report = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), '\n')
  check(report:find('nianbao 0%.') ~= nil, ':checkhealth shows the version', report)
  check(report:find('attached to ' .. path, 1, true) ~= nil, ':checkhealth sees the attached client', report)
  check(report:find('ERROR') == nil, ':checkhealth reports no error', report)
  vim.cmd('tabclose')

  -- :NianbaoRestart stops the client and attaches a new one to the buffer, which gets diagnostics.
  local old_id = client.id
  vim.cmd('NianbaoRestart')
  local new
  check(wait(function()
    local c = nianbao.get_clients(bufnr)[1]
    if c and c.id ~= old_id then
      new = c
      return true
    end
    return false
  end), ':NianbaoRestart attaches a new client')
  check(wait(function()
    return #nianbao.get_clients() == 1
  end), 'only one nianbao client runs after the restart', tostring(#nianbao.get_clients()))
  check(wait(function()
    return new ~= nil
      and #vim.diagnostic.get(bufnr, { namespace = vim.lsp.diagnostic.get_namespace(new.id) }) > 0
  end), 'the new client publishes diagnostics')
end

local ok, err = xpcall(run, debug.traceback)
if not ok then
  say('ERROR ' .. tostring(err))
  vim.cmd('cquit 3')
end
finish()
