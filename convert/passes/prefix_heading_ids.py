from __future__ import annotations

import re

import panflute as pf

from convert.book.ids import heading_id
from convert.passes.context import PassContext
from convert.tree import elements

NUMBERED = re.compile(r"section-(\d+)")


def prefix_heading_ids(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """Books: the ids `number_heading_ids` gave (`section-3`) become the article's own
    (`<article id>-h3`), so they stay unique among all the book's articles; in-article `#links`
    follow. After `number_heading_ids`."""

    def renamed(identifier: str) -> str:
        match = NUMBERED.fullmatch(identifier)
        return heading_id(ctx.article_id, int(match.group(1))) if match else identifier

    for elem in elements(doc):
        if isinstance(elem, pf.Header) and elem.identifier:
            elem.identifier = renamed(elem.identifier)
        elif isinstance(elem, pf.Link) and elem.url.startswith("#"):
            elem.url = "#" + renamed(elem.url[1:])
    return doc
