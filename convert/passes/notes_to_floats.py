from __future__ import annotations

import panflute as pf

from convert.notes import FLOATED_NOTE_CLASS, note_blocks_as_inlines
from convert.passes.context import PassContext
from convert.tree import elements


def _float_note(elem: pf.Element, doc: pf.Doc) -> pf.Element | None:
    if isinstance(elem, pf.Note):
        return pf.Span(*note_blocks_as_inlines(elem), classes=[FLOATED_NOTE_CLASS])
    return None


def notes_to_floats(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """PDF: each footnote becomes a span that print.css floats to the foot of its page."""
    if not any(isinstance(elem, pf.Note) for elem in elements(doc)):
        return doc
    return doc.walk(_float_note)
