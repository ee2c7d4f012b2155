from __future__ import annotations

import panflute as pf

from convert.links import LinkKind, classify_url, internal_slug, readable_name, site_path
from convert.passes.context import PassContext
from convert.tree import elements, splice


def _citation(url: str, ctx: PassContext) -> list[pf.Inline]:
    """The note's words: the target's title when it is being built, else a name and its URL."""
    slug = internal_slug(url)
    entry = ctx.resolve(slug)
    if entry is not None:
        return [pf.Str(entry.title)]
    path = site_path(url)
    name = pf.Str(readable_name(slug))
    if ctx.site_url:
        address = ctx.site_url.rstrip("/") + path
        return [name, pf.Str(":"), pf.Space(), pf.Link(pf.Str(address), url=address)]
    return [name, pf.Str(":"), pf.Space(), pf.Str(path)]


def _is_internal(elem: pf.Element) -> bool:
    return isinstance(elem, pf.Link) and classify_url(elem.url) is LinkKind.INTERNAL


def internal_links_to_notes(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """A printed page cannot be clicked: a link to another article becomes its text plus a
    footnote naming that article. One warning lists the targets not found in the collection."""
    dangling: list[str] = []
    notes: dict[int, pf.Note] = {}  # by the id of the link
    for elem in elements(doc):
        if _is_internal(elem):
            slug = internal_slug(elem.url)
            if ctx.resolve(slug) is None and slug not in dangling:
                dangling.append(slug)
            notes[id(elem)] = pf.Note(pf.Para(*_citation(elem.url, ctx)))
    if notes:
        splice(doc, lambda elem: [*elem.content, notes[id(elem)]] if id(elem) in notes else None)
    if dangling:
        ctx.warn("links to articles not in this build: " + ", ".join(dangling))
    return doc
