"""Chunks of a long document, each laid out by WeasyPrint on its own (one layout of a long
document grows faster than linearly and holds every page in memory), joined into one PDF with
pikepdf: the pages in order, one outline, the named destinations of the whole, links between
chunks made links to those destinations, and anything drawn over every page."""

from __future__ import annotations

import io
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import pikepdf

NULL = pikepdf.Object.parse(b"null")


@dataclass(frozen=True)
class JoinPart:
    """A chunk's PDF (a file, or its bytes), the blank pages to put before it and how many of its
    first pages to leave out."""

    pdf: Path | bytes
    blanks: int = 0
    skip: int = 0


@dataclass(frozen=True)
class OutlineEntry:
    """A bookmark: to the named destination `id`, or to `at` (page, 0-based in the joined PDF,
    and top in pt) for one that has no name."""

    title: str
    id: str = ""
    children: tuple[OutlineEntry, ...] = ()
    at: tuple[int, float] | None = None


def _blank_page(pdf: pikepdf.Pdf, like: pikepdf.Page) -> pikepdf.Page:
    box = pikepdf.Array([float(value) for value in like.mediabox])
    page = pikepdf.Dictionary(
        Type=pikepdf.Name.Page,
        MediaBox=box,
        Resources=pikepdf.Dictionary(),
        Contents=pdf.make_stream(b""),
    )
    return pikepdf.Page(pdf.make_indirect(page))


def _destination(page: pikepdf.Page, top: float) -> pikepdf.Array:
    return pikepdf.Array([page.obj, pikepdf.Name.XYZ, 0, float(page.mediabox[3]) - top, NULL])


def _outline_item(
    entry: OutlineEntry, destinations: dict[str, tuple[int, float]], pages: pikepdf.PageList
) -> pikepdf.OutlineItem | None:
    at = entry.at if entry.at is not None else destinations.get(entry.id)
    if at is None or at[0] >= len(pages):
        return None
    top = float(pages[at[0]].mediabox[3]) - at[1]
    item = pikepdf.OutlineItem(entry.title, at[0], pikepdf.PageLocation.XYZ, left=0, top=top)
    for child in entry.children:
        found = _outline_item(child, destinations, pages)
        if found is not None:
            item.children.append(found)
    return item


def _own_copy(value: object) -> pikepdf.Dictionary:
    return pikepdf.Dictionary(dict(value.items()) if isinstance(value, pikepdf.Dictionary) else {})


def _draw_over(joined: pikepdf.Pdf, overlay: pikepdf.Pdf) -> None:
    """Draw each page of `overlay` over the joined page of the same number, as a form. WeasyPrint's
    pages share one resource dictionary: each gets its own first, so that each names its own
    form."""
    for page, over in zip(joined.pages, overlay.pages, strict=True):
        resources = _own_copy(page.obj.get("/Resources"))
        resources.XObject = _own_copy(resources.get("/XObject"))
        page.obj.Resources = resources
        form = joined.copy_foreign(over.as_form_xobject())
        page.add_overlay(form, pikepdf.Rectangle(page.mediabox))


def _put_faces(joined: pikepdf.Pdf, faces: dict[bytes, bytes]) -> None:
    """Each face program that is a placeholder (`typeset.font_subset.faces_shared`) replaced by
    the program it stands for, one stream for all the parts."""
    streams: dict[bytes, pikepdf.Object] = {}
    for descriptor in joined.objects:
        if not isinstance(descriptor, pikepdf.Dictionary):
            continue
        if descriptor.get("/Type") != pikepdf.Name.FontDescriptor:
            continue
        for key in ("/FontFile2", "/FontFile3"):
            placeholder = descriptor.get(key)
            if not isinstance(placeholder, pikepdf.Stream):
                continue
            data = placeholder.read_bytes()
            if data not in faces:
                continue
            if data not in streams:
                program = joined.make_stream(faces[data])
                for name, value in placeholder.stream_dict.items():
                    if name not in ("/Length", "/Filter", "/DecodeParms"):
                        program[name] = value
                if "/Length1" in program:
                    program.Length1 = len(faces[data])
                streams[data] = program
            descriptor[key] = streams[data]


