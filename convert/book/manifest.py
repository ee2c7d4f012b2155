"""What a book holds: a folder of articles, or a manifest (`book.toml`) naming its title,
language, articles (folders, globs or files), their order, and optional sections and front and
back matter text. Checked when read: a bad manifest stops the run before any article is read."""

from __future__ import annotations

import glob
import tomllib
from dataclasses import dataclass
from pathlib import Path

from convert.collection import Source, discover, relative_name
from convert.model import ARTICLE_SUFFIXES

MANIFEST = "book.toml"
ORDERS = ("collation", "manifest")
KEYS = {
    "name",
    "title",
    "subtitle",
    "language",
    "articles",
    "order",
    "sections",
    "front_matter",
    "back_matter",
}


class BookError(Exception):
    """A manifest no book can be made from (exit 2)."""


@dataclass(frozen=True)
class SectionSpec:
    title: str
    articles: tuple[str, ...]


@dataclass(frozen=True)
class BookSpec:
    name: str
    title: str
    root: Path  # the manifest's folder, or the book's folder: article paths are relative to it
    articles: tuple[str, ...] = (".",)
    subtitle: str = ""
    language: str | None = None  # None: the language most of its articles are in
    order: str = "collation"
    sections: tuple[SectionSpec, ...] = ()
    front_matter: str = ""
    back_matter: str = ""
    manifest: Path | None = None


def _strings(value: object, key: str, where: Path) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise BookError(f"{where}: {key}: must be a string or a list of strings")
    return tuple(value)


def _text(table: dict[str, object], key: str, where: Path, default: str = "") -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise BookError(f"{where}: {key}: must be a string")
    return value


def load_book(target: Path) -> BookSpec:
    """The book a folder (all its articles) or a manifest file describes."""
    if target.is_dir() and not (target / MANIFEST).is_file():
        name = target.resolve().name
        return BookSpec(name=name, title=name, root=target)
    path = target / MANIFEST if target.is_dir() else target
    try:
        table = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise BookError(f"{path}: cannot read the manifest: {error}") from error
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise BookError(f"{path}: unknown key {unknown[0]!r}; known: {', '.join(sorted(KEYS))}")
    order = _text(table, "order", path, "collation")
    if order not in ORDERS:
        raise BookError(f"{path}: order: must be one of {', '.join(ORDERS)}")
    sections = []
    for number, section in enumerate(table.get("sections", []), start=1):
        if not isinstance(section, dict) or set(section) - {"title", "articles"}:
            raise BookError(f"{path}: sections[{number}]: needs title and articles only")
        sections.append(
            SectionSpec(
                _text(section, "title", path), _strings(section.get("articles"), "articles", path)
            )
        )
    name = _text(table, "name", path, path.resolve().parent.name)
    if not name or "/" in name or name.startswith("."):
        raise BookError(f"{path}: name: must be a file name")
    language = table.get("language")
    if language is not None and not isinstance(language, str):
        raise BookError(f"{path}: language: must be a string")
    articles = table.get("articles", ".")
    return BookSpec(
        name=name,
        title=_text(table, "title", path, name),
        subtitle=_text(table, "subtitle", path),
        root=path.parent,
        articles=_strings(articles, "articles", path)
        if not sections or "articles" in table
        else (),
        language=language,
        order=order,
        sections=tuple(sections),
        front_matter=_text(table, "front_matter", path),
        back_matter=_text(table, "back_matter", path),
        manifest=path,
    )


def _expand(pattern: str, root: Path) -> list[Path]:
    """A folder (its articles, recursively), a glob, or one file; in a stable order."""
    target = root / pattern
    if target.is_dir():
        return [source.path for source in discover(target)]
    if target.is_file():
        return [target]
    found = sorted(Path(name) for name in glob.glob(str(root / pattern), recursive=True))
    found = [path for path in found if path.is_file()]
    return [path for path in found if path.suffix.lower() in ARTICLE_SUFFIXES]


def select_sources(spec: BookSpec) -> tuple[list[Source], list[tuple[str, list[Source]]]]:
    """The book's articles, each once (first mention wins), in the manifest's order; and the
    manifest's sections with theirs."""
    seen: dict[Path, Source] = {}

    def take(patterns: tuple[str, ...]) -> list[Source]:
        taken = []
        for pattern in patterns:
            paths = _expand(pattern, spec.root)
            if not paths:
                raise BookError(f"{spec.manifest or spec.root}: {pattern}: names no article")
            for path in paths:
                key = path.resolve()
                if key not in seen:
                    seen[key] = Source(path, relative_name(path, spec.root))
                    taken.append(seen[key])
        return taken

    sections = [(section.title, take(section.articles)) for section in spec.sections]
    rest = take(spec.articles)
    if rest and sections:
        sections.append(("", rest))
    everything = [source for _, members in sections for source in members] if sections else rest
    return everything, sections
