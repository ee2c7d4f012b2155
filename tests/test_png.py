"""The PNG writer behind the EPUB cover: files that Pillow decodes to exactly what was drawn."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image, ImageDraw

from convert.writers.png import indexed_png

PALETTE = bytes([255, 255, 255, 0, 0, 0, 200, 30, 30])


def _drawn(size: tuple[int, int] = (300, 200)) -> Image.Image:
    image = Image.new("L", size, 0)
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 120, 90), fill=1)
    draw.ellipse((100, 50, 280, 190), fill=2)
    return image


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length : offset + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        chunks.append((kind, body))
        offset += 12 + length
    return chunks


@pytest.mark.parametrize("level", [1, 3, 9])
def test_pillow_reads_back_every_index_and_colour(level: int) -> None:
    drawn = _drawn()
    data = indexed_png(drawn, PALETTE, level=level)
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        assert (image.format, image.mode, image.size) == ("PNG", "P", drawn.size)
        assert image.tobytes() == drawn.tobytes()
        assert bytes(image.getpalette() or [])[: len(PALETTE)] == PALETTE
        assert image.convert("RGB").getpixel((200, 120)) == (200, 30, 30)


def test_the_file_is_exactly_the_four_chunks_with_valid_checksums() -> None:
    data = indexed_png(_drawn((7, 3)), PALETTE, level=3)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    chunks = _chunks(data)
    assert [kind for kind, _ in chunks] == [b"IHDR", b"PLTE", b"IDAT", b"IEND"]
    assert chunks[0][1] == struct.pack(">IIBBBBB", 7, 3, 8, 3, 0, 0, 0)
    rows = zlib.decompress(chunks[2][1])
    assert len(rows) == 3 * (1 + 7)
    assert rows[:: 1 + 7] == b"\0\0\0"  # every row starts with filter type None


def test_the_same_image_gives_the_same_bytes() -> None:
    assert indexed_png(_drawn(), PALETTE, level=3) == indexed_png(_drawn(), PALETTE, level=3)


@pytest.mark.parametrize(
    ("image", "palette"),
    [
        (Image.new("RGB", (4, 4)), PALETTE),
        (Image.new("L", (4, 4)), b""),
        (Image.new("L", (4, 4)), b"\0\0"),
        (Image.new("L", (4, 4)), bytes(3 * 257)),
    ],
)
def test_what_is_not_an_index_image_and_palette_is_refused(
    image: Image.Image, palette: bytes
) -> None:
    with pytest.raises(ValueError):
        indexed_png(image, palette, level=3)
