"""The articles being built, indexed so that a link `/slug` can be resolved to its article."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from convert.errors import ConvertError
from convert.language import FOLDER_LANGUAGES, script_key
from convert.model import ARTICLE_SUFFIXES
from convert.read import decode, read_article, read_meta, repair_meta_text, split_front_matter

# Only for an article without a title in its front matter, parsed to find its first heading.
TITLE_PARSE_TIMEOUT = 30.0


@dataclass(frozen=True)
class Entry:
    slug: str
    title: str
    lang: str
    relpath: PurePosixPath  # under the source folder, without suffix
    digest: str = ""  # sha256 of the file's bytes: what the build cache compares

    @property
    def folder(self) -> PurePosixPath:
        return self.relpath.parent


@dataclass(frozen=True)
class Source:
    path: Path
    relpath: PurePosixPath


def discover(root: Path) -> list[Source]:
    """Every article file under `root`, recursively, in a stable order."""
    found = [
        path
        for path in root.rglob("*")
        if path.suffix.lower() in ARTICLE_SUFFIXES
        and path.is_file()
        and not path.name.startswith(".")
    ]
    return [Source(path, relative_name(path, root)) for path in sorted(found)]


def relative_name(path: Path, root: Path | None) -> PurePosixPath:
    """The output name of an article: its path under `root` without suffix, else its stem."""
    if root is not None:
        try:
            return PurePosixPath(
                path.resolve().relative_to(root.resolve()).with_suffix("").as_posix()
            )
        except ValueError:
            pass
    return PurePosixPath(path.stem)


class Collection:
    def __init__(self, entries: Iterable[Entry]) -> None:
        self._by_slug: dict[str, list[Entry]] = {}
        self._by_relpath: dict[PurePosixPath, Entry] = {}
        for entry in entries:
            self._by_slug.setdefault(entry.slug, []).append(entry)
            self._by_relpath[entry.relpath] = entry

    def entry(self, relpath: PurePosixPath) -> Entry | None:
        """The indexed article at `relpath`; None when its front matter could not be read."""
        return self._by_relpath.get(relpath)

    @classmethod
    def from_sources(
        cls, sources: Iterable[Source], *, folder_languages: Mapping[str, str] = FOLDER_LANGUAGES
    ) -> Collection:
        """Index what can be read of each article's front matter; unreadable ones are left out
        here and reported when they are converted."""
        entries = []
        for source in sources:
            try:
                raw = source.path.read_bytes()
                metadata, body, _ = split_front_matter(decode(raw))
                meta = read_meta(
                    metadata, body, source=source.path, folder_languages=folder_languages
                )
                # Titles as the articles themselves read them: `MD&amp;A` is `MD&A`.
                meta, _ = repair_meta_text(meta, lines={})
                if not meta.title:  # the reader's rule: the first H1, else the file name
                    meta = read_article(
                        source.path,
                        relpath=source.relpath,
                        timeout=TITLE_PARSE_TIMEOUT,
                        folder_languages=folder_languages,
                    ).meta
            except (ConvertError, OSError):
                continue
            title = meta.title
            digest = hashlib.sha256(raw).hexdigest()
            entries.append(Entry(meta.slug, title, meta.lang, source.relpath, digest))
        return cls(entries)

    def resolve(self, slug: str, *, folder: PurePosixPath, lang: str) -> Entry | None:
        """The article a link from `folder` names: same folder first, then same language."""
        candidates = self._by_slug.get(slug, [])
        for entry in candidates:
            if entry.folder == folder:
                return entry
        for entry in candidates:
            if script_key(entry.lang) == script_key(lang):
                return entry
        return None
