from __future__ import annotations

import panflute as pf

from convert.links import LinkKind, classify_url
from convert.notes import is_note
from convert.passes.context import PassContext
from convert.tree import elements


def _in_note(elem: pf.Element) -> bool:
    parent = elem.parent
    while parent is not None and not is_note(parent):
        parent = parent.parent
    return parent is not None


def _address_note_follows(elem: pf.Element) -> bool:
    following = elem.next
    return is_note(following) and pf.stringify(following).strip() == elem.url.strip()


def _is_external(elem: pf.Element) -> bool:
    return isinstance(elem, pf.Link) and classify_url(elem.url) is LinkKind.EXTERNAL


def _add_url_note(elem: pf.Element, doc: pf.Doc) -> list[pf.Element] | None:
    if not _is_external(elem):
        return None
    if elem.url.startswith("mailto:") or pf.stringify(elem).strip() == elem.url.strip():
        return None  # the address is already on the page
    if _in_note(elem) or _address_note_follows(elem):
        return None  # no note inside a note; and one address note is enough
    return [elem, pf.Note(pf.Para(pf.Link(pf.Str(elem.url), url=elem.url)))]


def external_links_to_notes(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """On paper a web link also prints its address, in a footnote after the link text."""
    if not any(_is_external(elem) for elem in elements(doc)):
        return doc
    return doc.walk(_add_url_note)
