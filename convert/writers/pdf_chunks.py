"""A long article's PDF in chunks. One WeasyPrint layout of a long document holds every page's
boxes until its PDF is written, and grows faster than linearly; so the body is cut before
top-level sections into parts (`pdf_cut`), each part is laid out and written on its own, one
after another (its boxes freed before the next), and the parts' PDFs are joined (`pdf_join`),
sharing one subset of each face (`typeset.font_subset.faces_shared`). Each part's page and
footnote numbers go on from the part before; a part but the first starts with the title block on
a page of its own, left out of the joined PDF, so that its pages have the running heads of the
article's later pages. "n / N" needs N, known only once every part is laid out: the feet are one
more layout of N empty pages (`folios.css`), drawn over the joined pages."""

from __future__ import annotations

import functools
import gc
import io
from collections.abc import Callable
from dataclasses import dataclass, field

from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher

from convert.assets import depends_on_assets, style_file
from convert.config import Config
from convert.typeset.font_subset import faces_shared, programs_for
from convert.writers.html import render
from convert.writers.pdf_cut import ANCHOR_SCHEME
from convert.writers.pdf_join import JoinPart, OutlineEntry, join_chunks
from convert.writers.pdf_layout import Bookmark, chunk_css, lay_out, pdf_bytes


@depends_on_assets
@functools.cache
def _article_chunk_css(*, continued: bool) -> CSS:
    return CSS(string=render("pdf/article-chunk.css.j2", continued=continued))


@depends_on_assets
@functools.cache
def _folios_css() -> CSS:
    return CSS(filename=str(style_file("pdf/folios.css")))


@dataclass
class _Node:
    bookmark: Bookmark
    children: list[_Node] = field(default_factory=list)

    def entry(self) -> OutlineEntry:
        mark = self.bookmark
        children = tuple(child.entry() for child in self.children)
        return OutlineEntry(mark.label, children=children, at=(mark.page, mark.top))


def _outline(bookmarks: list[Bookmark]) -> list[OutlineEntry]:
    """The bookmarks nested by level, as WeasyPrint nests them in a PDF of its own."""
    root: list[_Node] = []
    open_: list[_Node] = []  # the last node of each level above the bookmark's
    for bookmark in bookmarks:
        while open_ and open_[-1].bookmark.level >= bookmark.level:
            open_.pop()
        node = _Node(bookmark)
        (open_[-1].children if open_ else root).append(node)
        open_.append(node)
    return [node.entry() for node in root]


def write_in_chunks(
    pages: list[str],
    *,
    notes: list[int],
    stylesheets: Callable[[int], list[CSS]],
    base_url: str,
    fetcher: URLFetcher,
    lang: str,
    direction: str,
    config: Config,
    finisher: Callable[..., None] | None = None,
) -> bytes:
    """`pages`: the article's HTML page for each part (the title block and that part's body);
    `notes`: the footnotes in each; `stylesheets(n)`: the article's stylesheets for a document
    whose first page is page n."""
    parts: list[JoinPart] = []
    destinations: dict[str, tuple[int, float]] = {}
    bookmarks: list[Bookmark] = []
    printed = 0  # pages of the joined PDF so far
    with faces_shared() as faces:
        for index, html in enumerate(pages):
            lead = 1 if index else 0  # the title page a part but the first starts with, left out
            first_page = printed + 1 - lead
            laid = lay_out(
                HTML(string=html, base_url=base_url, url_fetcher=fetcher),
                stylesheets=[
                    *stylesheets(first_page),
                    chunk_css(first_page=first_page, notes_before=sum(notes[:index])),
                    _article_chunk_css(continued=bool(index)),
                ],
                key=f"part-{index + 1}",
                pdf_variant=config.pdf_variant,
                finisher=finisher,
            )
            gc.collect()  # the part's boxes: a web of cycles, freed before the next part
            offset = printed - lead
            for name, (page, top) in laid.anchors.items():
                if page >= lead:
                    destinations.setdefault(name, (offset + page, top))
            bookmarks += [
                Bookmark(mark.level, mark.label, offset + mark.page, mark.top)
                for mark in laid.bookmarks
                if mark.page >= lead
            ]
            parts.append(JoinPart(pdf_bytes(laid), skip=lead))
            printed += laid.pages - lead
        folios = render("pdf/folios.html.j2", lang=lang, direction=direction, pages=printed)
        feet = lay_out(
            HTML(string=folios, base_url=base_url, url_fetcher=fetcher),
            stylesheets=[*stylesheets(1), _folios_css()],
            key="folios",
        )
        if feet.pages != printed:
            raise RuntimeError(f"{feet.pages} folios for {printed} pages")
        programs = programs_for(faces.uses)
    joined = io.BytesIO()
    join_chunks(
        parts,
        destinations=destinations,
        outline=_outline(bookmarks),
        link_scheme=ANCHOR_SCHEME,
        into=joined,
        overlay=pdf_bytes(feet),
        faces=programs,
    )
    return joined.getvalue()
