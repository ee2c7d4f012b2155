"""Footnotes kept on the page of their call.

WeasyPrint 70, when a line does not fit at the foot of a page, moves notes already placed on that
page to the next one to make room for it, so a note can end up a page after its call. The remedy
here: find the page, and lay the document out again with its last paragraph starting the next
page (as it would have if the notes had stayed).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from weasyprint import Document
from weasyprint.formatting_structure import boxes

CALL_SUFFIX = "::footnote-call"
BREAK_BEFORE_CLASS = "page-break-before"  # print.css: `break-before: page`
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def _walk(box: Any, *, skip: tuple[type, ...] = ()) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        if not isinstance(child, skip):
            yield from _walk(child, skip=skip)


def _calls_and_notes(page_box: Any) -> tuple[set[int], set[int]]:
    calls: set[int] = set()
    notes: set[int] = set()
    for box in _walk(page_box):
        if (getattr(box, "element_tag", None) or "").endswith(CALL_SUFFIX):
            calls.add(id(box.element))
        elif isinstance(box, boxes.FootnoteAreaBox):
            notes.update(id(note.element) for note in box.children)
    return calls, notes


def pages_with_notes_moved_away(document: Document) -> list[int]:
    """Indexes of the pages that call a footnote printed on another page."""
    return [
        index
        for index, page in enumerate(document.pages)
        if (lambda found: bool(found[0] - found[1]))(_calls_and_notes(page._page_box))
    ]


def _last_block_element(page_box: Any) -> Any | None:
    skip = (boxes.FootnoteAreaBox, boxes.MarginBox)
    lines = [box for box in _walk(page_box, skip=skip) if isinstance(box, boxes.LineBox)]
    return lines[-1].element if lines else None


def _with_its_heading(element: Any, root: Any) -> Any:
    """The heading right before `element`, if any: a heading goes with what follows it."""
    for parent in root.iter():
        children = list(parent)
        if element in children:
            index = children.index(element)
            if index > 0 and children[index - 1].tag in HEADINGS:
                return children[index - 1]
            return element
    return element


def start_next_page_with_last_block(document: Document, page_index: int, *, root: Any) -> bool:
    """Mark the element of the page's last line (or the heading before it) to begin a page;
    False if there is none, or it already begins one. `root` is the document's HTML tree."""
    element = _last_block_element(document.pages[page_index]._page_box)
    if element is None:
        return False
    element = _with_its_heading(element, root)
    classes = (element.get("class") or "").split()
    if BREAK_BEFORE_CLASS in classes:
        return False
    element.set("class", " ".join([*classes, BREAK_BEFORE_CLASS]))
    return True
