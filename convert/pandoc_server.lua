-- A pandoc that stays up for a worker's life: convert/pandoc.py sends it one request at a time on
-- standard input and reads each reply on standard output, so an article no longer pays pandoc's
-- start-up twice (to parse, then to write).
--
-- Request: one JSON line {"op": "read" | "write", "format": "...", "options": {...}, "size": n}
-- followed by n bytes of input (Markdown to read, or pandoc's JSON AST to write).
-- Reply: one JSON line {"size": n} followed by n bytes of output, or {"error": "message"}.

local function read_exactly(size)
  if size == 0 then
    return ''
  end
  local data = io.read(size)
  if data == nil or #data ~= size then
    error('the request was cut short', 0)
  end
  return data
end

-- Writers have no sandbox here: one that embeds files (DOCX) would read any image's file itself.
-- So for those, every image becomes its description, as under `pandoc --sandbox`, but for the
-- ones the request names in `media` (name -> {path, type}, files convert has checked): those
-- are read here into the media bag, where the writer finds them by name.
local function describe_images(doc, media)
  pandoc.mediabag.empty()
  for name, file in pairs(media or {}) do
    local handle = assert(io.open(file.path, 'rb'))
    pandoc.mediabag.insert(name, file.type, handle:read('a'))
    handle:close()
  end
  return doc:walk {
    Image = function(image)
      if media and media[image.src] then
        return image
      end
      return image.caption
    end,
  }
end

local function convert(request, input)
  if request.op == 'read' then
    -- An empty environment: the reader may open no file at all.
    local doc = pandoc.read(input, request.format, request.options or {}, {})
    return pandoc.write(doc, 'json')
  end
  local doc = pandoc.read(input, 'json')
  if request.embeds_files then
    doc = describe_images(doc, request.media)
  end
  return pandoc.write(doc, request.format, request.options or {})
end

local function reply(fields, output)
  io.write(pandoc.json.encode(fields), '\n')
  if output then
    io.write(output)
  end
  io.stdout:flush()
end

io.stdout:setvbuf('full')
while true do
  local line = io.read('l')
  if line == nil then
    break -- the worker is gone
  end
  -- The whole request is read before its conversion can fail, so the next
  -- request starts where this one ends.
  local request = pandoc.json.decode(line, false)
  local input = read_exactly(request.size)
  local ok, output = pcall(convert, request, input)
  if ok then
    reply({ size = #output }, output)
  else
    reply({ error = tostring(output) })
  end
end
