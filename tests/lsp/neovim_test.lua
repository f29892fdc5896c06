-- Run by neovim_test.sh inside `nvim --headless`: attaches tongwen lsp
-- through editors/neovim/tongwen.lua, waits for diagnostics, applies the
-- quick fix the way Neovim 0.7's code action menu does (context built from
-- its own diagnostics, byte columns), then "fix all", and writes the file.
local tw, snippet, out = os.getenv('TW'), os.getenv('SNIPPET'), os.getenv('RESULT')
local log = io.open(out, 'w')
local function done(msg)
  log:write(msg .. '\n')
  log:close()
  vim.cmd('qa!')
end
package.path = vim.fn.fnamemodify(snippet, ':h') .. '/?.lua;' .. package.path
require('tongwen').setup({ cmd = { tw, 'lsp' }, settings = { debounce = 0 } })
vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('FILE')))
vim.bo.filetype = 'text'
local ok = vim.wait(15000, function() return #vim.diagnostic.get(0) >= 3 end, 50)
if not ok then return done('FAIL: no diagnostics') end
local client = vim.lsp.get_active_clients()[1]
-- Neovim 0.7 speaks UTF-16 but resends diagnostics in byte columns: the
-- fixes must still land, by the diagnostics' data
if client.offset_encoding ~= 'utf-16' then return done('FAIL: offset encoding ' .. tostring(client.offset_encoding)) end

local function actions(lnum, col)
  local params = vim.lsp.util.make_range_params()
  params.range = { start = { line = lnum, character = col }, ['end'] = { line = lnum, character = col } }
  params.context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(0, lnum) }
  local res = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', params, 10000)
  return res and res[client.id] and res[client.id].result or {}
end

-- the quick fix for 的士 on line 1
local fix
for _, a in ipairs(actions(0, 0)) do
  if a.title:find('出租车', 1, true) then fix = a end
end
if not fix then return done('FAIL: no quick fix') end
vim.lsp.util.apply_workspace_edit(fix.edit, client.offset_encoding)
vim.cmd('write')
-- wait for the server to see the change, then fix all the rest
vim.wait(15000, function()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.message:find('的士', 1, true) then return false end
  end
  return true
end, 50)
local all
for _, a in ipairs(actions(1, 0)) do
  if a.kind == 'source.fixAll.tongwen' or a.title:find('Fix all', 1, true) then all = a end
end
if not all then return done('FAIL: no fix-all action') end
vim.lsp.util.apply_workspace_edit(all.edit, client.offset_encoding)
vim.cmd('write')
done('OK')
