"""The output formats, one entry each: the passes only that format wants (after the common ones),
its writer and its file extension. `--format` choices and output names come from here, so a new
format is one entry."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from convert.config import Config
from convert.model import Article
from convert.passes import Pass
from convert.passes.bind_note_calls import bind_note_calls
from convert.passes.external_links_to_notes import external_links_to_notes
from convert.passes.isolate_embedded_runs import isolate_embedded_runs, mark_embedded_runs
from convert.passes.keep_hangul_words import keep_hangul_words
from convert.passes.mark_upright_runs import mark_upright_runs
from convert.passes.notes_to_asides import notes_to_asides
from convert.passes.notes_to_floats import notes_to_floats
from convert.passes.set_document_metadata import set_document_metadata


class WriteFunction(Protocol):
    def __call__(self, article: Article, *, config: Config) -> bytes: ...


@dataclass(frozen=True)
class Format:
    extension: str
    passes: tuple[Pass, ...]
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


FORMATS: dict[str, Format] = {
    "pdf": Format(
        "pdf",
        passes=(
            external_links_to_notes,
            isolate_embedded_runs,
            bind_note_calls,
            keep_hangul_words,
            notes_to_floats,
        ),
        write=_pdf,
    ),
    "epub": Format(
        "epub", passes=(mark_embedded_runs, notes_to_asides, mark_upright_runs), write=_epub
    ),
    "docx": Format("docx", passes=(external_links_to_notes, set_document_metadata), write=_docx),
}
