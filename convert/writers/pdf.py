"""PDF: the article as HTML from a template, laid out by WeasyPrint with the language's faces."""

from __future__ import annotations

import functools
import gc
from collections.abc import Iterator
from contextlib import contextmanager

import pydyf
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from convert import __version__
from convert.assets import depends_on_assets, style_file, style_folders
from convert.config import Config
from convert.fetcher import LocalFilesOnly
from convert.fonts import fonts_for
from convert.language import direction
from convert.model import Article
from convert.paper import PAPERS
from convert.passes.keep_hangul_words import is_nowrap_word, join_hangul_word
from convert.typeset import font_subset, footnote_area, footnotes, hyphenation, justify
from convert.writers.html import body_html, font_css, render

justify.install()
font_subset.install()
footnote_area.install()
footnotes.install()
hyphenation.install()


@depends_on_assets
@functools.cache
def _stylesheet() -> CSS:
    return CSS(filename=str(style_file("pdf/print.css")))


@depends_on_assets
@functools.cache
def _right_to_left_stylesheet() -> CSS:
    return CSS(filename=str(style_file("pdf/rtl.css")))


def _bound_on_the_right(document: object, pdf: pydyf.PDF) -> None:
    """Viewers show a right-to-left document's spreads and page order from the right."""
    preferences = pdf.catalog.setdefault("ViewerPreferences", pydyf.Dictionary())
    preferences["Direction"] = "/R2L"


@functools.cache
def _font_config() -> FontConfiguration:
    """One per process: WeasyPrint would load fontconfig's configuration and open every face
    anew for each document. The styles declare no @font-face, so nothing accumulates in it."""
    return FontConfiguration()


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Laying out makes boxes that live until the PDF is written, and no cyclic garbage (none
    found collecting every ten pages of a 150-page article); the collector's full passes over
    those boxes grow with the article. The worker collects after each article."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def write_pdf(article: Article, *, config: Config) -> bytes:
    meta = article.meta
    html = render(
        "pdf/article.html.j2",
        lang=meta.lang,
        direction=direction(meta.lang),
        meta=meta,
        # Korean: words kept whole in the title block too (the title's by no-wrap spans where
        # they can be, since it becomes the PDF's first bookmark).
        title_words=[
            (word if is_nowrap_word(word) else join_hangul_word(word), is_nowrap_word(word))
            for word in meta.title.split()
        ],
        description=join_hangul_word(meta.description),
        keywords=[join_hangul_word(keyword) for keyword in meta.keywords],
        body=body_html(article.doc, timeout=config.pandoc_timeout),
        version=__version__,
    )
    fetcher = LocalFilesOnly(article.source.parent, *style_folders())
    stylesheets = [
        _stylesheet(),
        CSS(string=font_css(fonts_for(article.meta.lang))),
        CSS(
            string=render(
                "pdf/paper.css.j2",
                size=PAPERS[config.paper].css_size,
                margins=PAPERS[config.paper].margins,
            )
        ),
    ]
    right_to_left = direction(meta.lang) == "rtl"
    if right_to_left:
        stylesheets.append(_right_to_left_stylesheet())
    page = HTML(string=html, base_url=str(article.source.parent) + "/", url_fetcher=fetcher)
    with _collector_paused():
        document = page.render(stylesheets=stylesheets, font_config=_font_config())
    return document.write_pdf(
        pdf_variant=config.pdf_variant, finisher=_bound_on_the_right if right_to_left else None
    )


def warm_up() -> None:
    """Pay the one-off costs in a worker before its first article: the stylesheet's parse and
    the font configuration."""
    _stylesheet()
    _font_config()
