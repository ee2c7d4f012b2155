"""The output formats. `--format` choices come from this registry, so a new format is one entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from convert.config import Config
from convert.model import Article


class WriteFunction(Protocol):
    def __call__(self, article: Article, *, config: Config) -> bytes: ...


@dataclass(frozen=True)
class Writer:
    extension: str
    write: WriteFunction


def _pdf(article: Article, *, config: Config) -> bytes:
    from convert.writers.pdf import write_pdf  # WeasyPrint takes a second to import

    return write_pdf(article, config=config)


def _epub(article: Article, *, config: Config) -> bytes:
    from convert.writers.epub import write_epub

    return write_epub(article, config=config)


def _docx(article: Article, *, config: Config) -> bytes:
    from convert.writers.docx import write_docx

    return write_docx(article, config=config)


WRITERS: dict[str, Writer] = {
    "pdf": Writer("pdf", _pdf),
    "epub": Writer("epub", _epub),
    "docx": Writer("docx", _docx),
}
