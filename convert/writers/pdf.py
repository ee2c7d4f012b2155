"""PDF: the article as HTML from a template, laid out by WeasyPrint with the language's faces."""

from __future__ import annotations

import functools

import panflute as pf
from weasyprint import CSS, HTML

from convert import __version__
from convert.config import STYLES_DIR, Config
from convert.fonts import fonts_for
from convert.model import Article
from convert.resources import LocalFilesOnly
from convert.writers.html import body_html, font_css, note_blocks_as_inlines, render

PAPER_CSS_SIZES = {"a4": "A4", "a5": "A5", "b5": "B5", "letter": "letter"}


def _notes_to_floats(elem: pf.Element, doc: pf.Doc) -> pf.Element | None:
    """A footnote becomes a span that print.css floats to the foot of its page."""
    if isinstance(elem, pf.Note):
        return pf.Span(*note_blocks_as_inlines(elem), classes=["footnote"])
    return None


@functools.cache
def _stylesheet() -> CSS:
    return CSS(filename=str(STYLES_DIR / "pdf" / "print.css"))


def write_pdf(article: Article, *, config: Config) -> bytes:
    doc = article.doc.walk(_notes_to_floats)
    html = render(
        "pdf/article.html.j2",
        lang=article.meta.lang,
        meta=article.meta,
        body=body_html(doc, timeout=config.pandoc_timeout),
        version=__version__,
    )
    fetcher = LocalFilesOnly(article.source.parent, STYLES_DIR)
    stylesheets = [
        _stylesheet(),
        CSS(string=font_css(fonts_for(article.meta.lang))),
        CSS(string=render("pdf/paper.css.j2", size=PAPER_CSS_SIZES[config.paper])),
    ]
    document = HTML(
        string=html, base_url=str(article.source.parent) + "/", url_fetcher=fetcher
    ).render(stylesheets=stylesheets)
    return document.write_pdf()
