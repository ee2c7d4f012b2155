"""Footnotes as runs of text, for places where a note must live inside a line."""

from __future__ import annotations

import panflute as pf

FLOATED_NOTE_CLASS = "footnote"  # print.css floats a span of this class to the page's foot


def is_note(elem: pf.Element) -> bool:
    """A footnote, still a Note or already floated (the PDF's passes make it a span)."""
    return isinstance(elem, pf.Note) or (
        isinstance(elem, pf.Span) and FLOATED_NOTE_CLASS in elem.classes
    )


def note_blocks_as_inlines(note: pf.Note) -> list[pf.Inline]:
    """A note's paragraphs run together into one run of inline elements."""
    inlines: list[pf.Inline] = []
    for block in note.content:
        if inlines:
            inlines.append(pf.Space())
        if isinstance(block, (pf.Para, pf.Plain)):
            inlines.extend(block.content)
        else:
            inlines.append(pf.Str(pf.stringify(block).strip()))
    return inlines
