"""One article of a book, in a worker: read → the common passes with the book's (ids prefixed,
links to articles in the book as cross-references) → each format's passes → the piece the book
writers join: an HTML fragment for the PDF, an XHTML fragment for the EPUB, the AST for the DOCX,
and the picture files they show. Never raises."""

from __future__ import annotations

import gc
from collections import Counter
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from convert.assets import use_project_assets
from convert.collection import Collection, Source
from convert.config import Config
from convert.errors import ConvertError
from convert.formats import FORMATS
from convert.pandoc import doc_to_json, stop_server
from convert.passes import COMMON_PASSES, Pass, run_passes
from convert.passes.context import BookTarget
from convert.passes.cross_references import (
    cross_references_to_page_fields,
    cross_references_to_page_slots,
)
from convert.passes.demote_headings import demote_headings
from convert.passes.internal_links_to_notes import internal_links_to_notes
from convert.passes.link_book_articles import link_book_articles
from convert.passes.number_heading_ids import number_heading_ids
from convert.passes.prefix_heading_ids import prefix_heading_ids
from convert.pictures import Picture, name_pictures, point_pictures_at_files
from convert.pipeline import copy_document, describe, read_in_context


def _book_common_passes() -> list[Pass]:
    passes = list(COMMON_PASSES)
    passes.insert(passes.index(number_heading_ids) + 1, prefix_heading_ids)
    passes.insert(passes.index(internal_links_to_notes), link_book_articles)
    passes.append(demote_headings)
    return passes


BOOK_COMMON_PASSES = _book_common_passes()
BOOK_FORMAT_PASSES: dict[str, tuple[Pass, ...]] = {
    "pdf": (cross_references_to_page_slots, *FORMATS["pdf"].passes),
    "epub": FORMATS["epub"].passes,
    "docx": (cross_references_to_page_fields, *FORMATS["docx"].passes),
}


@dataclass(frozen=True)
class PieceTask:
    source: Source
    display: str
    id: str
    formats: tuple[str, ...]


@dataclass
class Piece:
    relpath: PurePosixPath
    fragments: dict[str, str | bytes] = field(default_factory=dict)  # by format
    keywords: tuple[str, ...] = ()
    description: str = ""
    pictures: tuple[Picture, ...] = ()  # the picture files its fragments show
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    tally: Counter[str] = field(default_factory=Counter)


_collection: Collection | None = None
_config: Config | None = None
_targets: dict[PurePosixPath, BookTarget] = {}


def start_piece_worker(
    collection: Collection, config: Config, targets: dict[PurePosixPath, BookTarget]
) -> None:
    global _collection, _config, _targets
    _collection, _config, _targets = collection, config, targets
    from multiprocessing import util

    util.Finalize(None, stop_server, exitpriority=10)
    # The collection and the targets live as long as the worker: out of the collections that
    # follow each article, which would otherwise walk them all again (a book's time growing
    # with the square of its articles).
    gc.freeze()


def _fragment(fmt: str, doc: object, *, config: Config, lang: str) -> str | bytes:
    from convert.writers.html import body_html

    if fmt == "docx":
        return doc_to_json(doc)  # type: ignore[arg-type]
    html = body_html(doc, timeout=config.pandoc_timeout)  # type: ignore[arg-type]
    if fmt == "epub":
        from convert.labels import labels_for
        from convert.writers.epub import as_xhtml

        return as_xhtml(html, backlink_label=labels_for(lang)["backlink"])
    return html


def convert_piece(task: PieceTask) -> Piece:
    assert _collection is not None and _config is not None, "worker not started"
    collection, config = _collection, _config
    piece = Piece(task.source.relpath)
    use_project_assets(styles=config.styles, fonts=config.fonts)
    try:
        article, ctx = read_in_context(task.source, collection=collection, config=config)
        resolve = ctx.resolve

        def in_book(slug: str) -> BookTarget | None:
            entry = resolve(slug)
            return _targets.get(entry.relpath) if entry else None

        ctx.article_id, ctx.in_book = task.id, in_book
        common = run_passes(article.doc, ctx, BOOK_COMMON_PASSES)
        common, piece.pictures = name_pictures(common, folder=task.source.path.parent)
        piece.keywords, piece.description = article.meta.keywords, article.meta.description
        for index, fmt in enumerate(task.formats):
            own = common if index == len(task.formats) - 1 else copy_document(common)
            doc = run_passes(own, ctx, list(BOOK_FORMAT_PASSES[fmt]))
            if fmt == "pdf":
                doc = point_pictures_at_files(doc, piece.pictures)
            piece.fragments[fmt] = _fragment(fmt, doc, config=config, lang=article.meta.lang)
    except ConvertError as error:
        piece.errors.append(error.located(task.display))
        return piece
    except Exception as error:  # a bug fails this article, not the book
        piece.errors.append(f"{task.display}: {describe(error, verbose=False)}")
        return piece
    piece.warnings.extend(w.located(task.display) for w in article.warnings + ctx.warnings)
    piece.tally = ctx.tally
    gc.collect()
    return piece
