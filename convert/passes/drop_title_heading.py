from __future__ import annotations

import unicodedata

import panflute as pf

from convert.passes.context import PassContext


def _comparable(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).casefold()


def drop_title_heading(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """The title comes once, from the metadata: drop a first H1 that repeats it."""
    for index, block in enumerate(doc.content):
        if isinstance(block, pf.Header):
            if block.level == 1 and _comparable(pf.stringify(block)) == _comparable(ctx.meta.title):
                del doc.content[index]
                ctx.warn("dropped the first heading: it repeats the title")
            break
    return doc
