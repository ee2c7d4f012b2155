from __future__ import annotations

import panflute as pf

from convert.links import LinkKind, classify_url
from convert.passes.context import PassContext


def _unwrap_unsafe(elem: pf.Element, doc: pf.Doc) -> list[pf.Element] | None:
    if isinstance(elem, pf.Link) and classify_url(elem.url) is LinkKind.UNSAFE:
        return list(elem.content)
    return None


def drop_unsafe_links(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """Links with any scheme but http(s)/mailto (javascript:, data:, file:) keep only their text."""
    return doc.walk(_unwrap_unsafe)
