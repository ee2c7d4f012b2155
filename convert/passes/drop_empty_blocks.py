from __future__ import annotations

import panflute as pf

from convert.passes.context import PassContext
from convert.tree import elements, lists

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
    # Inner lists first, so that a quote whose paragraphs are dropped is seen empty.
    for owner in elements(doc):
        for container in lists(owner):
            if isinstance(owner, pf.ListItem) and len(container) == 1:
                continue  # an empty list item keeps its one (empty) paragraph
            kept: list[pf.Element] = []
            dropped: list[pf.Element] = []
            for item in container.list:
                (dropped if _is_empty(item) else kept).append(item)
            if not dropped:
                continue
            if not isinstance(owner, pf.BlockQuote):
                quotes += sum(isinstance(item, pf.BlockQuote) for item in dropped)
            container[:] = kept
    if quotes:
        ctx.warn(f"dropped {quotes} empty block quote{'s' if quotes > 1 else ''}")
    return doc
