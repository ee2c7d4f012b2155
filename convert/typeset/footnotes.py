"""Footnotes kept on the page of their call, as a hook on WeasyPrint's page maker.

WeasyPrint 70, when a line does not fit at the foot of a page, moves notes already placed on that
page to the next one to make room for it, so a note can end up a page after its call. The remedy
here: when a page comes out with a call whose note went on, that page is laid out again at once
with its last paragraph (and the heading before it) starting the next page, as it would have if
the notes had stayed. Only that page is laid out again, not the document: a long article with a
page to fix every thirty pages pays for those pages only, and every one of them is fixed.

Pinned like `justify`: `install` refuses any other WeasyPrint, and
tests/test_pdf_footnote_area.py fails when the source of a function relied on changes.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from weasyprint.formatting_structure import boxes
from weasyprint.layout import page as page_maker

from convert.typeset import require_pinned_weasyprint

CALL_SUFFIX = "::footnote-call"
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Each try starts the next page with an earlier paragraph; past a few, the page cannot be fixed.
MAX_TRIES_PER_PAGE = 3

_original_remake_page = page_maker.remake_page
# For each document being laid out: its block boxes by the id of their element.
_blocks: weakref.WeakKeyDictionary[Any, dict[int, list[Any]]] = weakref.WeakKeyDictionary()


def _walk(box: Any, *, skip: tuple[type, ...] = ()) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", ()):
        if not isinstance(child, skip):
            yield from _walk(child, skip=skip)


def notes_moved_away(page_box: Any) -> bool:
    """Whether the page calls a footnote that is not printed at its foot."""
    calls: set[int] = set()
    notes: set[int] = set()
    for box in _walk(page_box):
        if (getattr(box, "element_tag", None) or "").endswith(CALL_SUFFIX):
            calls.add(id(box.element))
        elif isinstance(box, boxes.FootnoteAreaBox):
            notes.update(id(note.element) for note in box.children)
    return bool(calls - notes)


def _last_block(page_box: Any) -> Any | None:
    """The element of the page's last line, or the heading right before it: a heading goes
    with what follows it."""
    skip = (boxes.FootnoteAreaBox, boxes.MarginBox)
    last: tuple[Any, Any] | None = None  # the block of the last line, and the block's parent
    stack: list[tuple[Any, Any, Any]] = [(page_box, None, None)]
    while stack:  # depth first, in document order
        box, parent, grandparent = stack.pop()
        if isinstance(box, boxes.LineBox):
            last = (parent, grandparent)
            continue
        for child in reversed(getattr(box, "children", ())):
            if not isinstance(child, skip):
                stack.append((child, box, parent))
    if last is None:
        return None
    block, parent = last
    siblings = [id(child) for child in getattr(parent, "children", ())]
    index = siblings.index(id(block)) if id(block) in siblings else 0
    before = parent.children[index - 1] if index else None
    if before is not None and getattr(before, "element_tag", "") in HEADINGS:
        return before.element
    return block.element


def _start_page_with(element: Any, *, root_box: Any, context: Any) -> bool:
    """Have the element's block begin a page; False if it does already. WeasyPrint shares one
    computed style among elements styled alike: the block gets a copy of its own."""
    if context not in _blocks:
        found: dict[int, list[Any]] = {}
        stack = [root_box]
        while stack:
            box = stack.pop()
            if isinstance(box, boxes.BlockLevelBox):
                found.setdefault(id(box.element), []).append(box)
            stack.extend(getattr(box, "children", ()))
        _blocks[context] = found
    blocks = _blocks[context].get(id(element), [])
    if not blocks or blocks[0].style["break_before"] == "page":
        return False
    style = blocks[0].style.copy()
    style["break_before"] = "page"
    blocks[0].style = style
    return True


@dataclass
class _PageStart:
    """What laying out a page changes in WeasyPrint's layout context, kept to lay it out again."""

    footnotes: list[Any]
    reported_footnotes: list[Any]
    rendered_notes: int
    broken_out_of_flow: dict[Any, Any]
    running_elements: dict[str, list[Any] | None]
    remake_state: dict[str, Any]

    @classmethod
    def save(cls, context: Any, index: int) -> _PageStart:
        number = index + 1
        return cls(
            footnotes=list(context.footnotes),
            reported_footnotes=list(context.reported_footnotes),
            rendered_notes=len(context.rendered_notes),
            broken_out_of_flow=context.broken_out_of_flow,
            running_elements={
                name: list(pages[number]) if number in pages else None
                for name, pages in context.running_elements.items()
            },
            remake_state={
                key: list(value) if isinstance(value, list) else value
                for key, value in context.page_maker[index][-1].items()
            },
        )

    def restore(self, context: Any, index: int) -> None:
        number = index + 1
        context.footnotes = type(context.footnotes)(self.footnotes)
        context.reported_footnotes = list(self.reported_footnotes)
        del context.rendered_notes[self.rendered_notes :]
        context.broken_out_of_flow = self.broken_out_of_flow
        for name, pages in context.running_elements.items():
            saved = self.running_elements.get(name)
            if saved is None:
                pages.pop(number, None)
            else:
                pages[number] = list(saved)
        state = context.page_maker[index][-1]
        state.clear()
        state.update(
            {
                key: list(value) if isinstance(value, list) else value
                for key, value in self.remake_state.items()
            }
        )


def remake_page(index: int, context: Any, root_box: Any, html: Any) -> tuple[Any, Any]:
    """WeasyPrint's `remake_page` (lay out page `index` from where the page before ended), laid
    out again with its last paragraph starting the next page while one of its notes went on."""
    start = _PageStart.save(context, index)
    page_box, resume_at = _original_remake_page(index, context, root_box, html)
    for _ in range(MAX_TRIES_PER_PAGE):
        if not notes_moved_away(page_box):
            break
        element = _last_block(page_box)
        if element is None or not _start_page_with(element, root_box=root_box, context=context):
            break  # it begins the page already: nothing earlier to move
        start.restore(context, index)
        page_box, resume_at = _original_remake_page(index, context, root_box, html)
    return page_box, resume_at


def install() -> None:
    require_pinned_weasyprint(hook="the footnote page hook", module=__name__)
    page_maker.remake_page = remake_page


def uninstall() -> None:
    page_maker.remake_page = _original_remake_page
