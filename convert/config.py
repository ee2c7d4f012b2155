"""Project settings: `[tool.convert]` in pyproject.toml, overridden by command-line options."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
STYLES_DIR = PROJECT_ROOT / "styles"
FONTS_DIR = PROJECT_ROOT / "fonts"

PAPER_SIZES = ("a4", "a5", "b5", "letter")


@dataclass(frozen=True)
class Config:
    source: Path = PROJECT_ROOT / "seeds"
    out: Path = PROJECT_ROOT / "dist"
    formats: tuple[str, ...] = ("pdf", "epub", "docx")
    site_url: str = ""
    paper: str = "a4"
    pandoc_timeout: float = 30.0
    render_timeout: float = 120.0  # one article's whole conversion, in a worker
    pdf_variant: str | None = None  # e.g. "pdf/ua-1"
    embed_fonts: bool = True  # EPUB: subset and embed the CJK faces
    vertical: bool = False  # EPUB: vertical writing for Japanese
    jobs: int = 0  # worker processes; 0: one per core
    force: bool = False  # rebuild even when nothing changed
    max_article_bytes: int = 4 << 20  # a bigger article file is refused before it is read


def load_project_settings(pyproject: Path = PROJECT_ROOT / "pyproject.toml") -> dict[str, object]:
    """The `[tool.convert]` table, or an empty one when there is no pyproject.toml."""
    if not pyproject.is_file():
        return {}
    with pyproject.open("rb") as handle:
        data = tomllib.load(handle)
    settings = data.get("tool", {}).get("convert", {})
    return dict(settings) if isinstance(settings, dict) else {}


def make_config(**overrides: object) -> Config:
    """Settings from pyproject.toml, then any non-None override given by the caller."""
    settings = load_project_settings()
    values: dict[str, object] = {
        "site_url": str(settings.get("site_url", "") or ""),
        "paper": str(settings.get("paper", "a4")).lower(),
        "pandoc_timeout": float(settings.get("pandoc_timeout", 30)),  # type: ignore[arg-type]
        "max_article_bytes": int(settings.get("max_article_bytes", Config.max_article_bytes)),  # type: ignore[call-overload]
    }
    values.update({key: value for key, value in overrides.items() if value is not None})
    return Config(**values)  # type: ignore[arg-type]
