"""Books, PDF and DOCX: after each cross-reference, where to turn to (`（→ 見出し p. 37）`). The
page is not known while articles are converted: the PDF gets a slot its layout fills in, the DOCX
a PAGEREF field Word and LibreOffice fill in."""

from __future__ import annotations

import re
from collections.abc import Callable

import panflute as pf

from convert.book.labels import book_labels
from convert.passes.context import PassContext
from convert.passes.link_book_articles import BOOK_SCHEME, XREF_CLASS
from convert.tree import elements, splice

PAGE_SLOT_CLASS = "page-ref"
PLACEHOLDER = re.compile(r"(\{title\}|\{where\}|\{page\})")


def _words(text: str) -> list[pf.Inline]:
    return [pf.Str(text)] if text else []


def _reference(link: pf.Link, lang: str, where: Callable[[pf.Link], list[pf.Inline]]) -> pf.Span:
    parts: list[pf.Inline] = []
    for piece in PLACEHOLDER.split(book_labels(lang)["xref"]):
        if piece == "{title}":
            parts.append(pf.Str(link.attributes.get("target-title", "")))
        elif piece == "{where}":
            parts.extend(where(link))
        else:
            parts.extend(_words(piece))
    return pf.Span(*parts, classes=["xref-where"])


def _add_references(doc: pf.Doc, lang: str, where: Callable[[pf.Link], list[pf.Inline]]) -> None:
    def after_link(elem: pf.Element) -> list[pf.Element] | None:
        if isinstance(elem, pf.Link) and XREF_CLASS in elem.classes:
            return [elem, _reference(elem, lang, where)]
        return None

    splice(doc, after_link)


def cross_references_to_page_slots(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """PDF: a slot for the page (and volume) of the target, filled in once the book is laid out."""

    def slot(link: pf.Link) -> list[pf.Inline]:
        return [
            pf.Span(
                classes=[PAGE_SLOT_CLASS], attributes={"data-target": link.attributes["target"]}
            )
        ]

    _add_references(doc, ctx.meta.lang, slot)
    return doc


def cross_references_to_page_fields(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """DOCX: a PAGEREF field to the target's bookmark, in the page pattern (`p. {page}`)."""
    from convert.writers.html import render

    def field(link: pf.Link) -> list[pf.Inline]:
        parts: list[pf.Inline] = []
        for piece in PLACEHOLDER.split(book_labels(ctx.meta.lang)["page"]):
            if piece == "{page}":
                xml = render("book/docx/pageref.xml.j2", bookmark=link.attributes["target"])
                parts.append(pf.RawInline(xml.strip(), format="openxml"))
            else:
                parts.extend(_words(piece))
        return parts

    _add_references(doc, ctx.meta.lang, field)
    for elem in elements(doc):
        if isinstance(elem, pf.Link) and elem.url.startswith(BOOK_SCHEME):
            elem.url = "#" + elem.url.removeprefix(BOOK_SCHEME)  # the bookmark of that name
    return doc
