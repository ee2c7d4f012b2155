from __future__ import annotations

import panflute as pf

from convert.passes.context import PassContext
from convert.tree import elements

DEEPEST = 6


def demote_headings(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """Books: a level below the section and article titles that now stand above the article's
    own headings (section 1, article 2, its headings 3 and below)."""
    for elem in elements(doc):
        if isinstance(elem, pf.Header):
            elem.level = min(elem.level + 1, DEEPEST)
    return doc
