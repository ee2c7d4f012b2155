"""A book's run: read the manifest, plan the order and ids, convert the articles on the worker
pool into pieces, join them per format, and write `OUT/books/<name>.<ext>`. A book whose inputs
are those of its last build is not built again."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from convert.assets import use_project_assets
from convert.book.manifest import BookSpec, select_sources
from convert.book.pieces import Piece, PieceTask, convert_piece, start_piece_worker
from convert.book.plan import BookPlan, make_plan
from convert.cache import environment_fingerprint
from convert.collection import Collection, Source, discover
from convert.config import Config
from convert.errors import BookFormatError, ConvertError
from convert.executor import TaskFailure, worker_pool
from convert.formats import FORMATS
from convert.output import BOOKS_DIR, move_into_place, remove_partial_files, write_atomically
from convert.passes.context import BookTarget
from convert.resources import file_digest
from convert.worker import import_before_forking


@dataclass
class BookRun:
    name: str
    articles: int = 0
    sections: int = 0
    written: list[Path] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)  # formats already up to date
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    tally: Counter[str] = field(default_factory=Counter)
    derived_readings: int = 0
    pages: dict[str, int] = field(default_factory=dict)  # PDF volumes' page counts, by file


def _collection(book: list[Source], config: Config) -> Collection:
    """The book's articles, and the project's others so that links to them name their title."""
    seen = {source.path.resolve() for source in book}
    extra = []
    if config.source.is_dir():
        extra = [s for s in discover(config.source) if s.path.resolve() not in seen]
    return Collection.from_sources([*book, *extra], folder_languages=config.folder_names)


def _fingerprint(
    plan: BookPlan,
    collection_sources: list[Source],
    config: Config,
    fmt: str,
    max_pages: int | None,
) -> str:
    digest = hashlib.sha256()
    digest.update(_described(plan.spec).encode())
    for member in plan.members:
        digest.update(f"{member.entry.relpath}\0{member.id}\0{member.entry.digest}\n".encode())
    for source in collection_sources:  # the titles footnotes of outside links cite
        digest.update(str(source.relpath).encode() + b"\0")
    digest.update(environment_fingerprint(config).encode())
    digest.update(f"{fmt}\0{max_pages}".encode())
    return digest.hexdigest()


def _described(spec: BookSpec) -> str:
    """Everything a book's description says, not where it is written."""
    fields = dataclasses.asdict(spec)
    for where in ("root", "manifest", "origin"):
        del fields[where]
    return json.dumps(fields, sort_keys=True, ensure_ascii=False)


def _stamp_path(out: Path, name: str) -> Path:
    return out / BOOKS_DIR / f".{name}.convert-book.json"


def readings_report(plan: BookPlan) -> str:
    """Every reading the order used that was derived, not given: one `file<TAB>title<TAB>reading`
    line each, for an editor to check and give as `reading:` where wrong."""
    lines = ["# file\ttitle\treading (derived; give `reading:` in the front matter to correct)"]
    for member in plan.members:
        if member.derived and member.reading is not None:
            lines.append(f"{member.entry.relpath}\t{member.title}\t{member.reading}")
    return "\n".join(lines) + "\n"


