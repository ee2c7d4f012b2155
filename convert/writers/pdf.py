"""PDF: the article as HTML from a template, laid out by WeasyPrint with the language's faces; a
long one in chunks (`pdf_chunks`)."""

from __future__ import annotations

import pydyf
from weasyprint import CSS, HTML

from convert import __version__
from convert.assets import style_folders
from convert.config import Config
from convert.fetcher import LocalFilesOnly
from convert.fonts import fonts_for
from convert.language import direction
from convert.model import Article
from convert.passes.keep_hangul_words import is_nowrap_word, join_hangul_word
from convert.writers.html import body_html, font_css, render
from convert.writers.pdf_chunks import write_in_chunks
from convert.writers.pdf_cut import (
    CHUNK_CHARACTERS,
    cut_at_sections,
    link_across_parts,
    notes_in,
    section_ids,
)
from convert.writers.pdf_layout import (
    lay_out,
    paper_css,
    pdf_bytes,
    print_stylesheet,
    right_to_left_stylesheet,
    warm_up,
)

__all__ = ["warm_up", "write_pdf"]

# Its structure tree is WeasyPrint's, made for one document: a tagged PDF is laid out whole.
TAGGED = "pdf/ua-1"


def _bound_on_the_right(document: object, pdf: pydyf.PDF) -> None:
    """Viewers show a right-to-left document's spreads and page order from the right."""
    preferences = pdf.catalog.setdefault("ViewerPreferences", pydyf.Dictionary())
    preferences["Direction"] = "/R2L"


def _page_html(article: Article, body: str) -> str:
    meta = article.meta
    return render(
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
        body=body,
        version=__version__,
    )


def write_pdf(
    article: Article, *, config: Config, chunk_characters: int = CHUNK_CHARACTERS
) -> bytes:
    """`chunk_characters`: the body HTML of a part when a long article is laid out in parts."""
    lang = article.meta.lang
    right_to_left = direction(lang) == "rtl"

    def stylesheets(first_page: int) -> list[CSS]:
        sheets = [
            print_stylesheet(),
            CSS(string=font_css(fonts_for(lang))),
            paper_css(config.paper, first_page=first_page),
        ]
        if right_to_left:
            sheets.append(right_to_left_stylesheet())
        return sheets

    body = body_html(article.doc, timeout=config.pandoc_timeout)
    parts = [body]
    if config.pdf_variant != TAGGED:
        parts = cut_at_sections(body, section_ids(article.doc), size=chunk_characters)
    fetcher = LocalFilesOnly(article.source.parent, *style_folders())
    base_url = str(article.source.parent) + "/"
    finisher = _bound_on_the_right if right_to_left else None
    if len(parts) == 1:
        page = HTML(string=_page_html(article, body), base_url=base_url, url_fetcher=fetcher)
        laid = lay_out(
            page, stylesheets=stylesheets(1), pdf_variant=config.pdf_variant, finisher=finisher
        )
        return pdf_bytes(laid)
    return write_in_chunks(
        [_page_html(article, link_across_parts(part)) for part in parts],
        notes=[notes_in(part) for part in parts],
        stylesheets=stylesheets,
        base_url=base_url,
        fetcher=fetcher,
        lang=lang,
        direction=direction(lang),
        config=config,
        finisher=finisher,
    )
