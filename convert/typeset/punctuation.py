"""Japanese and Chinese punctuation set as a typesetter would (JLREQ 3.1.4–3.1.6, JIS X 4051):
of two adjacent full-width marks, the blank halves that face each other shrink to what the rules
leave, with the font's own `halt` feature (alternate half widths) on the mark that gives up its
half.

A full-width bracket, comma or full stop draws its ink in one half of its square and leaves the
other half blank. Set side by side, `」、` or `（「` would show a whole blank em between their inks;
print closes it: a closing mark before another closing mark, an opening mark or a middle dot
drops its trailing half, an opening mark after another opening mark or a middle dot drops its
leading half. `halt` moves the glyph and narrows its advance exactly so; no Noto CJK face of
Debian's has the contextual `chws` that would do this by itself.

The hook adds the feature as a Pango attribute to each layout of Japanese or Chinese text, so
line breaking measures the squeezed widths and drawing shows them. It is pinned with the
justification hook (tests/test_pdf_justify.py).
"""

from __future__ import annotations

import math
from typing import Any

from weasyprint.layout import inline
from weasyprint.text.ffi import ffi, pango
from weasyprint.text.line_break import Layout

SQUEEZED_LANGUAGES = ("ja", "zh")
OPENING = frozenset("「『（［｛〔【〈《｟〘〖")
CLOSING = frozenset("」』）］｝〕】〉》｠〙〗、。，．")
MIDDLE_DOTS = frozenset("・")
# Characters that take no room between two marks (a word joiner binding a footnote call).
INVISIBLE = frozenset("\u2060\u200b\u200d\ufeff")
HALT = b"halt 1"

_original_set_text = Layout.set_text
_original_split_first_line = inline.split_first_line
# While a line is broken again with more marks squeezed: the text and the byte offsets of those
# marks (set and cleared by `split_first_line`).
_extra_squeeze: tuple[str, frozenset[int]] = ("", frozenset())


def squeezed_marks(text: str) -> list[int]:
    """The indices of the marks of `text` that give up their blank half to a neighbour."""
    visible = [(index, char) for index, char in enumerate(text) if char not in INVISIBLE]
    squeezed = []
    for (index, char), (next_index, next_char) in zip(visible, visible[1:], strict=False):
        if char in CLOSING and next_char in CLOSING | OPENING | MIDDLE_DOTS:
            squeezed.append(index)
        elif char in OPENING | MIDDLE_DOTS and next_char in OPENING:
            squeezed.append(next_index)
    return squeezed


def is_squeezed_language(lang: str | None) -> bool:
    return bool(lang) and lang.lower().split("-")[0] in SQUEEZED_LANGUAGES  # type: ignore[union-attr]


def _byte_offsets(text: str) -> list[int]:
    offsets, position = [], 0
    for char in text:
        offsets.append(position)
        position += len(char.encode())
    offsets.append(position)
    return offsets


def squeezed_bytes(text: str, layout: Any) -> set[int]:
    """The byte offsets of the marks of `text`, set by `layout`, that are set with `halt`.

    Line breaking lays out a paragraph's whole remaining text, drawing only the line: a closing
    mark at the end of a line squeezed for the opening mark that starts the next one (`】〔`)
    stays squeezed when the line is drawn, unless justification gave it back its blank half
    (`released`)."""
    offsets = _byte_offsets(text)
    squeezed = {offsets[index] for index in squeezed_marks(text)}
    for known_text, known in (getattr(layout, "measured_squeeze", ("", set())), _extra_squeeze):
        if known_text.startswith(text):
            squeezed |= {offset for offset in known if offset < offsets[-1]}
    return squeezed - getattr(layout, "released", set())


def line_end_mark(text: str, layout: Any) -> int | None:
    """The byte offset of the mark that ends `text` when it is squeezed only for what follows
    on the next line."""
    visible = text.rstrip("".join(INVISIBLE) + " ")
    if not visible or visible[-1] not in CLOSING:
        return None
    offset = len(visible[:-1].encode())
    alone = {_byte_offsets(text)[index] for index in squeezed_marks(text)}
    return offset if offset in squeezed_bytes(text, layout) - alone else None


