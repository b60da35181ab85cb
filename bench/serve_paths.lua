-- serve_paths.lua: a wrk script that sends GET requests for the paths of a
-- file, one path a line, in turn (each wrk thread starts at a different
-- place). bench/serve.sh writes the file; with many distinct paths (URLS)
-- the server's reply cache cannot answer them, so the figures are those of
-- the database layer.
--
-- Usage: wrk -t1 -c64 -d30s -s bench/serve_paths.lua URL -- PATHS_FILE
local paths = {}
local i = 0
local thread_no = 0

function setup(thread)
  thread:set("thread_no", thread_no)
  thread_no = thread_no + 1
end

function init(args)
  local file = assert(io.open(args[1], "r"), "cannot open the paths file")
  for line in file:lines() do
    if #line > 0 then
      paths[#paths + 1] = line
    end
  end
  file:close()
  assert(#paths > 0, "no paths in the file")
  i = ((thread_no or 0) * 7919) % #paths
end

function request()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
