from __future__ import annotations

import panflute as pf

from convert.passes.context import PassContext

SECTION_LEVEL = 2  # level 1 belongs to the article title


def normalize_heading_levels(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """Shift headings so the article's top sections sit at level 2, under the title."""
    headers = [block for block in doc.content if isinstance(block, pf.Header)]
    if not headers:
        return doc
    shift = SECTION_LEVEL - min(header.level for header in headers)
    if shift:
        for header in headers:
            header.level = max(1, min(6, header.level + shift))
    return doc
