"""What each worker process holds for its whole life, and the task it runs per article."""

from __future__ import annotations

import ctypes
import gc
from dataclasses import dataclass
from multiprocessing import util

from convert.collection import Collection, Source
from convert.config import Config
from convert.pandoc import stop_server
from convert.pipeline import Outcome, convert_source


@dataclass(frozen=True)
class Task:
    source: Source
    display: str  # the article's path as the user sees it, for messages
    formats: tuple[str, ...]


# glibc's mallopt parameters, and the sizes a worker keeps to itself (see _keep_freed_memory).
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3
MMAP_THRESHOLD = 32 << 20
TRIM_THRESHOLD = 64 << 20

_collection: Collection | None = None
_config: Config | None = None
_verbose = False


def _keep_freed_memory() -> None:
    """Have the C allocator keep freed memory for the next article. By default glibc maps each
    block over 128 KB afresh and unmaps it when freed, so every article's cover, font subsets
    and buffers fault their pages in again: on a virtual machine, 2–3 µs a page, a fifth of an
    EPUB's time. A worker's peak stays what it was; it is just not given back between articles.
    Elsewhere than glibc this does nothing."""
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD)


def import_before_forking(formats: set[str]) -> None:
    """In the parent, before the workers are forked: import WeasyPrint once for all of them. Two
    workers importing it side by side took 0.7 s each, the parent alone 0.5 s; and the workers
    then share its memory."""
    if "pdf" in formats:
        import convert.writers.pdf  # noqa: F401


def start_worker(collection: Collection, config: Config, verbose: bool) -> None:
    """Run once per worker: keep the shared state and pay the start-up costs (the print
    stylesheet, the font configuration; WeasyPrint itself is imported before the fork) before
    the first article."""
    global _collection, _config, _verbose
    _collection, _config, _verbose = collection, config, verbose
    _keep_freed_memory()
    # pebble ends a worker through multiprocessing's exit handlers, not atexit: end its pandoc
    # there, so none is left behind and its resources count as the worker's.
    util.Finalize(None, stop_server, exitpriority=10)
    if "pdf" in config.formats:
        from convert.writers.pdf import warm_up

        warm_up()
    gc.freeze()  # what start-up made lives as long as the worker: keep it out of collections


def convert_task(task: Task) -> Outcome:
    assert _collection is not None and _config is not None, "worker not started"
    outcome = convert_source(
        task.source,
        collection=_collection,
        config=_config,
        formats=task.formats,
        display=task.display,
        verbose=_verbose,
    )
    # A laid-out document is a large web of reference cycles; left to the collector's own
    # schedule, a worker grew past 700 MB within 20 PDFs. Collecting after each article keeps it
    # flat. What survives is the worker's own (caches, templates): freezing it keeps the next
    # collection to what the next article makes, instead of walking everything again.
    gc.collect()
    gc.freeze()
    return outcome
