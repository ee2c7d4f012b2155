"""The generated cover: a PNG with the title, description and language in the article's faces."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import JA_SEED, KO_SEED
from epub_checks import read_entry
from PIL import Image, ImageFont

from convert.fonts import fonts_for
from convert.writers.epub_cover import (
    BAND_HEIGHT,
    MARGIN,
    SIZE,
    TITLE_INDEX,
    TITLE_INK,
    UNITS,
    _wrap,
    draw_cover,
)

JA_TITLE = "バーチャルアシスタント"
JA_TEXT = "バーチャルアシスタントは、クライアントのオフィスの外で作業する独立した請負業者です。"


def _cover(**changes: str) -> bytes:
    words = {"title": JA_TITLE, "description": JA_TEXT, "language": "日本語 · ja"} | changes
    return draw_cover(**words, fonts=fonts_for("ja"))


def _ink_pixels(image: Image.Image, box: tuple[int, int, int, int], ink: tuple[int, ...]) -> int:
    colors = image.convert("RGB").crop(box).getcolors(maxcolors=SIZE[0] * SIZE[1]) or []
    return sum(count for count, color in colors if color == ink)


@pytest.mark.parametrize("seed", [JA_SEED, KO_SEED])
def test_the_books_cover_is_a_full_size_png(seed_dist: Path, seed: str) -> None:
    data = read_entry(seed_dist / "epub" / f"{seed}.epub", "EPUB/images/cover.png")
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        assert image.size == SIZE
        assert _ink_pixels(image, (0, 0, SIZE[0], BAND_HEIGHT), TITLE_INK) > 1000


def test_the_same_words_give_the_same_bytes_and_other_words_other_pixels() -> None:
    assert _cover() == _cover()
    assert _cover(title="仮想オフィス") != _cover()
    assert _cover(language="English · en") != _cover()


def test_the_description_is_drawn_below_the_band() -> None:
    with Image.open(io.BytesIO(_cover())) as image:
        dark = image.convert("L").crop((0, BAND_HEIGHT, SIZE[0], SIZE[1] - 2 * MARGIN))
        assert dark.getextrema()[0] < 80
    with Image.open(io.BytesIO(_cover(description=""))) as image:
        empty = image.convert("L").crop((0, BAND_HEIGHT, SIZE[0], SIZE[1] - 2 * MARGIN))
        assert empty.getextrema()[0] > 200


def test_japanese_wraps_between_characters_within_the_width() -> None:
    font = ImageFont.truetype(str(fonts_for("ja").body.file), 64, index=fonts_for("ja").body.index)
    lines = _wrap(JA_TEXT * 2, font=font, width=600)
    assert len(lines) > 3
    assert "".join(lines) == JA_TEXT * 2
    assert all(font.getlength(line) <= 600 for line in lines)
    assert not any(line.startswith(("、", "。")) for line in lines)


def test_english_wraps_at_spaces_only() -> None:
    face = fonts_for("en").body
    font = ImageFont.truetype(str(face.file), 64, index=face.index)
    text = "How interest earns interest, shown with a table and a chart."
    lines = _wrap(text, font=font, width=500)
    assert " ".join(lines) == text
    assert all(font.getlength(line) <= 500 for line in lines)
    assert UNITS.findall("複利です。") == ["複", "利", "で", "す。"]


def test_every_index_the_cover_draws_with_has_a_colour_in_its_palette() -> None:
    with Image.open(io.BytesIO(_cover())) as image:
        highest = image.getextrema()[1]
        assert isinstance(highest, int)
        assert len(image.getpalette() or []) // 3 > highest == TITLE_INDEX
