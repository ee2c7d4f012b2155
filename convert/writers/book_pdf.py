"""A printed book in chunks: each chunk of articles is laid out by WeasyPrint on its own and its
PDF written (`pdf_layout`), with placeholders for the faces; the chunks' PDFs are joined by
`pdf_join`, each face subset once for the whole volume."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from weasyprint import CSS, HTML

from convert.assets import depends_on_assets, style_file, style_folders
from convert.config import Config
from convert.fetcher import LocalFilesOnly
from convert.fonts import fonts_for
from convert.output import partial_file
from convert.typeset.font_subset import faces_shared
from convert.writers.html import font_css, render
from convert.writers.pdf_layout import (
    LaidOut,
    chunk_css,
    lay_out,
    paper_css,
    print_stylesheet,
)


@dataclass(frozen=True)
class Chunk:
    """One part of a book to lay out: its HTML and where its pages fall in the book."""

    key: str
    html: str
    lang: str
    start: int  # the number of its first page
    front: bool = False  # the title page and contents: no running heads on its first page
    write: bool = False  # also make its PDF (the second pass)
    folders: tuple[Path, ...] = ()  # its articles' folders, where its pictures are read from
    scratch: Path | None = None  # write the PDF there as a temporary file (else return it)
    book: str = ""  # the book's name, which that file's name starts with (remove_partial_files)


@depends_on_assets
@functools.cache
def _book_stylesheet() -> CSS:
    return CSS(filename=str(style_file("book/pdf/book.css")))


def lay_out_chunk(chunk: Chunk, *, config: Config) -> LaidOut:
    stylesheets = [
        print_stylesheet(),
        _book_stylesheet(),
        CSS(string=font_css(fonts_for(chunk.lang))),
        paper_css(config.paper, first_page=chunk.start),
        chunk_css(first_page=chunk.start),
        CSS(string=render("book/pdf/chunk.css.j2", front=chunk.front)),
    ]
    fetcher = LocalFilesOnly(*style_folders(), *chunk.folders)
    page = HTML(string=chunk.html, base_url=str(style_folders()[-1]) + "/", url_fetcher=fetcher)
    into = None
    if chunk.write and chunk.scratch is not None:
        into = partial_file(chunk.scratch, f"{chunk.book}.{chunk.key}.pdf")
    # Notes are kept on their call's page by the hook the PDF writer installs (typeset/footnotes).
    # The chunks share each face, subset once for the glyphs of all when they are joined.
    with faces_shared() as faces:
        laid = lay_out(
            page,
            stylesheets=stylesheets,
            key=chunk.key,
            write=chunk.write,
            into=into,
            pdf_variant=config.pdf_variant,
        )
    laid.faces = faces.uses
    return laid
