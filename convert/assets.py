"""Where templates, stylesheets and the fonts table come from: the package's own (the repository's
styles/ and fonts/, shipped as convert.styles and convert.fonttable), with the project's own
styles folder over them file by file, as mkdocs' custom_dir does, and its fonts table over ours.

The project's choice is set once per process (`use_project_assets`) before anything is rendered;
the caches of what depends on it are cleared when it changes."""

from __future__ import annotations

import functools
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

FONTS_TABLE = "fonts.toml"

_project_styles: Path | None = None
_project_fonts: Path | None = None
_dependents: list[Callable[[], None]] = []


def _package_folder(package: str) -> Path:
    folder = resources.files(package)
    if not isinstance(folder, Path):  # a zipped install: WeasyPrint and pandoc need real files
        raise RuntimeError(f"{package} must be installed as files, not inside an archive")
    return folder


@functools.cache
def packaged_styles() -> Path:
    return _package_folder("convert.styles")


@functools.cache
def packaged_fonts_table() -> Path:
    return _package_folder("convert.fonttable") / FONTS_TABLE


def use_project_assets(*, styles: Path | None, fonts: Path | None) -> None:
    """The project's styles folder and fonts table (None: ours alone)."""
    global _project_styles, _project_fonts
    if (styles, fonts) == (_project_styles, _project_fonts):
        return
    _project_styles, _project_fonts = styles, fonts
    for clear in _dependents:
        clear()


def depends_on_assets(function: Any) -> Any:
    """Mark a functools.cache'd function whose result depends on the project's assets."""
    _dependents.append(function.cache_clear)
    return function


def style_folders() -> tuple[Path, ...]:
    """Where a template or stylesheet is looked for, first match wins."""
    return (*((_project_styles,) if _project_styles else ()), packaged_styles())


def style_file(name: str) -> Path:
    """A file under styles/ (`pdf/print.css`): the project's own when it has one."""
    for folder in style_folders():
        candidate = folder / name
        if candidate.is_file():
            return candidate
    raise FileNotFoundError(f"no style file {name} in {', '.join(map(str, style_folders()))}")


def fonts_tables() -> tuple[Path, ...]:
    """The fonts tables in the order they apply: ours, then the project's."""
    return (packaged_fonts_table(), *((_project_fonts,) if _project_fonts else ()))
