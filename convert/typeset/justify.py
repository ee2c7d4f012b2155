"""Inter-character justification for Japanese and Chinese, as a hook on WeasyPrint's justification.

WeasyPrint 70 justifies a line by widening its spaces only (`layout.inline.justify_line`), so a
Japanese or Chinese line, which has no spaces, keeps a ragged right edge. For lines in those
languages the hook spreads the missing width over the gaps around CJK characters and spaces
instead, as Japanese print does (JIS X 4051). Lines in any other language are left to WeasyPrint.

The hook relies on WeasyPrint internals, so it is pinned: `install` refuses any other version,
and tests/test_pdf_justify.py fails when the source of a hooked function changes.
"""

from __future__ import annotations

import re
from typing import Any

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline
from weasyprint.text.ffi import ffi, pango
from weasyprint.text.line_break import Layout

from convert.typeset import require_pinned_weasyprint

JUSTIFIED_LANGUAGES = ("ja", "zh")
# Characters the extra width goes around: Han, kana, CJK punctuation and fullwidth forms, spaces.
EXPANDABLE = re.compile(
    r"[\u2e80-\u2fdf\u3000-\u30ff\u31c0-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
    r"\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f \u00a0]"
)
# Past this much extra space per gap (in em) a line looks broken; leave it to WeasyPrint.
MAX_SPACING_EM = 0.5
TO_UNITS = 1024  # Pango units per CSS pixel

_original_justify_line = inline.justify_line


class InterCharacterLayout(Layout):  # type: ignore[misc]
    """A Pango layout that, when drawn, adds `spacing` around each expandable character."""

    def __init__(self, style: Any, spacing: float) -> None:
        super().__init__(style, 0, None)
        self.character_spacing = spacing

    def set_text(self, text: str, justify: bool = False) -> None:
        super().set_text(text, justify)
        if not justify or not self.character_spacing:
            return
        attributes = pango.pango_layout_get_attributes(self.layout)
        if attributes == ffi.NULL:
            attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
        # Replaces, for these characters, any letter spacing the style gave: add it back.
        letter_spacing = self.style["letter_spacing"]
        base = 0 if letter_spacing == "normal" else letter_spacing
        spacing = int((self.character_spacing + base) * TO_UNITS)
        position = 0
        for char in self.text:
            size = len(char.encode())
            if EXPANDABLE.match(char):
                attribute = pango.pango_attr_letter_spacing_new(spacing)
                attribute.start_index, attribute.end_index = position, position + size
                pango.pango_attr_list_change(attributes, attribute)
            position += size
        pango.pango_layout_set_attributes(self.layout, attributes)


def expandable_gaps(text: str) -> float:
    """How many times the spacing widens `text` when drawn alone: Pango puts half of it on each
    side of a spaced character and drops the halves at the two ends of the text."""
    flags = [bool(EXPANDABLE.match(char)) for char in text]
    if not any(flags):
        return 0.0
    return sum(flags) - (flags[0] + flags[-1]) / 2


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


def _spread(box: Any, spacing: float, x_advance: float) -> float:
    """Move and widen the boxes of a line by `spacing` per gap; returns the advance so far."""
    if isinstance(box, boxes.TextBox):
        box.position_x += x_advance
        extra = spacing * expandable_gaps(box.text)
        if extra:
            layout = InterCharacterLayout(box.style, spacing)
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
                x_advance = _spread(child, spacing, x_advance)
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
    gaps = sum(expandable_gaps(box.text) for box in _text_boxes(line))
    if gaps <= 0 or extra_width / gaps > MAX_SPACING_EM * line.style["font_size"]:
        _original_justify_line(context, line, extra_width)
        return
    _spread(line, extra_width / gaps, 0)


def install() -> None:
    """Put the hook in place; WeasyPrint calls `justify_line` through its module's globals."""
    require_pinned_weasyprint(
        hook="inter-character justification", module="convert/typeset/justify.py"
    )
    inline.justify_line = justify_line
