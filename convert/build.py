"""A build: index the articles, skip what is up to date, convert the rest on the executor."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from convert.cache import BuildCache, environment_fingerprint
from convert.collection import Collection, Source
from convert.config import Config
from convert.executor import Executor, LocalPool, TaskFailure
from convert.output import flush_to_disk, output_path, remove_partial_files
from convert.pipeline import Outcome
from convert.worker import Task, convert_task, import_before_forking, start_worker
from convert.writers import WRITERS

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


def local_pool(collection: Collection, config: Config, *, verbose: bool) -> Executor[Task, Outcome]:
    return LocalPool(
        convert_task,
        jobs=config.jobs,
        timeout=functools.partial(render_limit, config=config),
        initializer=start_worker,
        initargs=(collection, config, verbose),
    )


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
            fmt: output_path(config.out, fmt, source.relpath, WRITERS[fmt].extension)
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


def build(
    sources: Iterable[Source],
    *,
    config: Config,
    display: Callable[[Path], str] = str,
    verbose: bool = False,
) -> Iterator[Outcome]:
    """Each article's outcome, as soon as it is known: up-to-date ones first."""
    sources = list(sources)
    remove_partial_files(config.out)
    collection = Collection.from_sources(sources)
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
    for source in unchanged:
        yield Outcome(source.path, unchanged=True, warnings=cache.warnings(source.relpath))

    tasks = [Task(source, display(source.path), formats) for source, formats in todo]
    import_before_forking({fmt for task in tasks for fmt in task.formats})
    executor = local_pool(collection, config, verbose=verbose)
    written: list[Path] = []
    try:
        for task, result in executor.run(tasks):
            if isinstance(result, TaskFailure):
                result = Outcome(task.source.path, errors=[f"{task.display}: {result.reason}"])
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
            yield result
    finally:
        flush_to_disk(written)  # on disk before the cache says they are up to date
        cache.save()
