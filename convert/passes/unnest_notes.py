from __future__ import annotations

import panflute as pf

from convert.notes import note_blocks_as_inlines
from convert.passes.context import PassContext
from convert.tree import elements


def _inside_a_note(elem: pf.Element) -> bool:
    parent = elem.parent
    while parent is not None:
        if isinstance(parent, pf.Note):
            return True
        parent = parent.parent
    return False


def _unnest(elem: pf.Element, doc: pf.Doc) -> list[pf.Element] | None:
    if isinstance(elem, pf.Note) and _inside_a_note(elem):
        return [pf.Space(), pf.Str("("), *note_blocks_as_inlines(elem), pf.Str(")")]
    return None


def unnest_notes(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """No format has a footnote inside a footnote: one made inside a note (a link to another
    article cited in a footnote) is set in parentheses where it stood."""
    notes = [elem for elem in elements(doc) if isinstance(elem, pf.Note)]
    if not any(isinstance(inner, pf.Note) for note in notes for inner in elements(note)[:-1]):
        return doc  # no note has one inside it
    return doc.walk(_unnest)
