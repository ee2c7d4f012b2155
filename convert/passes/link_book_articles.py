from __future__ import annotations

import panflute as pf

from convert.links import LinkKind, classify_url, internal_slug
from convert.passes.context import PassContext
from convert.tree import elements

XREF_CLASS = "xref"
# Until a format says how (an EPUB chapter file, a PDF destination, a DOCX bookmark).
BOOK_SCHEME = "book:"


def link_book_articles(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """Books: a link to an article in the book becomes a cross-reference to its id (`book:id`,
    class `xref`); links to articles outside it are left for `internal_links_to_notes`. Each
    link is counted by what it becomes."""
    for elem in elements(doc):
        if not isinstance(elem, pf.Link) or classify_url(elem.url) is not LinkKind.INTERNAL:
            continue
        slug = internal_slug(elem.url)
        target = ctx.in_book(slug)
        if target is not None:
            elem.url = f"{BOOK_SCHEME}{target.id}"
            elem.classes.append(XREF_CLASS)
            elem.attributes["target"] = target.id
            elem.attributes["target-title"] = target.title
            if target.volume:
                elem.attributes["target-volume"] = str(target.volume)
            ctx.tally["cross-references"] += 1
        else:
            ctx.tally["footnotes" if ctx.resolve(slug) is not None else "dangling"] += 1
    return doc
