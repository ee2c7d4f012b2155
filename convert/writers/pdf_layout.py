"""Laying a document out with WeasyPrint, as every PDF of a process does (an article, a long
article's chunks, a book's chunks): the typesetting hooks installed, the print stylesheet parsed
and one font configuration made once per process, the collector paused while boxes are made;
and what a layout tells about its pages (anchors, bookmarks) kept beside its PDF."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from convert.assets import depends_on_assets, style_file
from convert.paper import PAPERS, Margins
from convert.typeset import font_subset, footnote_area, footnotes, hyphenation, justify
from convert.typeset.font_subset import FaceUse
from convert.writers.html import render

justify.install()
font_subset.install()
footnote_area.install()
footnotes.install()
hyphenation.install()

PX_TO_PT = 0.75


@depends_on_assets
@functools.cache
def print_stylesheet() -> CSS:
    return CSS(filename=str(style_file("pdf/print.css")))


@depends_on_assets
@functools.cache
def right_to_left_stylesheet() -> CSS:
    return CSS(filename=str(style_file("pdf/rtl.css")))


@functools.cache
def font_config() -> FontConfiguration:
    """One per process: WeasyPrint would load fontconfig's configuration and open every face
    anew for each document. The styles declare no @font-face, so nothing accumulates in it."""
    return FontConfiguration()


@contextmanager
def collector_paused() -> Iterator[None]:
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


def paper_css(paper: str, *, first_page: int = 1) -> CSS:
    """The paper's size and margins, mirrored for duplex printing, for a document whose first
    page is page `first_page` of the whole. WeasyPrint takes a document's first page for a
    right-hand one (a left-hand one right to left, as page 1 of such an article is too), so a
    part starting on an even page gets its margins swapped."""
    margins = PAPERS[paper].margins
    if first_page % 2 == 0:
        margins = Margins(margins.top, margins.bottom, inner=margins.outer, outer=margins.inner)
    return CSS(string=render("pdf/paper.css.j2", size=PAPERS[paper].css_size, margins=margins))


def chunk_css(*, first_page: int, notes_before: int = 0) -> CSS:
    """A part of a longer document laid out on its own: the number of its first page and the
    footnotes before it, so that its numbers go on from the part before."""
    return CSS(string=render("pdf/chunk.css.j2", start=first_page, notes=notes_before))


@dataclass(frozen=True)
class Bookmark:
    level: int
    label: str
    page: int  # 0-based, in the document laid out
    top: float  # pt from the page's top


@dataclass
class LaidOut:
    key: str
    pages: int = 0
    anchors: dict[str, tuple[int, float]] = field(default_factory=dict)  # id → page, top (pt)
    bookmarks: list[Bookmark] = field(default_factory=list)
    pdf: Path | bytes | None = None  # the PDF: a file, or its bytes
    faces: dict[bytes, FaceUse] = field(default_factory=dict)  # shared, by placeholder


def lay_out(
    page: HTML,
    *,
    stylesheets: list[CSS],
    key: str = "",
    write: bool = True,
    into: Path | None = None,
    pdf_variant: str | None = None,
    finisher: Callable[[Any, Any], None] | None = None,
) -> LaidOut:
    """Lay the document out; with `write`, also make its PDF, as the file `into` if given, else
    as bytes. Its boxes are freed by the next collection once the result is returned."""
    with collector_paused():
        document = page.render(stylesheets=stylesheets, font_config=font_config())
    result = LaidOut(key, pages=len(document.pages))
    for number, laid in enumerate(document.pages):
        for name, position in laid.anchors.items():
            result.anchors.setdefault(name, (number, position[1] * PX_TO_PT))
        result.bookmarks.extend(
            Bookmark(level, label, number, y * PX_TO_PT)
            for level, label, (_, y), _ in laid.bookmarks
        )
    if write and into is not None:
        document.write_pdf(into, pdf_variant=pdf_variant, finisher=finisher)
        result.pdf = into
    elif write:
        result.pdf = document.write_pdf(pdf_variant=pdf_variant, finisher=finisher)
    return result


def pdf_bytes(laid: LaidOut) -> bytes:
    """The PDF of a document laid out and written to no file."""
    if not isinstance(laid.pdf, bytes):
        raise TypeError(f"{laid.key or 'the document'}: no PDF in memory")
    return laid.pdf


def warm_up() -> None:
    """Pay the one-off costs in a worker before its first article: the stylesheet's parse and
    the font configuration."""
    print_stylesheet()
    font_config()
