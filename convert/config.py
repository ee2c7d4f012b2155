"""Settings of the user's project: `convert.toml`, or `[tool.convert]` in `pyproject.toml`, found
from the working folder upward (as ruff and black find theirs), checked once at start, then
overridden by command-line options. Paths in the file are relative to the file's folder."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from convert.language import FOLDER_LANGUAGES, is_valid_tag, normalize_tag
from convert.paper import PAPER_NAMES
from convert.reproducible import epoch_from_environment

if TYPE_CHECKING:
    from convert.book.manifest import BookSpec

SETTINGS_FILE = "convert.toml"
PYPROJECT = "pyproject.toml"
PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3b")


class SettingsError(Exception):
    """A setting no build can use: the run stops before any article is read (exit 2)."""


@dataclass(frozen=True)
class Config:
    project: Path = Path(".")  # the folder of the settings file, else the working folder
    source: Path = Path("seeds")
    out: Path = Path("dist")
    formats: tuple[str, ...] = ("pdf", "epub", "docx")
    site_url: str = ""
    paper: str = "a4"
    pandoc_timeout: float = 30.0
    render_timeout: float = 120.0  # one article's whole conversion, in a worker
    pdf_variant: str | None = None  # e.g. "pdf/ua-1"
    embed_fonts: bool = True  # EPUB: subset and embed the faces
    vertical: bool = False  # EPUB: vertical writing for Japanese
    jobs: int = 0  # worker processes; 0: one per core
    force: bool = False  # rebuild even when nothing changed
    styles: Path | None = None  # the project's own templates and CSS, file by file over ours
    fonts: Path | None = None  # the project's own fonts table, over ours language by language
    max_article_bytes: int = 4 << 20  # a bigger article file is refused before it is read
    scheduler: str | None = None  # a Dask scheduler's address: convert on that cluster
    source_date_epoch: int | None = None  # SOURCE_DATE_EPOCH where the build started
    # Folders named after a language, besides the collection's (language.FOLDER_LANGUAGES):
    # (lowercase folder name, tag) pairs.
    folder_languages: tuple[tuple[str, str], ...] = ()
    books: tuple[BookSpec, ...] = ()  # books listed in the settings (`[[books]]`)

    @property
    def folder_names(self) -> dict[str, str]:
        """Every folder name that stands for a language, lowercase, and the language's tag."""
        return {**FOLDER_LANGUAGES, **dict(self.folder_languages)}


@dataclass(frozen=True)
class SettingsFile:
    path: Path
    table: str  # how a message names where the settings are: `convert.toml`, `[tool.convert]`
    values: Mapping[str, Any]


def _format_names() -> tuple[str, ...]:
    from convert.formats import FORMATS  # which imports this module

    return tuple(FORMATS)


# Each key of the settings file: what it must be, and how it becomes a Config value. A check
# gets the value and the settings file (paths in it are relative to the file's folder).
Check = Callable[[Any, Path], Any]


class NestedProblem(ValueError):
    """A problem with one value inside a setting's tables: the key below the setting's
    (`[2].order`), the value, and what is wrong."""

    def __init__(self, key: str, value: Any, problem: str) -> None:
        super().__init__(problem)
        self.key, self.value, self.problem = key, value, problem


def _text(value: Any, settings: Path) -> str:
    if not isinstance(value, str):
        raise ValueError("must be a string")
    return value


def _path(value: Any, settings: Path) -> Path:
    return settings.parent / _text(value, settings)


def _folder(value: Any, settings: Path) -> Path:
    path = _path(value, settings)
    if not path.is_dir():
        raise ValueError(f"names no folder ({path})")
    return path


def _file(value: Any, settings: Path) -> Path:
    path = _path(value, settings)
    if not path.is_file():
        raise ValueError(f"names no file ({path})")
    return path


def _positive_number(value: Any, settings: Path) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError("must be a number above 0")
    return float(value)


def _count(value: Any, settings: Path) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError("must be a whole number, 0 or more")
    return value


def _positive_count(value: Any, settings: Path) -> int:
    if _count(value, settings) == 0:
        raise ValueError("must be a whole number above 0")
    return int(value)


def _flag(value: Any, settings: Path) -> bool:
    if not isinstance(value, bool):
        raise ValueError("must be true or false")
    return value


def _one_of(choices: Callable[[], tuple[str, ...]]) -> Check:
    def check(value: Any, settings: Path) -> str:
        if not isinstance(value, str) or value.lower() not in choices():
            raise ValueError(f"must be one of {', '.join(choices())}")
        return value.lower()

    return check


def _formats(value: Any, settings: Path) -> tuple[str, ...]:
    names = _format_names()
    chosen = [value] if isinstance(value, str) else value
    if not isinstance(chosen, list) or not chosen or not all(isinstance(v, str) for v in chosen):
        raise ValueError(f'must be a list of formats from {", ".join(names)} (or "all")')
    if [v.lower() for v in chosen] == ["all"]:
        return names
    unknown = [v for v in chosen if v.lower() not in names]
    if unknown:
        raise ValueError(f'has {unknown[0]!r}; the formats are {", ".join(names)} (or "all")')
    return tuple(dict.fromkeys(v.lower() for v in chosen))


