"""Inter-character justification for Japanese and Chinese, as a hook on WeasyPrint's justification.

WeasyPrint 70 justifies a line by widening its spaces only (`layout.inline.justify_line`), so a
Japanese or Chinese line, which has no spaces, keeps a ragged right edge. For lines in those
languages the hook spreads the missing width over the gaps between characters instead, as
Japanese print does (JIS X 4051): a gap next to a CJK character or after a space takes an equal
share; none goes inside a Latin word, between two adjacent punctuation marks (squeezed by
convert/typeset/punctuation.py, they stay closed) or inside a dash or an ellipsis. No gap takes
more than half an em: a line that would need more is left as it is, and the Latin word that
follows such a line is hyphenated onto it where it can be (`hyphens: auto`, print.css, with
English patterns for the Latin words of Japanese and Chinese text). Lines in any other language
are left to WeasyPrint.

The hook relies on WeasyPrint internals, so it is pinned: `install` refuses any other version,
and tests/test_pdf_justify.py fails when the source of a hooked function changes.
"""

from __future__ import annotations

import re
from typing import Any

import pyphen
from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text import line_break
from weasyprint.text.ffi import ffi, pango
from weasyprint.text.line_break import Layout

from convert.typeset import punctuation, require_pinned_weasyprint

JUSTIFIED_LANGUAGES = ("ja", "zh")
# Characters next to which a gap widens: Han, kana, CJK punctuation and fullwidth forms.
CJK = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u30ff\u31c0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]"
)
SPACES = frozenset(" \u00a0\u3000")
MARKS = punctuation.OPENING | punctuation.CLOSING | punctuation.MIDDLE_DOTS
# Drawn as one unbroken stroke when doubled: ―― ……
UNBROKEN = frozenset("―—…‥")
# Past this much extra space per gap (in em) a line looks broken; leave it ragged.
MAX_SPACING_EM = 0.5
TO_UNITS = 1024  # Pango units per CSS pixel
HYPHENATION_FALLBACK = "en_US"  # patterns for the Latin words of Japanese and Chinese text

_original_justify_line = inline.justify_line


def _widens(char: str, following: str) -> bool:
    if char in SPACES:
        return True
    if following in SPACES:
        return False  # the gap after the space widens instead
    if char in MARKS and following in MARKS:
        return False
    if char == following and char in UNBROKEN:
        return False
    return bool(CJK.match(char) or CJK.match(following))


def widened_gaps(text: str) -> list[int]:
    """The indices of the characters of `text` after which the line's extra width goes."""
    visible = [
        (index, char) for index, char in enumerate(text) if char not in punctuation.INVISIBLE
    ]
    return [
        index
        for (index, char), (_, following) in zip(visible, visible[1:], strict=False)
        if _widens(char, following)
    ]


class InterCharacterLayout(Layout):  # type: ignore[misc]
    """A Pango layout that, when drawn, widens the glyph before each widened gap by `spacing`."""

    def __init__(self, style: Any, spacing: float) -> None:
        super().__init__(style, 0, None)
        self.character_spacing = spacing

    def set_text(self, text: str, justify: bool = False) -> None:
        super().set_text(text, justify)
        if not justify or not self.character_spacing:
            return
        # WeasyPrint sets this when drawing; set now, it would lay the text out again and lose
        # the widths below.
        pango.pango_layout_set_single_paragraph_mode(self.layout, True)
        gap_bytes = {len(self.text[:index].encode()) for index in widened_gaps(self.text)}
        spacing = int(self.character_spacing * TO_UNITS)
        line = pango.pango_layout_get_line_readonly(self.layout, 0)
        run = line.runs
        while run != ffi.NULL:
            glyph_item = run.data
            run = run.next
            glyphs = glyph_item.glyphs
            offset = glyph_item.item.offset
            for index in range(glyphs.num_glyphs):
                cluster = glyphs.log_clusters[index]
                last_of_cluster = (
                    index + 1 == glyphs.num_glyphs or glyphs.log_clusters[index + 1] != cluster
                )
                if last_of_cluster and offset + cluster in gap_bytes:
                    glyphs.glyphs[index].geometry.width += spacing


def _text_boxes(box: Any) -> list[Any]:
    if isinstance(box, boxes.TextBox):
        return [box]
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return [
            text_box
            for child in box.children
            if child.is_in_normal_flow()
            for text_box in _text_boxes(child)
        ]
    return []


def _spread(box: Any, spacing: float, x_advance: float, release: Any = None) -> float:
    """Move and widen the boxes of a line by `spacing` per gap, giving back its blank half to
    the mark that ends the text box `release`; returns the advance so far."""
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        extra = spacing * len(widened_gaps(box.text))
        if box is release:
            extra += box.style["font_size"] / 2
        if extra:
            layout = InterCharacterLayout(box.style, spacing)
            layout.measured_squeeze = getattr(box.pango_layout, "measured_squeeze", ("", set()))
            if box is release:
                layout.released = {punctuation.line_end_mark(box.text, box.pango_layout)}
            layout.set_text(box.text)
            layout.deactivate()
            box.pango_layout = layout
            box.width += extra
        return x_advance + extra
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += x_advance
        start = x_advance
        for child in box.children:
            if child.is_in_normal_flow():
                x_advance = _spread(child, spacing, x_advance, release)
        box.width += x_advance - start
        return x_advance
    box.translate(x_advance, 0)  # an atomic inline box: image, inline block
    return x_advance


def _is_justified_language(lang: str | None) -> bool:
    return bool(lang) and lang.lower().split("-")[0] in JUSTIFIED_LANGUAGES  # type: ignore[union-attr]


def justify_line(context: Any, line: Any, extra_width: float) -> None:
    """WeasyPrint's `justify_line`, with inter-character justification for Japanese and Chinese
    lines written left to right."""
    if not _is_justified_language(line.style["lang"]) or line.style["direction"] == "rtl":
        _original_justify_line(context, line, extra_width)
        return
    text_boxes = _text_boxes(line)
    if not text_boxes:
        return
    # A closing mark squeezed for the opening mark that starts the next line (`】〔`) is set
    # full width again at the line's end, as JIS X 4051 sets it, when the line has room.
    last = text_boxes[-1]
    release = None
    if punctuation.line_end_mark(last.text, last.pango_layout) is not None:
        half = last.style["font_size"] / 2
        if extra_width >= half:
            release, extra_width = last, extra_width - half
    gaps = sum(len(widened_gaps(box.text)) for box in text_boxes)
    if gaps and extra_width / gaps <= MAX_SPACING_EM * line.style["font_size"]:
        _spread(line, extra_width / gaps, 0, release)
    elif release is not None:
        _spread(line, 0, 0, release)


class _Hyphenation:
    """pyphen as WeasyPrint's line breaking sees it: English patterns for Japanese and Chinese
    text, whose only hyphenable words are Latin ones."""

    Pyphen = pyphen.Pyphen

    @staticmethod
    def language_fallback(lang: str) -> str | None:
        if _is_justified_language(lang):
            return HYPHENATION_FALLBACK
        return pyphen.language_fallback(lang)  # type: ignore[no-any-return]


def install() -> None:
    """Put the hooks in place; WeasyPrint calls `justify_line` and `pyphen` through its modules'
    globals, and every layout's text goes through `Layout.set_text`."""
    require_pinned_weasyprint(
        hook="inter-character justification", module="convert/typeset/justify.py"
    )
    inline.justify_line = justify_line
    line_break.pyphen = _Hyphenation
    punctuation.install()
