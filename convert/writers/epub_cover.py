"""The cover image: title, description and language drawn with Pillow in the article's own
faces, so that libraries and shelves show the book and its script correctly."""

from __future__ import annotations

import functools
import re
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from convert.fonts import Face, FontSet, code_points
from convert.language import HAN, KANA
from convert.writers.png import indexed_png

SIZE = (1600, 2400)
MARGIN = 140
BAND_HEIGHT = 1300  # the coloured upper part that carries the title
BAND, PAPER = (31, 59, 92), (246, 243, 236)
TITLE_INK, TEXT_INK, QUIET_INK = (255, 255, 255), (40, 40, 40), (110, 110, 110)
TITLE_SIZES = (150, 130, 110, 96, 84, 72)  # the largest that fits in TITLE_LINES is used
TITLE_LINES = 5
TEXT_SIZE, TEXT_LINES, LANGUAGE_SIZE = 64, 9, 56
LINE_SPACING = 1.35
BLEND_STEPS = 20  # shades between an ink and its ground in the PNG's palette
COMPRESS_LEVEL = 3  # zlib-ng: ~3 ms a cover; level 1 takes half that for a file 3/4 larger

# A line may break between any two CJK characters, elsewhere only at spaces; closing
# punctuation stays with the character before it.
_CJK = KANA.pattern[1:-1] + HAN.pattern[1:-1]  # the ranges inside the classes' brackets
_CLOSING = "、。，．・：；！？）」』】〕〉》”’ー々ぁぃぅぇぉっゃゅょァィゥェォッャュョ,.!?:;)"
UNITS = re.compile(rf"[{_CJK}][{_CLOSING}]*|[^\s{_CJK}]+[{_CLOSING}]*\s*|\s+")


def _font(face: Face, size: int) -> ImageFont.FreeTypeFont:
    return _loaded_font(face.file, face.index, size)


@functools.cache
def _loaded_font(file: Path, index: int, size: int) -> ImageFont.FreeTypeFont:
    """Each face and size is opened once per process, not once per cover."""
    return ImageFont.truetype(str(file), size=size, index=index)


def _wrap(
    text: str, *, font: ImageFont.FreeTypeFont, width: int, limit: int | None = None
) -> list[str]:
    """The lines `text` fills, each with as many units as fit and at least one; with a `limit`,
    no more than one line past it is made."""
    units = UNITS.findall(" ".join(text.split()))
    lines: list[str] = []
    start = 0
    while start < len(units) and (limit is None or len(lines) <= limit):
        if units[start].isspace():
            start += 1  # the space a line breaks at
            continue
        end = _fitting_end(units, start, font=font, width=width)
        lines.append("".join(units[start:end]).rstrip())
        start = end
    return lines


def _fitting_end(units: list[str], start: int, *, font: ImageFont.FreeTypeFont, width: int) -> int:
    """Where the line that begins at `units[start]` ends: the most units that fit, and at least
    one. Measuring costs about 10 µs a character, so the end is first guessed from each unit's
    width (remembered across covers), then confirmed by measuring the line with and without
    the next unit; kerning between units can move the guess by one, and the measures decide."""

    def fits(end: int) -> bool:
        return font.getlength("".join(units[start:end]).rstrip()) <= width

    end, guessed = start + 1, _unit_width(font, units[start])
    while end < len(units) and guessed + _unit_width(font, units[end].rstrip()) <= width:
        guessed += _unit_width(font, units[end])
        end += 1
    while end > start + 1 and not fits(end):
        end -= 1
    while end < len(units) and fits(end + 1):
        end += 1
    return end


@functools.lru_cache(maxsize=1 << 16)  # a collection's characters and words, by face and size
def _unit_width(font: ImageFont.FreeTypeFont, unit: str) -> float:
    return font.getlength(unit)


def _shorten(lines: list[str], *, limit: int) -> list[str]:
    if len(lines) <= limit:
        return lines
    return [*lines[: limit - 1], lines[limit - 1].rstrip("、。,. ") + "…"]


def _draw_lines(
    draw: ImageDraw.ImageDraw,
    lines: list[str],
    *,
    top: int,
    font: ImageFont.FreeTypeFont,
    ink: int,
    right_to_left: bool = False,
) -> int:
    """Lines flush with the left margin, or with the right one for a right-to-left script
    (Pillow's shaping engine, Raqm, orders the words of each line)."""
    step = round(font.size * LINE_SPACING)
    for number, line in enumerate(lines):
        left = SIZE[0] - MARGIN - font.getlength(line) if right_to_left else MARGIN
        draw.text((left, top + number * step), line, font=font, fill=ink)
    return top + len(lines) * step