def build_book(
    spec: BookSpec,
    *,
    config: Config,
    max_pages: int | None = None,
    display: Callable[[Path], str] = str,
) -> BookRun:
    use_project_assets(styles=config.styles, fonts=config.fonts)
    sources, manifest_sections = select_sources(spec)
    collection = _collection(sources, config)
    plan = make_plan(spec, sources, manifest_sections, collection=collection)
    run = BookRun(spec.name, articles=len(plan.members), sections=len(plan.sections))
    for source in sources:
        if collection.entry(source.relpath) is None:
            run.errors.append(f"{display(source.path)}: cannot be read; left out of the book")
    run.derived_readings = sum(member.derived for member in plan.members)

    folder = config.out / BOOKS_DIR
    remove_partial_files(folder, pattern=f"{spec.name}.*")  # this book's, from a killed run
    stamp_path = _stamp_path(config.out, spec.name)
    try:
        stamps = json.loads(stamp_path.read_text("utf-8"))
    except (OSError, ValueError):
        stamps = {}
    every_source = [*sources]
    fingerprints = {
        fmt: _fingerprint(plan, every_source, config, fmt, max_pages) for fmt in config.formats
    }
    todo = []
    for fmt in config.formats:
        previous = [folder / name for name in stamps.get(fmt, {}).get("files", [])]
        fresh = stamps.get(fmt, {}).get("fingerprint") == fingerprints[fmt] and all(
            file_digest(Path(path)) == digest
            for path, digest in stamps[fmt].get("pictures", {}).items()
        )
        if not config.force and fresh and previous and all(path.is_file() for path in previous):
            run.unchanged.append(fmt)
            run.warnings = list(stamps[fmt].get("warnings", []))  # the same for every format
            run.tally = Counter(stamps[fmt].get("tally", {}))
        else:
            todo.append(fmt)
    if not todo:
        return run

    targets = {m.entry.relpath: BookTarget(m.id, m.title) for m in plan.members}
    pieces: dict[str, Piece] = {}
    tasks = [PieceTask(m.source, display(m.source.path), m.id, tuple(todo)) for m in plan.members]
    ids = {task.source.relpath: task.id for task in tasks}
    if not config.scheduler:
        import_before_forking(set(todo))
    pool = worker_pool(
        convert_piece,
        config=config,
        timeout=config.render_timeout,
        initializer=start_piece_worker,
        initargs=(collection, config, targets),
        source=spec.root,
    )
    for task, result in pool.run(tasks):
        if isinstance(result, TaskFailure):
            run.errors.append(f"{task.display}: {result.reason}")
            continue
        run.warnings.extend(result.warnings)
        run.errors.extend(result.errors)
        if not result.errors:
            pieces[ids[task.source.relpath]] = result
            run.tally.update(result.tally)
    run.warnings.sort()

    outputs: dict[str, dict[str, bytes | Path]] = {}
    try:
        for fmt in todo:
            try:
                outputs[fmt] = write_book(
                    fmt, plan, pieces, config=config, max_pages=max_pages, run=run
                )
            except (BookFormatError, ConvertError) as problem:
                run.errors.append(f"book {spec.name}: no {fmt.upper()}: {problem}")
        for fmt, files in outputs.items():
            for name, data in files.items():
                if isinstance(data, Path):  # written already, as a temporary file
                    move_into_place(data, folder / name, durable=True)
                else:
                    write_atomically(folder / name, data, durable=True)
                run.written.append(folder / name)
            stamps[fmt] = {
                "fingerprint": fingerprints[fmt],
                "files": sorted(files),
                "warnings": run.warnings,
                "tally": dict(run.tally),
                "pictures": {
                    str(picture.path): picture.digest
                    for piece in pieces.values()
                    for picture in piece.pictures
                },
            }
    finally:  # a temporary file not in place by now is not kept
        for files in outputs.values():
            for data in files.values():
                if isinstance(data, Path):
                    data.unlink(missing_ok=True)
    if run.derived_readings:
        report = folder / f"{spec.name}.readings.tsv"
        write_atomically(report, readings_report(plan).encode("utf-8"), durable=True)
        run.written.append(report)
    if not run.errors:
        write_atomically(stamp_path, json.dumps(stamps, sort_keys=True).encode(), durable=True)
    else:
        stamp_path.unlink(missing_ok=True)
    return run


def _as_bytes(fragment: str | bytes) -> bytes:
    return fragment if isinstance(fragment, bytes) else fragment.encode("utf-8")


def write_book(
    fmt: str,
    plan: BookPlan,
    pieces: dict[str, Piece],
    *,
    config: Config,
    max_pages: int | None,
    run: BookRun,
) -> dict[str, bytes | Path]:
    """The book's files in one format, by name: their bytes, or (the PDF) a temporary file in
    the books' folder to move into place."""
    name = f"{plan.spec.name}.{FORMATS[fmt].extension}"
    if fmt == "epub":
        from convert.writers.book_epub import BookArticle, write_book_epub

        articles = {
            id: BookArticle(
                str(piece.fragments["epub"]), piece.description, piece.keywords, piece.pictures
            )
            for id, piece in pieces.items()
        }
        return {name: write_book_epub(plan, articles, config=config)}
    if fmt == "docx":
        from convert.writers.book_docx import write_book_docx

        docs = {
            id: (_as_bytes(piece.fragments["docx"]), piece.description, piece.keywords)
            for id, piece in pieces.items()
        }
        pictures = {id: piece.pictures for id, piece in pieces.items()}
        return {name: write_book_docx(plan, docs, pictures=pictures, config=config)}
    from convert.book.pdf import make_book_pdf

    volumes = make_book_pdf(
        plan,
        {
            id: (str(piece.fragments["pdf"]), piece.description, piece.keywords)
            for id, piece in pieces.items()
        },
        pictures={id: piece.pictures for id, piece in pieces.items()},
        config=config,
        max_pages=max_pages,
        scratch=config.out / BOOKS_DIR,
    )
    if len(volumes) == 1:
        run.pages[name] = volumes[0][1]
        return {name: volumes[0][0]}
    files: dict[str, bytes | Path] = {}
    for number, (data, pages) in enumerate(volumes, start=1):
        volume_name = f"{plan.spec.name}-{number}.pdf"
        files[volume_name] = data
        run.pages[volume_name] = pages
    return files
