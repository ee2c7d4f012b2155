from __future__ import annotations

import panflute as pf

from convert.links import LinkKind, classify_url
from convert.passes.context import PassContext
from convert.tree import elements


def _is_unsafe(elem: pf.Element) -> bool:
    return isinstance(elem, pf.Link) and classify_url(elem.url) is LinkKind.UNSAFE


def _unwrap_unsafe(elem: pf.Element, doc: pf.Doc) -> list[pf.Element] | None:
    return list(elem.content) if _is_unsafe(elem) else None


def drop_unsafe_links(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """Links with any scheme but http(s)/mailto (javascript:, data:, file:) keep only their text."""
    if not any(_is_unsafe(elem) for elem in elements(doc)):
        return doc
    return doc.walk(_unwrap_unsafe)
