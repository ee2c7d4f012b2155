"""A build: index the articles, skip what is up to date, convert the rest on the executor, and
write what comes back: atomically, flushed together at the end, then recorded in the cache."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from convert.assets import use_project_assets
from convert.cache import BuildCache, environment_fingerprint
from convert.collection import Collection, Source
from convert.config import Config
from convert.executor import Executor, TaskFailure, worker_pool
from convert.formats import FORMATS
from convert.model import Artifact
from convert.output import (
    BOOKS_DIR,
    flush_to_disk,
    output_path,
    remove_partial_files,
    write_atomically,
)
from convert.pipeline import Outcome
from convert.worker import Task, convert_task, import_before_forking, start_worker

RENDER_LIMIT_STEP = 1 << 19  # bytes of source that get `render_timeout` more time


def render_limit(task: Task, *, config: Config) -> float:
    """The time one article may take: `render_timeout` for each started half MB of source, since
    layout time grows with the article (a dense 2 MB article took about 210 s of CPU for its
    three formats)."""
    try:
        size = task.source.path.stat().st_size
    except OSError:
        size = 0
    return config.render_timeout * max(1, -(-size // RENDER_LIMIT_STEP))


def plan(
    sources: list[Source], *, collection: Collection, config: Config, cache: BuildCache
) -> tuple[list[tuple[Source, tuple[str, ...]]], list[Source]]:
    """What to convert (each source with the formats it needs) and what is already up to date."""
    todo: list[tuple[Source, tuple[str, ...]]] = []
    unchanged: list[Source] = []
    for source in sources:
        if config.force:
            todo.append((source, config.formats))
            continue
        outputs = {
            fmt: output_path(config.out, fmt, source.relpath, FORMATS[fmt].extension)
            for fmt in config.formats
        }
        stale = cache.stale_formats(
            source.relpath, config.formats, collection=collection, outputs=outputs
        )
        if stale:
            todo.append((source, stale))
        else:
            unchanged.append(source)
    return todo, unchanged


def write_outputs(outcome: Outcome, *, task: Task, out: Path) -> None:
    """Each output the article's conversion returned, renamed into place whole; a file that
    cannot be written fails the article."""
    for fmt, data in outcome.outputs.items():
        path = output_path(out, fmt, task.source.relpath, FORMATS[fmt].extension)
        try:
            write_atomically(path, data)
        except OSError as error:
            outcome.errors.append(f"{task.display}: {fmt}: cannot write {path}: {error.strerror}")
            continue
        outcome.artifacts.append(Artifact(fmt, path))
    outcome.outputs = {}  # written: no need to hold them any longer


def build(
    sources: Iterable[Source],
    *,
    config: Config,
    display: Callable[[Path], str] = str,
    verbose: bool = False,
) -> Iterator[Outcome]:
    """Each article's outcome, as soon as it is known: up-to-date ones first."""
    sources = list(sources)
    use_project_assets(styles=config.styles, fonts=config.fonts)
    remove_partial_files(config.out, skip=BOOKS_DIR)  # a book may be printing there now
    collection = Collection.from_sources(sources, folder_languages=config.folder_names)
    cache = BuildCache(config.out, fingerprint=environment_fingerprint(config))
    todo, unchanged = plan(sources, collection=collection, config=config, cache=cache)
    # Outputs are renamed into place without waiting for the disk, and flushed together at the
    # end. Until then the cache on disk must not vouch for any output being rewritten: after a
    # power cut, that output could be empty.
    withdrawn = False
    for source, formats in todo:
        withdrawn |= cache.withdraw(source.relpath, formats)
    if withdrawn:
        cache.save()

    def language(source: Source) -> str:
        entry = collection.entry(source.relpath)
        return entry.lang if entry else ""

    for source in unchanged:
        yield Outcome(
            source.path,
            unchanged=True,
            warnings=cache.warnings(source.relpath),
            lang=language(source),
        )

    tasks = [Task(source, display(source.path), formats) for source, formats in todo]
    if not config.scheduler:
        import_before_forking({fmt for task in tasks for fmt in task.formats})
    executor: Executor[Task, Outcome] = worker_pool(
        convert_task,
        config=config,
        timeout=functools.partial(render_limit, config=config),
        initializer=start_worker,
        initargs=(collection, config, verbose),
    )
    written: list[Path] = []
    try:
        for task, result in executor.run(tasks):
            if isinstance(result, TaskFailure):
                result = Outcome(task.source.path, errors=[f"{task.display}: {result.reason}"])
            write_outputs(result, task=task, out=config.out)
            entry = collection.entry(task.source.relpath)
            if result.failed or entry is None:
                cache.forget(task.source.relpath)
            else:
                cache.remember(
                    task.source.relpath,
                    digest=entry.digest,
                    links=result.links,
                    formats=task.formats,
                    warnings=result.warnings,
                    resources=result.resources,
                )
            written.extend(artifact.path for artifact in result.artifacts)
            result.lang = language(task.source)
            yield result
    finally:
        flush_to_disk(written)  # on disk before the cache says they are up to date
        cache.save()
