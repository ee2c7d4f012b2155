from __future__ import annotations

import panflute as pf

from convert.passes.context import PassContext
from convert.tree import elements


def _merge_in(container: pf.ListContainer, ctx: PassContext) -> None:
    items = list(container.list)
    merged: list[pf.Element] = []
    for item in items:
        if isinstance(item, pf.Link) and merged:
            previous = merged[-1]
            gap: list[pf.Element] = []
            if isinstance(previous, pf.Space) and len(merged) >= 2:
                gap, previous = [previous], merged[-2]
            if isinstance(previous, pf.Link) and previous.url == item.url:
                ctx.warn(
                    f"merged a link split in two: [{pf.stringify(previous)}]"
                    f"[{pf.stringify(item)}]({item.url})"
                )
                if gap:
                    merged.pop()
                previous.content.extend([pf.Space()] * len(gap) + list(item.content))
                continue
        merged.append(item)
    if len(merged) != len(items):
        container[:] = merged


def _has_two_links(items: list[pf.Element]) -> bool:
    """Whether a list of inlines could hold a split link (a list of blocks holds no link)."""
    return sum(isinstance(item, pf.Link) for item in items) >= 2


def merge_split_links(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """Adjacent links to the same target are one link split in two by a translation tool:
    `[ソーシャル](/social-media)[メディア](/social-media)` becomes one link."""
    for elem in elements(doc):
        content = getattr(elem, "content", None)
        if isinstance(content, pf.ListContainer) and _has_two_links(content.list):
            _merge_in(content, ctx)
    return doc
