from __future__ import annotations

import panflute as pf

from convert.passes.context import PassContext

_BLANK_INLINES = (pf.Space, pf.SoftBreak, pf.LineBreak)


def _is_empty(elem: pf.Element) -> bool:
    if isinstance(elem, (pf.Para, pf.Plain)):
        return all(isinstance(item, _BLANK_INLINES) for item in elem.content)
    if isinstance(elem, pf.BlockQuote):
        return all(_is_empty(child) for child in elem.content)
    return False


def drop_empty_blocks(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """Empty block quotes (`>`, `>>`) and empty paragraphs carry nothing: drop them."""
    quotes = 0

    def drop_if_empty(elem: pf.Element, doc: pf.Doc) -> list[pf.Element] | None:
        nonlocal quotes
        if isinstance(elem, (pf.Para, pf.Plain, pf.BlockQuote)) and _is_empty(elem):
            if isinstance(elem.parent, pf.ListItem) and len(elem.parent.content) == 1:
                return None  # an empty list item keeps its one (empty) paragraph
            quotes += isinstance(elem, pf.BlockQuote) and not isinstance(elem.parent, pf.BlockQuote)
            return []
        return None

    doc = doc.walk(drop_if_empty)
    if quotes:
        ctx.warn(f"dropped {quotes} empty block quote{'s' if quotes > 1 else ''}")
    return doc
