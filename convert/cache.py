"""Incremental builds: which outputs are still what a build would write now.

An output is up to date when the article's bytes, the titles its links resolve to (they are
printed in its footnotes), and the build environment (the package's code, styles, templates,
fonts configuration, output options and the versions of pandoc and the libraries) are all what
they were when it was written, and the file is still there. Kept as JSON in the output folder.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from importlib import metadata, resources
from pathlib import Path, PurePosixPath

from convert.assets import fonts_tables, style_folders
from convert.collection import Collection
from convert.config import Config
from convert.output import write_atomically
from convert.resources import file_digest

CACHE_FILE = ".convert-cache.json"
PACKAGE_DIR = Path(str(resources.files("convert")))
LIBRARIES = (
    "pypandoc-binary",
    "weasyprint",
    "pillow",
    "uharfbuzz",
    "panflute",
    "lxml",
    "fonttools",
    "zlib-ng",
)
OUTPUT_OPTIONS = (
    "paper",
    "site_url",
    "pdf_variant",
    "embed_fonts",
    "vertical",
    "source_date_epoch",
    "folder_languages",
)


def _files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def environment_fingerprint(config: Config) -> str:
    """A hash of everything besides the articles that can change an output."""
    digest = hashlib.sha256()
    for folder in (PACKAGE_DIR, *style_folders()):
        for path in _files_under(folder):
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for table in fonts_tables():
        digest.update(hashlib.sha256(table.read_bytes()).digest())
    for library in LIBRARIES:
        try:
            digest.update(f"{library}={metadata.version(library)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{library}=none".encode())
    options = {name: getattr(config, name) for name in OUTPUT_OPTIONS}
    digest.update(json.dumps(options, sort_keys=True, default=str).encode())
    return digest.hexdigest()


@dataclass(frozen=True)
class Record:
    digest: str
    links: dict[str, str | None]
    formats: tuple[str, ...]
    warnings: tuple[str, ...] = ()  # shown again when the article is skipped
    resources: tuple[tuple[str, str], ...] = ()  # (image file, sha256) the outputs include


class BuildCache:
    def __init__(self, out: Path, *, fingerprint: str) -> None:
        self._path = out / CACHE_FILE
        self._fingerprint = fingerprint
        self._records: dict[str, Record] = {}
        try:
            data = json.loads(self._path.read_text("utf-8"))
        except (OSError, ValueError):
            return
        if data.get("fingerprint") != fingerprint:
            return  # the code, styles or options changed: every output is stale
        for key, value in data.get("articles", {}).items():
            self._records[key] = Record(
                value["digest"],
                value["links"],
                tuple(value["formats"]),
                tuple(value.get("warnings", ())),
                tuple((path, digest) for path, digest in value.get("resources", {}).items()),
            )

    def stale_formats(
        self,
        relpath: PurePosixPath,
        formats: tuple[str, ...],
        *,
        collection: Collection,
        outputs: dict[str, Path],
    ) -> tuple[str, ...]:
        """The formats of an article that must be (re)built."""
        record = self._records.get(relpath.as_posix())
        entry = collection.entry(relpath)
        if record is None or entry is None or record.digest != entry.digest:
            return formats
        if any(file_digest(Path(path)) != digest for path, digest in record.resources):
            return formats
        for slug, title in record.links.items():
            target = collection.resolve(slug, folder=entry.folder, lang=entry.lang)
            if (target.title if target else None) != title:
                return formats
        return tuple(
            fmt for fmt in formats if fmt not in record.formats or not outputs[fmt].is_file()
        )

    def remember(
        self,
        relpath: PurePosixPath,
        *,
        digest: str,
        links: dict[str, str | None],
        formats: tuple[str, ...],
        warnings: list[str],
        resources: dict[str, str],
    ) -> None:
        old = self._records.get(relpath.as_posix())
        files = tuple(sorted(resources.items()))
        same = old is not None and (old.digest, old.links, old.resources) == (digest, links, files)
        kept = old.formats if old is not None and same else ()
        merged = tuple(sorted(set(kept) | set(formats)))
        self._records[relpath.as_posix()] = Record(digest, links, merged, tuple(warnings), files)

    def warnings(self, relpath: PurePosixPath) -> list[str]:
        record = self._records.get(relpath.as_posix())
        return list(record.warnings) if record else []

    def withdraw(self, relpath: PurePosixPath, formats: tuple[str, ...]) -> bool:
        """Stop vouching for these outputs of an article (they are about to be rewritten);
        whether the record changed."""
        record = self._records.get(relpath.as_posix())
        if record is None or not set(formats) & set(record.formats):
            return False
        kept = tuple(fmt for fmt in record.formats if fmt not in formats)
        self._records[relpath.as_posix()] = replace(record, formats=kept)
        return True

    def forget(self, relpath: PurePosixPath) -> None:
        self._records.pop(relpath.as_posix(), None)

    def save(self) -> None:
        data = {
            "fingerprint": self._fingerprint,
            "articles": {
                key: {
                    "digest": r.digest,
                    "links": r.links,
                    "formats": list(r.formats),
                    "warnings": list(r.warnings),
                    "resources": dict(r.resources),
                }
                for key, r in sorted(self._records.items())
            },
        }
        text = json.dumps(data, ensure_ascii=False, indent=0)
        write_atomically(self._path, text.encode(), durable=True)