def _join_pages(joined: pikepdf.Pdf, parts: list[JoinPart], sources: list[pikepdf.Pdf]) -> None:
    """The first part's PDF, `joined`, given the pages of the others, and the blank pages."""
    first = parts[0]
    for _ in range(first.skip):
        del joined.pages[0]
    for _ in range(first.blanks):
        joined.pages.insert(0, _blank_page(joined, joined.pages[0]))
    for part, source in zip(parts[1:], sources[1:], strict=True):
        for _ in range(part.blanks):
            joined.pages.append(_blank_page(joined, source.pages[0]))
        joined.pages.extend(source.pages[part.skip :])


def _name_destinations(joined: pikepdf.Pdf, destinations: dict[str, tuple[int, float]]) -> None:
    pages = joined.pages
    names = []
    for name in sorted(destinations):
        index, top = destinations[name]
        if index < len(pages):
            names += [pikepdf.String(name), _destination(pages[index], top)]
    tree = joined.Root.get("/Names", pikepdf.Dictionary())
    tree.Dests = pikepdf.Dictionary(Names=pikepdf.Array(names))
    joined.Root.Names = tree


def _link_to_destinations(
    joined: pikepdf.Pdf, scheme: str, destinations: dict[str, tuple[int, float]]
) -> None:
    for page in joined.pages:
        for annotation in page.obj.get("/Annots", []):
            action = annotation.get("/A")
            if action is None or action.get("/S") != pikepdf.Name.URI:
                continue
            uri = str(action.get("/URI", ""))
            if not uri.startswith(scheme):
                continue
            target = uri.removeprefix(scheme)
            if target in destinations:
                annotation.A = pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=pikepdf.String(target))
            else:
                del annotation["/A"]


def _drop_tags(joined: pikepdf.Pdf) -> None:
    """A tagged first part's structure tree describes its own pages only, and every part numbers
    its pages' structure from 0: the joined PDF is left untagged rather than wrongly tagged, and
    without the metadata that claim it (pdf/ua-1; a long article is laid out whole for it)."""
    for key in ("/StructTreeRoot", "/MarkInfo", "/Metadata"):
        if key in joined.Root:
            del joined.Root[key]


def join_chunks(
    parts: list[JoinPart],
    *,
    destinations: dict[str, tuple[int, float]],
    outline: list[OutlineEntry],
    link_scheme: str,
    into: Path | BinaryIO,
    overlay: bytes | None = None,
    faces: dict[bytes, bytes] | None = None,
) -> None:
    """The parts' pages joined into the file `into`. A part's pages, fonts and pictures are read
    from its file only as the joined file is written, never all held. The document's own
    metadata (title, language, viewer preferences, the PDF variant's metadata and output intent)
    are the first part's, as WeasyPrint wrote them; not its structure tree (`_drop_tags`).
    `destinations`: each id's page (0-based, in the joined PDF) and top; they replace the parts'
    own. A link to `<link_scheme>id` becomes a link to the destination `id`; one to an id with
    no destination keeps no link. `overlay`: a PDF with a page for each joined page, drawn over
    it. `faces`: the programs of the faces the parts (and the overlay) share, by the placeholder
    they embed instead."""
    sources = [
        pikepdf.Pdf.open(io.BytesIO(part.pdf) if isinstance(part.pdf, bytes) else part.pdf)
        for part in parts
    ]
    joined = sources[0]
    if "/StructTreeRoot" in joined.Root and len(parts) > 1:
        _drop_tags(joined)
    _join_pages(joined, parts, sources)
    _name_destinations(joined, destinations)
    _link_to_destinations(joined, link_scheme, destinations)
    with joined.open_outline() as tree:
        tree.root.clear()
        for entry in outline:
            item = _outline_item(entry, destinations, joined.pages)
            if item is not None:
                tree.root.append(item)
    if overlay is not None:
        _draw_over(joined, pikepdf.Pdf.open(io.BytesIO(overlay)))
    if faces:
        _put_faces(joined, faces)
    joined.save(
        into,
        deterministic_id=True,
        compress_streams=True,
        object_stream_mode=pikepdf.ObjectStreamMode.generate,
    )
    for source in sources:
        source.close()


def join_chunks_apart(parts: list[JoinPart], *, into: Path, **options: Any) -> None:
    """`join_chunks` in a fresh process of its own. qpdf keeps several KB for each object of
    every chunk until the joined file is written (about 150 KB an article of a book); there it
    never adds to the caller's memory, and all of it is given back when the process ends."""
    with ProcessPoolExecutor(
        max_workers=1, mp_context=multiprocessing.get_context("spawn")
    ) as pool:
        pool.submit(join_chunks, parts, into=into, **options).result()
