"""Images in an e-book: a file from the article's own folder is packaged under an ASCII name;
anything else (missing, remote, not a picture) is replaced by its alternative text, so the book
never refers to a resource outside itself."""

from __future__ import annotations

import io
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


def package_images(doc: pf.Doc, *, folder: Path) -> tuple[pf.Doc, list[Resource]]:
    """Point each usable image at its packaged copy; return the copies to add to the book."""
    packaged: dict[Path, Resource] = {}
    if not contains(doc, (pf.Image, pf.Figure)):
        return doc, []

    def place(elem: pf.Element, doc: pf.Doc) -> pf.Element | list[pf.Element] | None:
        if isinstance(elem, pf.Figure) and not contains(elem, pf.Image):
            return list(elem.content)  # its picture became text; a caption would repeat it
        if not isinstance(elem, pf.Image):
            return None
        path = local_resource(elem.url, folder=folder)
        kind = _picture_format(path) if path else None
        if path is None or kind is None:
            return pf.Span(*elem.content, classes=["missing-image"])
        if path not in packaged:
            number = len(packaged) + 1
            packaged[path] = Resource(
                id=f"image-{number}",
                href=f"{IMAGE_DIR}/image-{number}.{EXTENSIONS[kind]}",
                media_type=PICTURE_TYPES[kind],
                data=path.read_bytes(),
            )
        elem.url = packaged[path].href
        return elem

    doc = doc.walk(place)
    return doc, list(packaged.values())
