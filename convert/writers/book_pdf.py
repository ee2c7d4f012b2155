"""A printed book in chunks: each chunk of articles is laid out by WeasyPrint on its own (one
long layout grows faster than linearly and holds every page in memory), then the chunks' PDFs
are joined into one, with the book's outline, named destinations and cross-reference links."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
from weasyprint import CSS, HTML

from convert import __version__
from convert.assets import depends_on_assets, style_file, style_folders
from convert.config import Config
from convert.fetcher import LocalFilesOnly
from convert.fonts import fonts_for
from convert.output import partial_file
from convert.paper import PAPERS, Margins
from convert.passes.link_book_articles import BOOK_SCHEME
from convert.writers.html import font_css, render
from convert.writers.pdf import _collector_paused, _font_config, _stylesheet

PX_TO_PT = 0.75


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

    @property
    def starts_on_left(self) -> bool:
        return self.start % 2 == 0


@dataclass
class LaidOut:
    key: str
    pages: int = 0
    anchors: dict[str, tuple[int, float]] = field(default_factory=dict)  # id → page, top (pt)
    pdf: Path | bytes | None = None  # the chunk's PDF: a temporary file in `scratch`, or bytes


@depends_on_assets
@functools.cache
def _book_stylesheet() -> CSS:
    return CSS(filename=str(style_file("book/pdf/book.css")))


def _chunk_css(chunk: Chunk, config: Config) -> CSS:
    paper = PAPERS[config.paper]
    margins = paper.margins
    if chunk.starts_on_left:  # WeasyPrint takes a document's first page for a right-hand one
        margins = Margins(margins.top, margins.bottom, inner=margins.outer, outer=margins.inner)
    css = render(
        "book/pdf/chunk.css.j2",
        size=paper.css_size,
        margins=margins,
        start=chunk.start,
        front=chunk.front,
    )
    return CSS(string=css)


def lay_out_chunk(chunk: Chunk, *, config: Config) -> LaidOut:
    stylesheets = [
        _stylesheet(),
        _book_stylesheet(),
        CSS(string=font_css(fonts_for(chunk.lang))),
        _chunk_css(chunk, config),
    ]
    fetcher = LocalFilesOnly(*style_folders(), *chunk.folders)
    page = HTML(string=chunk.html, base_url=str(style_folders()[-1]) + "/", url_fetcher=fetcher)
    # Notes are kept on their call's page by the hook the PDF writer installs (typeset/footnotes).
    with _collector_paused():
        document = page.render(stylesheets=stylesheets, font_config=_font_config())
    result = LaidOut(chunk.key, pages=len(document.pages))
    for number, laid in enumerate(document.pages):
        for name, position in laid.anchors.items():
            result.anchors.setdefault(name, (number, position[1] * PX_TO_PT))
    if chunk.write and chunk.scratch is not None:
        result.pdf = partial_file(chunk.scratch, f"{chunk.key}.pdf")
        document.write_pdf(result.pdf, pdf_variant=config.pdf_variant)
    elif chunk.write:
        result.pdf = document.write_pdf(pdf_variant=config.pdf_variant)
    return result


@dataclass(frozen=True)
class OutlineEntry:
    title: str
    id: str
    children: tuple[OutlineEntry, ...] = ()


def _blank_page(pdf: pikepdf.Pdf, like: pikepdf.Page) -> pikepdf.Page:
    box = pikepdf.Array([float(value) for value in like.mediabox])
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=box,
        Resources=pikepdf.Dictionary(),
        Contents=pdf.make_stream(b""),
    )
    return pikepdf.Page(pdf.make_indirect(page))


def join_chunks(
    parts: list[tuple[Path, int]],
    *,
    destinations: dict[str, tuple[int, float]],
    outline: list[OutlineEntry],
    title: str,
    lang: str,
    into: Path,
) -> None:
    """Join the chunks' PDFs into the file `into`. `parts`: each chunk's PDF file and the blank
    pages to put before it; `destinations`: each id's page (0-based, in the joined PDF) and top.
    Links to `book:id` become links to the named destination `id`; an id with no destination
    (its article is in another volume) keeps no link. The pages' contents, fonts and pictures
    are read from the chunks' files only as the joined file is written, never all held."""
    joined = pikepdf.Pdf.new()
    sources = []
    for path, blanks in parts:
        source = pikepdf.Pdf.open(path)
        sources.append(source)
        for _ in range(blanks):
            joined.pages.append(_blank_page(joined, source.pages[0]))
        joined.pages.extend(source.pages)
    pages = joined.pages
    names = []
    for name in sorted(destinations):
        index, top = destinations[name]
        if index >= len(pages):
            continue
        height = float(pages[index].mediabox[3])
        names += [
            pikepdf.String(name),
            pikepdf.Array(
                [pages[index].obj, pikepdf.Name.XYZ, 0, height - top, pikepdf.Object.parse(b"null")]
            ),
        ]
    joined.Root.Names = pikepdf.Dictionary(Dests=pikepdf.Dictionary(Names=pikepdf.Array(names)))
    for page in pages:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            if action is None or action.get("/S") != pikepdf.Name.URI:
                continue
            uri = str(action.get("/URI", ""))
            if not uri.startswith(BOOK_SCHEME):
                continue
            target = uri.removeprefix(BOOK_SCHEME)
            if target in destinations:
                annotation.A = pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.String(target))
            else:
                del annotation["/A"]
    with joined.open_outline() as tree:
        for entry in outline:
            if entry.id not in destinations:
                continue
            item = pikepdf.OutlineItem(entry.title, destinations[entry.id][0])
            item.children.extend(
                pikepdf.OutlineItem(child.title, destinations[child.id][0])
                for child in entry.children
                if child.id in destinations
            )
            tree.root.append(item)
    joined.docinfo["/Title"] = title
    joined.docinfo["/Creator"] = f"convert {__version__}"
    joined.Root.Lang = pikepdf.String(lang)
    joined.save(into, deterministic_id=True, compress_streams=True)
    for source in sources:
        source.close()
