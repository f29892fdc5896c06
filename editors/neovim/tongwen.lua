-- tongwen lsp in Neovim 0.7 or later, without plugins (tests/lsp runs this
-- very file in Neovim 0.7.2). Put it on 'runtimepath' as lua/tongwen.lua,
-- then in init.lua:
--   require('tongwen').setup({ settings = { target = 'cn', debounce = 150 } })
-- With nvim-lspconfig you may instead register { cmd = { 'tongwen', 'lsp' } }.
local M = {}

local function root_of(path)
  -- the folder holding .tongwen.ini or .git above the file, else its own
  local dir = vim.fn.fnamemodify(path, ':p:h')
  local found = vim.fn.findfile('.tongwen.ini', dir .. ';')
  if found == '' then found = vim.fn.finddir('.git', dir .. ';') end
  if found ~= '' then return vim.fn.fnamemodify(found, ':p:h'):gsub('/%.git/?$', '') end
  return dir
end

function M.setup(opts)
  opts = opts or {}
  local clients = {}
  local function attach(buf)
    local name = vim.api.nvim_buf_get_name(buf)
    if name == '' then return end
    local root = root_of(name)
    if not clients[root] then
      clients[root] = vim.lsp.start_client({
        name = 'tongwen',
        cmd = opts.cmd or { 'tongwen', 'lsp' },
        root_dir = root,
        init_options = { tongwen = opts.settings or {} },
        settings = { tongwen = opts.settings or {} },
      })
    end
    if clients[root] then vim.lsp.buf_attach_client(buf, clients[root]) end
  end
  vim.api.nvim_create_autocmd('FileType', {
    pattern = opts.filetypes or { 'markdown', 'text', 'html', 'xml' },
    callback = function(args) attach(args.buf) end,
  })
end

return M
