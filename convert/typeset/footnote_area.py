"""Footnote layout in time linear in the number of notes, as hooks on WeasyPrint's layout context.

WeasyPrint 70 lays the whole footnote area of a page out again each time a note is placed on the
page, taken back or moved to the next page: a page of k notes costs about k² note layouts (a
page of 25 notes: 18 times its notes' own cost, two thirds of the PDF's time). And it keeps the
notes still to place in a list that it searches for every box of every line (`descendant.footnote
in context.footnotes`): for a long article, notes × boxes comparisons.

Here a note is laid out once for the width of the footnote area and its height remembered; the
area's height is the sum of its notes' heights, as WeasyPrint's own layout of the whole area gives
when notes have no vertical margins (it falls back to its own layout otherwise, and in columns or
a footnote area of fixed or limited height). The notes still to place are a list that also keeps
a count of its members by identity, so a membership test is a lookup.

Pinned like `justify`: `install` refuses any other WeasyPrint, and
tests/test_pdf_footnote_area.py fails when the source of a function relied on changes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from math import inf
from typing import Any

from weasyprint.formatting_structure import build
from weasyprint.layout import LayoutContext
from weasyprint.layout.block import block_level_layout

from convert.typeset import require_pinned_weasyprint

_original_init = LayoutContext.__init__
_original_update_footnote_area = LayoutContext._update_footnote_area


class NoteList(list):  # type: ignore[type-arg]
    """WeasyPrint's list of notes still to place, with membership by identity in constant time.
    Only the operations WeasyPrint 70 uses on it are allowed."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        super().__init__(items)
        self._count = Counter(map(id, self))

    def __contains__(self, item: object) -> bool:
        return self._count.get(id(item), 0) > 0

    def append(self, item: Any) -> None:
        super().append(item)
        self._count[id(item)] += 1

    def remove(self, item: Any) -> None:
        super().remove(item)
        self._count[id(item)] -= 1

    def copy(self) -> NoteList:
        return NoteList(self)

    def _refuse(self, *args: object, **kwargs: object) -> Any:
        raise NotImplementedError("NoteList supports append, remove, copy and reading only")

    extend = insert = pop = clear = sort = reverse = _refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse


def _note_height(context: Any, note: Any) -> float | None:
    """The height the note takes in the page's footnote area, laid out alone; None when it has
    vertical margins, which would collapse with its neighbours'."""
    area = context.current_footnote_area
    key = (id(note), area.page.width)
    heights = context.footnote_heights
    if key not in heights:
        alone = build.create_anonymous_boxes(area.copy_with_children([note]).deepcopy())
        alone = block_level_layout(context, alone, -inf, None, area.page)[0]
        laid_out = alone.children[0]
        plain = laid_out.margin_top == 0 and laid_out.margin_bottom == 0
        # The note is kept with its height: its id must not be reused while it is a key.
        heights[key] = (note, alone.height if plain else None)
    return heights[key][1]


def init_context(context: Any, *args: Any, **kwargs: Any) -> None:
    """WeasyPrint's `LayoutContext.__init__`, then the list of notes to place as a NoteList and
    the notes' heights remembered for the document."""
    _original_init(context, *args, **kwargs)
    context.footnotes = NoteList()
    context.footnote_heights = {}


def update_footnote_area(context: Any) -> bool:
    """WeasyPrint's `LayoutContext._update_footnote_area` (the page's bottom and its footnote
    area's height, after a note came or went), from the notes' remembered heights."""
    area = context.current_footnote_area
    notes = context.current_page_footnotes
    fixed = area.style["height"] != "auto" or area.style["max_height"].value != inf
    if context.in_column or fixed or not notes:
        return bool(_original_update_footnote_area(context))
    heights = [_note_height(context, note) for note in notes]
    if None in heights:
        return bool(_original_update_footnote_area(context))
    if area.height != "auto":
        context.page_bottom += area.margin_height()
    area.children = notes
    area.height = sum(heights)  # type: ignore[arg-type]
    context.page_bottom -= area.margin_height()
    return False  # an area of auto height holds all its notes


def install() -> None:
    require_pinned_weasyprint(hook="the footnote layout hook", module=__name__)
    LayoutContext.__init__ = init_context
    LayoutContext._update_footnote_area = update_footnote_area


def uninstall() -> None:
    LayoutContext.__init__ = _original_init
    LayoutContext._update_footnote_area = _original_update_footnote_area
