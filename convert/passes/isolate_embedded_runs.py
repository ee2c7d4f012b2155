from __future__ import annotations

import panflute as pf

from convert.language import direction
from convert.passes.context import PassContext
from convert.tree import elements

FIRST_STRONG_ISOLATE, POP_DIRECTIONAL_ISOLATE = "\u2068", "\u2069"


def _isolated(elem: pf.Span | pf.Link) -> bool:
    first = elem.content[0]
    return isinstance(first, pf.Str) and first.text == FIRST_STRONG_ISOLATE


def isolate_embedded_runs(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """PDF, right to left: each span and link pandoc marks is a bidi isolate (U+2068 … U+2069),
    so a Latin term, a number or a link text inside Arabic keeps its own order and does not
    reorder the words around it. WeasyPrint 70 reads `unicode-bidi` but does nothing with it;
    Pango honours the isolate characters."""
    if direction(ctx.meta.lang) != "rtl":
        return doc
    for elem in elements(doc):
        if isinstance(elem, pf.Span | pf.Link) and elem.content and not _isolated(elem):
            elem.content.insert(0, pf.Str(FIRST_STRONG_ISOLATE))
            elem.content.append(pf.Str(POP_DIRECTIONAL_ISOLATE))
    return doc


def mark_embedded_runs(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """EPUB, right to left: each span and link pandoc marks gets `dir="auto"`, which isolates
    it as the characters do in the PDF (an EPUB style sheet may not use `unicode-bidi`)."""
    if direction(ctx.meta.lang) != "rtl":
        return doc
    for elem in elements(doc):
        if isinstance(elem, pf.Span | pf.Link) and "dir" not in elem.attributes:
            elem.attributes["dir"] = "auto"
    return doc
