"""Which files an article may bring into its outputs: only files inside its own folder. Nothing
else on the machine is read and nothing is fetched from the network."""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import unquote, urlsplit

import panflute as pf

from convert.tree import contains, elements


def local_resource(url: str, *, folder: Path) -> Path | None:
    """The file a relative URL names inside `folder`, or None when it names anything else: a
    remote host, another scheme, an absolute path, a place outside the folder, a missing file."""
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    root = folder.resolve()
    candidate = (root / unquote(parts.path)).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate


def keep_local_images(doc: pf.Doc, *, folder: Path) -> list[str]:
    """Replace every image that is not a file in `folder` by its description; say which."""
    refused: list[str] = []
    if not contains(doc, pf.Image):
        return refused

    def replace(elem: pf.Element, doc: pf.Doc) -> list[pf.Element] | None:
        if isinstance(elem, pf.Image) and local_resource(elem.url, folder=folder) is None:
            refused.append(elem.url)
            return list(elem.content)
        return None

    doc.walk(replace)
    return [
        f"image not in the article's folder, its description kept: {url:.80}" for url in refused
    ]


def local_files(doc: pf.Doc, *, folder: Path) -> list[Path]:
    """The files in `folder` that the article's images use, each once."""
    found: dict[Path, None] = {}
    for elem in elements(doc):
        if isinstance(elem, pf.Image):
            path = local_resource(elem.url, folder=folder)
            if path is not None:
                found[path] = None
    return list(found)


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes; '' when it cannot be read (so it never matches a real one)."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""