def _draw_language(
    draw: ImageDraw.ImageDraw, whole: str, *, fonts: FontSet, right_to_left: bool
) -> None:
    """`日本語 · ja`, in the heading face; where that face has no Latin letters (Arabic,
    Devanagari), ` · ar` in the first face that has, beside the name."""
    top = SIZE[1] - MARGIN - round(LANGUAGE_SIZE * LINE_SPACING)
    name_font = _font(fonts.heading, LANGUAGE_SIZE)
    name, separator, tag = whole.rpartition(" · ")
    if _has_all(fonts.heading, whole) or not separator:
        _draw_lines(
            draw, [whole], top=top, font=name_font, ink=QUIET_INDEX, right_to_left=right_to_left
        )
        return
    suffix = f" · {tag}"
    latin = next(
        (face for face in (*fonts.fallback, fonts.mono) if _has_all(face, suffix)), fonts.mono
    )
    tag_font = _font(latin, LANGUAGE_SIZE)
    name_width, tag_width = name_font.getlength(name), tag_font.getlength(suffix)
    if right_to_left:  # the name on the right, the tag to its left
        name_left = SIZE[0] - MARGIN - name_width
        draw.text((name_left, top), name, font=name_font, fill=QUIET_INDEX)
        draw.text((name_left - tag_width, top), f"{tag} · ", font=tag_font, fill=QUIET_INDEX)
    else:
        draw.text((MARGIN, top), name, font=name_font, fill=QUIET_INDEX)
        draw.text((MARGIN + name_width, top), suffix, font=tag_font, fill=QUIET_INDEX)


def _has_all(face: Face, text: str) -> bool:
    covered = code_points(face)
    return all(ord(char) in covered for char in text)


# The cover is drawn in palette indices rather than colours: a greyscale image whose values
# index the PNG's palette. Anti-aliased text blends between the index of its ground and that of
# its ink, so the indices between them hold the blended colours. The paper is shared by two
# inks, one on either side of it.
QUIET_INDEX = 0
PAPER_INDEX = QUIET_INDEX + BLEND_STEPS
TEXT_INDEX = PAPER_INDEX + BLEND_STEPS
BAND_INDEX = TEXT_INDEX + 1
TITLE_INDEX = BAND_INDEX + BLEND_STEPS


def _blends(ground: tuple[int, int, int], ink: tuple[int, int, int]) -> list[tuple[int, ...]]:
    """The ground, the shades between it and the ink, and the ink."""
    return [
        tuple(round(g + (i - g) * step / BLEND_STEPS) for i, g in zip(ink, ground, strict=True))
        for step in range(BLEND_STEPS + 1)
    ]


@functools.cache
def _palette() -> bytes:
    """The colour of each index, as RGB triples."""
    colours = [
        *reversed(_blends(PAPER, QUIET_INK)),  # QUIET_INDEX … PAPER_INDEX
        *_blends(PAPER, TEXT_INK)[1:],  # … TEXT_INDEX
        *_blends(BAND, TITLE_INK),  # BAND_INDEX … TITLE_INDEX
    ]
    return bytes(channel for colour in colours for channel in colour)


def draw_cover(
    *,
    title: str,
    description: str,
    language: str,
    fonts: FontSet,
    right_to_left: bool = False,
) -> bytes:
    """A PNG cover; the same words and faces always give the same bytes."""
    width = SIZE[0] - 2 * MARGIN
    image = Image.new("L", SIZE, PAPER_INDEX)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, SIZE[0] - 1, BAND_HEIGHT - 1), fill=BAND_INDEX)

    for size in TITLE_SIZES:
        title_font = _font(fonts.heading, size)
        title_lines = _wrap(title, font=title_font, width=width, limit=TITLE_LINES)
        if len(title_lines) <= TITLE_LINES:
            break
    title_lines = _shorten(title_lines, limit=TITLE_LINES)
    title_height = round(title_font.size * LINE_SPACING) * len(title_lines)
    _draw_lines(
        draw,
        title_lines,
        top=BAND_HEIGHT - MARGIN - title_height,
        font=title_font,
        ink=TITLE_INDEX,
        right_to_left=right_to_left,
    )

    text_font = _font(fonts.body, TEXT_SIZE)
    text_lines = _wrap(description, font=text_font, width=width, limit=TEXT_LINES)
    text_lines = _shorten(text_lines, limit=TEXT_LINES)
    _draw_lines(
        draw,
        text_lines,
        top=BAND_HEIGHT + MARGIN,
        font=text_font,
        ink=TEXT_INDEX,
        right_to_left=right_to_left,
    )
    _draw_language(draw, language, fonts=fonts, right_to_left=right_to_left)

    # Drawn in indices, the image only needs its palette to become the PNG: no colour mapping
    # (quantizing a drawn RGB image took a third of the time).
    return indexed_png(image, _palette(), level=COMPRESS_LEVEL)
