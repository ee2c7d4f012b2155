from __future__ import annotations

import panflute as pf

from convert.passes.context import PassContext


def _merge_in(container: pf.ListContainer) -> None:
    items = list(container)
    merged: list[pf.Element] = []
    for item in items:
        if isinstance(item, pf.Link) and merged:
            previous = merged[-1]
            gap: list[pf.Element] = []
            if isinstance(previous, pf.Space) and len(merged) >= 2:
                gap, previous = [previous], merged[-2]
            if isinstance(previous, pf.Link) and previous.url == item.url:
                if gap:
                    merged.pop()
                previous.content.extend([pf.Space()] * len(gap) + list(item.content))
                continue
        merged.append(item)
    if len(merged) != len(items):
        container[:] = merged


def _merge(elem: pf.Element, doc: pf.Doc) -> None:
    content = getattr(elem, "content", None)
    if isinstance(content, pf.ListContainer) and content and isinstance(content[0], pf.Inline):
        _merge_in(content)


def merge_split_links(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """Adjacent links to the same target are one link split in two by a translation tool:
    `[ソーシャル](/social-media)[メディア](/social-media)` becomes one link."""
    return doc.walk(_merge)
