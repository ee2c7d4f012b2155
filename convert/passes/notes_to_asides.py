from __future__ import annotations

import panflute as pf

from convert.notes import note_blocks_as_inlines
from convert.passes.context import PassContext


def notes_to_asides(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """EPUB: footnotes the way reading systems pop them up: a numbered `noteref` link at the
    call and a `footnote` block (an <aside> in the XHTML) with a link back, both in the same
    document."""
    notes: list[pf.Div] = []
    prefix = f"{ctx.article_id}-" if ctx.article_id else ""  # in a book, unique among articles

    def replace(elem: pf.Element, doc: pf.Doc) -> pf.Element | None:
        if not isinstance(elem, pf.Note):
            return None
        number = len(notes) + 1
        back = pf.Link(
            pf.Str(str(number)), url=f"#{prefix}fnref-{number}", attributes={"role": "doc-backlink"}
        )
        notes.append(
            pf.Div(
                pf.Para(back, pf.Str("."), pf.Space(), *note_blocks_as_inlines(elem)),
                identifier=f"{prefix}fn-{number}",
                classes=["footnote"],
                attributes={"epub:type": "footnote", "role": "doc-footnote"},
            )
        )
        return pf.Link(
            pf.Str(str(number)),
            url=f"#{prefix}fn-{number}",
            identifier=f"{prefix}fnref-{number}",
            attributes={"epub:type": "noteref", "role": "doc-noteref"},
        )

    doc = doc.walk(replace)
    if notes:
        doc.content.append(pf.Div(*notes, classes=["footnotes"]))
    return doc