def set_text(self: Any, text: str, justify: bool = False) -> None:
    """WeasyPrint's `Layout.set_text`, then `halt` on the marks to squeeze."""
    _original_set_text(self, text, justify)
    style = self.style
    if not is_squeezed_language(style["lang"]) or style["white_space"] in ("pre", "pre-wrap"):
        return
    marks = squeezed_bytes(self.text, self)
    if not justify:
        measured_text, measured = getattr(self, "measured_squeeze", ("", set()))
        if not measured_text.startswith(self.text):
            measured_text, measured = self.text, set()
        self.measured_squeeze = (measured_text, measured | marks)
    if not marks:
        return
    attributes = pango.pango_layout_get_attributes(self.layout)
    if attributes == ffi.NULL:
        attributes = ffi.gc(pango.pango_attr_list_new(), pango.pango_attr_list_unref)
    encoded = self.text.encode()
    for offset in marks:
        end = offset + 1
        while end < len(encoded) and encoded[end] & 0xC0 == 0x80:
            end += 1
        attribute = pango.pango_attr_font_features_new(HALT)
        attribute.start_index, attribute.end_index = offset, end
        pango.pango_attr_list_insert(attributes, attribute)
    pango.pango_layout_set_attributes(self.layout, attributes)


def _squeezable(line_text: str, squeezed: set[int]) -> list[int]:
    """The byte offsets of the marks of a line that still have their blank half, in the order
    they give it up: closing marks, commas and full stops from the line's end, then opening
    marks from its end."""
    offsets = _byte_offsets(line_text)
    unsqueezed = [(i, char) for i, char in enumerate(line_text) if offsets[i] not in squeezed]
    closing = [offsets[index] for index, char in reversed(unsqueezed) if char in CLOSING]
    opening = [offsets[index] for index, char in reversed(unsqueezed) if char in OPENING]
    return closing + opening


def split_first_line(
    text: str,
    style: Any,
    context: Any,
    max_width: float | None,
    justification_spacing: float,
    is_line_start: bool = True,
    minimum: bool = False,
) -> tuple[Any, ...]:
    """WeasyPrint's `split_first_line`; then, for Japanese and Chinese, when the next character
    would fit on the line with some of the line's punctuation set half width, the line is
    broken again with those marks squeezed (JIS X 4051's 追い込み: squeeze before stretching)."""
    global _extra_squeeze
    result = _original_split_first_line(
        text, style, context, max_width, justification_spacing, is_line_start, minimum
    )
    layout, length, resume_index, width = result[:4]
    if (
        resume_index is None
        or max_width is None
        or minimum
        or not is_squeezed_language(style["lang"])
        or style["white_space"] not in ("normal", "pre-line")
    ):
        return result
    half = style["font_size"] / 2
    slack = max_width - width
    line_text = text.encode()[:length].decode()
    candidates = _squeezable(line_text, squeezed_bytes(line_text, layout))
    # The next character is a full em wide at the least.
    needed = max(1, math.ceil((2 * half - slack) / half - 1e-6))
    if slack <= 0 or needed > len(candidates):
        return result
    for count in range(needed, min(len(candidates), needed + 2) + 1):
        _extra_squeeze = (text, frozenset(candidates[:count]))
        try:
            squeezed = _original_split_first_line(
                text, style, context, max_width, justification_spacing, is_line_start, minimum
            )
        finally:
            _extra_squeeze = ("", frozenset())
        if squeezed[1] > length and squeezed[3] <= max_width:
            return squeezed  # type: ignore[no-any-return]
    return result


def install() -> None:
    """Put the hooks in place: every layout WeasyPrint makes goes through `Layout.set_text`,
    every line of text is broken by `split_first_line` (called through `layout.inline`)."""
    Layout.set_text = set_text
    inline.split_first_line = split_first_line