def _folder_languages(value: Any, settings: Path) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict) or not all(
        isinstance(name, str) and isinstance(tag, str) for name, tag in value.items()
    ):
        raise ValueError('must be a table of folder names and language tags: { Persian = "fa" }')
    for tag in value.values():
        if not is_valid_tag(tag):
            raise ValueError(f"has {tag!r}, which is not a language tag")
    return tuple((name.lower(), normalize_tag(tag)) for name, tag in value.items())


def _books(value: Any, settings: Path) -> tuple[BookSpec, ...]:
    """`[[books]]`: tables with a book manifest's keys (convert.book.manifest checks them); each
    needs its name and its articles (or sections), paths relative to the settings file."""
    from convert.book.manifest import BookProblem, book_spec  # which imports the reader

    if not isinstance(value, list) or not all(isinstance(table, dict) for table in value):
        raise ValueError("must be a list of tables ([[books]] with name, title, articles, …)")
    books: list[BookSpec] = []
    for number, table in enumerate(value, start=1):
        try:
            spec = book_spec(table, root=settings.parent, default_name=None, default_articles=None)
        except BookProblem as problem:
            raise NestedProblem(
                f"[{number}].{problem.key}", problem.value, problem.problem
            ) from None
        if spec.name in {book.name for book in books}:
            raise NestedProblem(f"[{number}].name", spec.name, "is another book's name too")
        books.append(replace(spec, manifest=settings, origin=f"{settings}: books[{number}]"))
    return tuple(books)


SETTINGS: dict[str, Check] = {
    "source": _path,
    "out": _path,
    "formats": _formats,
    "site_url": _text,
    "paper": _one_of(lambda: PAPER_NAMES),
    "pandoc_timeout": _positive_number,
    "render_timeout": _positive_number,
    "pdf_variant": _one_of(lambda: PDF_VARIANTS),
    "embed_fonts": _flag,
    "vertical": _flag,
    "jobs": _count,
    "styles": _folder,
    "fonts": _file,
    "max_article_bytes": _positive_count,
    "scheduler": _text,
    "folder_languages": _folder_languages,
    "books": _books,
}


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(f"{path}: cannot read the settings: {error}") from None


def find_settings(start: Path) -> SettingsFile | None:
    """The nearest `convert.toml`, or `pyproject.toml` with a `[tool.convert]` table, from
    `start` upward."""
    for folder in (start, *start.parents):
        candidate = folder / SETTINGS_FILE
        if candidate.is_file():
            return SettingsFile(candidate, SETTINGS_FILE, _read_toml(candidate))
        candidate = folder / PYPROJECT
        if candidate.is_file():
            table = _read_toml(candidate).get("tool", {}).get("convert")
            if table is not None:
                if not isinstance(table, dict):
                    raise SettingsError(f"{candidate}: [tool.convert] must be a table")
                return SettingsFile(candidate, "[tool.convert]", table)
    return None


def read_settings(found: SettingsFile) -> dict[str, Any]:
    """The file's settings as Config values; the first problem is a SettingsError naming the
    file, the key and what is allowed."""
    values: dict[str, Any] = {}
    for key, value in found.values.items():
        check = SETTINGS.get(key)
        if check is None:
            raise SettingsError(
                f"{found.path}: unknown setting {key!r} in {found.table}; "
                f"the settings are {', '.join(SETTINGS)}"
            )
        try:
            values[key] = check(value, found.path)
        except NestedProblem as problem:
            where = f"{key}{problem.key}"
            shown = "" if problem.value is None else f" = {problem.value!r}"
            raise SettingsError(f"{found.path}: {where}{shown} {problem.problem}") from None
        except ValueError as error:
            raise SettingsError(f"{found.path}: {key} = {value!r} {error}") from None
    return values


def make_config(*, cwd: Path | None = None, **overrides: Any) -> Config:
    """The project's settings, then every override the caller gives that is not None. Relative
    paths among the overrides are the caller's, relative to `cwd`."""
    cwd = (cwd or Path.cwd()).resolve()
    found = find_settings(cwd)
    project = found.path.parent if found else cwd
    values: dict[str, Any] = {
        "source_date_epoch": epoch_from_environment(),
        "project": project,
        "source": project / "seeds",
        "out": project / "dist",
    }
    if found:
        values |= read_settings(found)
    known = {field.name for field in fields(Config)}
    for key, value in overrides.items():
        if key not in known:
            raise TypeError(f"no such setting: {key}")
        if value is not None:
            values[key] = cwd / value if isinstance(value, Path) else value
    for key in ("source", "out", "styles", "fonts"):
        if values.get(key) is not None:
            values[key] = Path(os.path.normpath(values[key]))
    return Config(**values)
