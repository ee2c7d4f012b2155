"""Where articles are converted: a pool of warm worker processes on this machine, or a Dask
cluster (convert/cluster.py) when the settings name one.

The pipeline only needs `Executor.run`: items in, `(item, result or failure)` out as each one
finishes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures import as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from pebble import ProcessExpired, ProcessPool

from convert.errors import ClusterError

if TYPE_CHECKING:
    from convert.config import Config

Item = TypeVar("Item")
Result = TypeVar("Result")
Result_co = TypeVar("Result_co", covariant=True)


@dataclass(frozen=True)
class TaskFailure:
    """A task that did not return: its worker died or it ran past the time limit."""

    reason: str


class Executor(Protocol[Item, Result_co]):
    def run(self, items: Iterable[Item]) -> Iterator[tuple[Item, Result_co | TaskFailure]]: ...


class LocalPool(Generic[Item, Result]):
    """Worker processes that each run `initializer(*initargs)` once (imports, fonts, styles), then
    take tasks one at a time. A task past `timeout` seconds (one for all, or a function of the
    task) has its worker killed; a worker that dies is replaced; either way that task is
    reported as a TaskFailure and the rest go on."""

    def __init__(
        self,
        function: Callable[[Item], Result],
        *,
        jobs: int = 0,
        timeout: float | Callable[[Item], float] | None = None,
        initializer: Callable[..., None] | None = None,
        initargs: tuple[Any, ...] = (),
    ) -> None:
        self._function = function
        self._jobs = jobs or os.cpu_count() or 1
        self._timeout = timeout
        self._initializer = initializer
        self._initargs = initargs

    def run(self, items: Iterable[Item]) -> Iterator[tuple[Item, Result | TaskFailure]]:
        items = list(items)
        if not items:
            return
        workers = min(self._jobs, len(items))
        with ProcessPool(
            max_workers=workers, initializer=self._initializer, initargs=self._initargs
        ) as pool:
            futures: dict[Any, Item] = {
                pool.schedule(self._function, args=(item,), timeout=self._limit(item)): item
                for item in items
            }
            try:
                for future in as_completed(futures):
                    yield futures[future], self._result(future, futures[future])
            finally:
                pool.stop()  # on Ctrl-C or an abandoned generator: end the workers now

    def _limit(self, item: Item) -> float | None:
        return self._timeout(item) if callable(self._timeout) else self._timeout

    def _result(self, future: Any, item: Item) -> Result | TaskFailure:
        try:
            return future.result()  # type: ignore[no-any-return]
        except FutureTimeout:
            return TaskFailure(f"did not finish within {self._limit(item):g} s (worker stopped)")
        except ProcessExpired as error:
            return TaskFailure(f"the worker converting it died (exit code {error.exitcode})")
        except Exception as error:  # raised by the task itself, or its result would not pickle
            return TaskFailure(f"{type(error).__name__}: {error}")


def worker_pool(
    function: Callable[[Item], Result],
    *,
    config: Config,
    timeout: float | Callable[[Item], float] | None,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
    source: Path | None = None,
) -> Executor[Item, Result]:
    """The settings' workers: the Dask cluster of `config.scheduler`, its workers set up as local
    ones are (and checked to run the same software and to see `source`), else this machine's
    pool."""
    if not config.scheduler:
        return LocalPool(
            function, jobs=config.jobs, timeout=timeout, initializer=initializer, initargs=initargs
        )
    try:
        from convert.cluster import DaskPool, WorkerSetup, refuse_other_software
    except ImportError:
        raise ClusterError(
            "a cluster needs Dask distributed: pip install 'convert[cluster]'"
        ) from None
    from convert.pandoc import stop_server

    seen = source or config.source
    return DaskPool(
        function,
        address=config.scheduler,
        timeout=timeout,
        setup=WorkerSetup(initializer, initargs, stop_server),
        check=lambda client: refuse_other_software(client, source=seen),
    )
