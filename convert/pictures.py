"""Pictures carried into a DOCX or a book: each picture file an article shows from its own folder
(as `convert all` accepts them) gets a name from its bytes, `images/<sha256>.png`, the same in
every article and every format, so a file two articles of a book show is carried once; any
other picture becomes its description. pandoc's Word writer is given the files under those
names, a book's EPUB packages each name once, and its PDF's chunks read them from their
articles' folders."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import panflute as pf

from convert.writers.epub_images import EXTENSIONS, IMAGE_DIR, place_pictures
from convert.writers.epub_package import PICTURE_TYPES

DIGEST_CHARACTERS = 24  # of the sha256 in a picture's name: 96 bits, no two files alike


@dataclass(frozen=True)
class Picture:
    name: str  # images/<sha256>.<ext>: where every format of the book refers to it
    path: Path  # the file, inside its article's folder
    media_type: str
    digest: str  # the file's sha256


def name_pictures(doc: pf.Doc, *, folder: Path) -> tuple[pf.Doc, tuple[Picture, ...]]:
    """Point each usable picture of an article in `folder` at its name in the book."""
    found: dict[Path, Picture] = {}

    def by_bytes(path: Path, kind: str) -> str:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        name = f"{IMAGE_DIR}/{digest[:DIGEST_CHARACTERS]}.{EXTENSIONS[kind]}"
        found[path] = Picture(name, path, PICTURE_TYPES[kind], digest)
        return name

    doc, _ = place_pictures(doc, folder=folder, name=by_bytes)
    return doc, tuple(found.values())


def point_pictures_at_files(doc: pf.Doc, pictures: Iterable[Picture]) -> pf.Doc:
    """The PDF: each picture's name replaced by its file's URL (the chunk's fetcher reads it
    from the article's folder, and from nowhere else)."""
    files = {picture.name: picture.path.as_uri() for picture in pictures}
    if not files:
        return doc

    def point(elem: pf.Element, doc: pf.Doc) -> None:
        if isinstance(elem, pf.Image) and elem.url in files:
            elem.url = files[elem.url]

    return doc.walk(point)


def each_once(pictures: Iterable[Picture]) -> list[Picture]:
    """The book's pictures, each name once, in the order of their names."""
    return sorted({picture.name: picture for picture in pictures}.values(), key=lambda p: p.name)
