"""What a book holds: a folder of articles, or a manifest naming its title, language, articles
(folders, globs or files), their order, and optional sections and front and back matter text. A
manifest is a `book.toml`, or a `[[books]]` table of the project's settings: both are checked
here, key by key, when read; a bad one stops the run before any article is read."""

from __future__ import annotations

import glob
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
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


class BookProblem(ValueError):
    """What is wrong with one key of a book's table (a manifest, or a book of the settings)."""

    def __init__(self, key: str, problem: str, value: object = None) -> None:
        super().__init__(f"{key}: {problem}")
        self.key, self.problem, self.value = key, problem, value


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
    manifest: Path | None = None  # the file the book is described in (book.toml, convert.toml)
    origin: str = ""  # how messages name where the book is described; default: the manifest


def _strings(value: object, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise BookProblem(key, "must be a string or a list of strings", value)
    return tuple(value)


def _text(table: Mapping[str, object], key: str, default: str = "", *, within: str = "") -> str:
    value = table.get(key, default)
    if not isinstance(value, str):
        raise BookProblem(within + key, "must be a string", value)
    return value


def book_spec(
    table: Mapping[str, object],
    *,
    root: Path,
    default_name: str | None,
    default_articles: tuple[str, ...] | None = (".",),
) -> BookSpec:
    """The book a manifest's table describes, every key checked; the first problem is a
    BookProblem naming the key. A default of None makes the key required."""
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise BookProblem(unknown[0], f"is unknown; the keys are {', '.join(sorted(KEYS))}")
    order = _text(table, "order", "collation")
    if order not in ORDERS:
        raise BookProblem("order", f"must be one of {', '.join(ORDERS)}", order)
    raw_sections = table.get("sections", [])
    if not isinstance(raw_sections, list):
        raise BookProblem("sections", "must be a list of tables ([[sections]])")
    sections = []
    for number, section in enumerate(raw_sections, start=1):
        key = f"sections[{number}]"
        if not isinstance(section, dict) or set(section) - {"title", "articles"}:
            raise BookProblem(key, "needs title and articles only")
        sections.append(
            SectionSpec(
                _text(section, "title", within=f"{key}."),
                _strings(section.get("articles"), f"{key}.articles"),
            )
        )
    if "name" not in table and default_name is None:
        raise BookProblem("name", "is required for a book listed here")
    name = _text(table, "name", default_name or "")
    if not name or "/" in name or name.startswith("."):
        raise BookProblem("name", "must be a file name", name)
    language = table.get("language")
    if language is not None and not isinstance(language, str):
        raise BookProblem("language", "must be a string", language)
    if "articles" in table:
        articles = _strings(table["articles"], "articles")
    elif sections:
        articles = ()
    elif default_articles is None:
        raise BookProblem("articles", "is required for a book listed here (or [[sections]])")
    else:
        articles = default_articles
    return BookSpec(
        name=name,
        title=_text(table, "title", name),
        subtitle=_text(table, "subtitle"),
        root=root,
        articles=articles,
        language=language,
        order=order,
        sections=tuple(sections),
        front_matter=_text(table, "front_matter"),
        back_matter=_text(table, "back_matter"),
    )


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
    try:
        spec = book_spec(table, root=path.parent, default_name=path.resolve().parent.name)
    except BookProblem as problem:
        raise BookError(f"{path}: {problem}") from None
    return replace(spec, manifest=path, origin=str(path))


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
                raise BookError(f"{spec.origin or spec.root}: {pattern}: names no article")
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


def chosen_books(
    target: str | None, *, listed: tuple[BookSpec, ...], source: Path
) -> list[BookSpec]:
    """What `convert book [TARGET]` makes: the book of the settings named TARGET, else the
    folder or manifest at TARGET; with no TARGET, every book the settings list, else the
    settings' source folder as one book."""
    if target is None:
        return list(listed) if listed else [load_book(source)]
    named = [book for book in listed if book.name == target]
    if named:
        return named
    if Path(target).exists():
        return [load_book(Path(target))]
    known = f"; the settings' books: {', '.join(b.name for b in listed)}" if listed else ""
    raise BookError(f"{target}: no such folder or manifest, and no book of that name{known}")
