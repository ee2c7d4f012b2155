"""Images in an e-book: a file from the article's own folder is packaged under an ASCII name;
anything else (missing, remote, not a picture) is replaced by its alternative text, so the book
never refers to a resource outside itself. A book of many articles names each file by its
bytes instead (convert.pictures), through the same `place_pictures`."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import panflute as pf
from PIL import Image, UnidentifiedImageError

from convert.resources import local_resource
from convert.tree import contains
from convert.writers.epub_package import PICTURE_TYPES, Resource

IMAGE_DIR = "images"
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}


def _picture_format(path: Path) -> str | None:
    """The format Pillow reads in the file, when it is one every reading system shows."""
    try:
        with Image.open(path) as image:
            kind = image.format
    except (OSError, UnidentifiedImageError):
        return None
    return kind if kind in PICTURE_TYPES else None


def is_animated(data: bytes) -> bool:
    """Whether a packaged picture moves (an animated GIF, PNG or WebP): it might flash."""
    with Image.open(io.BytesIO(data)) as image:
        return bool(getattr(image, "is_animated", False))


def place_pictures(
    doc: pf.Doc, *, folder: Path, name: Callable[[Path, str], str]
) -> tuple[pf.Doc, dict[Path, str]]:
    """Point each image that is a picture file in `folder` at `name(file, Pillow's format)`
    (asked once a file); every other image becomes its description. Returns the files used,
    with their names."""
    names: dict[Path, str] = {}
    if not contains(doc, (pf.Image, pf.Figure)):
        return doc, names

    def place(elem: pf.Element, doc: pf.Doc) -> pf.Element | list[pf.Element] | None:
        if isinstance(elem, pf.Figure) and not contains(elem, pf.Image):
            return list(elem.content)  # its picture became text; a caption would repeat it
        if not isinstance(elem, pf.Image):
            return None
        path = local_resource(elem.url, folder=folder)
        kind = _picture_format(path) if path else None
        if path is None or kind is None:
            return pf.Span(*elem.content, classes=["missing-image"])
        if path not in names:
            names[path] = name(path, kind)
        elem.url = names[path]
        return elem

    return doc.walk(place), names


def package_images(doc: pf.Doc, *, folder: Path) -> tuple[pf.Doc, list[Resource]]:
    """Point each usable image at its packaged copy; return the copies to add to the book."""
    kinds: dict[Path, str] = {}

    def numbered(path: Path, kind: str) -> str:
        kinds[path] = kind
        return f"{IMAGE_DIR}/image-{len(kinds)}.{EXTENSIONS[kind]}"

    doc, names = place_pictures(doc, folder=folder, name=numbered)
    resources = [
        Resource(
            id=href.removeprefix(f"{IMAGE_DIR}/").rsplit(".", 1)[0],
            href=href,
            media_type=PICTURE_TYPES[kinds[path]],
            data=path.read_bytes(),
        )
        for path, href in names.items()
    ]
    return doc, resources
