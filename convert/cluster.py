"""Converting on a Dask distributed cluster, behind the same `Executor` interface as the local pool.

Each worker is set up once by a WorkerPlugin (the same start-up as a local worker: imports, the
print stylesheet, the font configuration, one long-lived pandoc) and torn down when the run ends
or the worker closes, so no pandoc outlives its run; the plugin runs again when the nanny
restarts a worker. Articles go
in batches of tens, so the scheduler's few milliseconds per task do not count; each batch's
results come back as bytes and the client writes them.

Faults: the scheduler re-runs the batch of a worker that died. A batch that keeps killing
workers (the scheduler gives up with KilledWorker) is run again one article a time, one
suspect in flight at a time, so the one that kills is failed alone (when the scheduler gives up
on it alone thrice: a task queued on a worker that another one killed is blamed too). Dask
cannot cancel a running task, so a worker watches its own clock: an item past the time limit is
reported to the client as an event and the worker ends itself; the client fails that item and
sends the rest of its batch again.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import os
import queue
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

import distributed
from distributed.diagnostics.plugin import WorkerPlugin

from convert.errors import ClusterError
from convert.executor import TaskFailure

Item = TypeVar("Item")
Result = TypeVar("Result")

BATCH_SIZE = 20
BATCHES_PER_WORKER = 16
TIMEOUT_TOPIC = "convert-timeout"
TIMEOUT_EXIT_CODE = 70
WATCH_INTERVAL = 0.2  # s between two looks at the running item's clock
EVENT_GRACE = 1.0  # s for the timeout event to leave before the worker ends itself
KILLER_STRIKES = 3  # an item the scheduler gives up on three times, alone, is failed
POLL_INTERVAL = 0.5  # s the client waits for a batch before it looks at the events again
CONNECT_TIMEOUT = "20s"


# What runs on a worker.


@dataclass
class _Clock:
    """The item a worker is converting and when it must be done, for the watchdog."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    label: str | None = None
    deadline: float = 0.0
    watching: bool = False
    worker: Any = None  # the Dask worker, which only a task's own thread can look up


_clock = _Clock()
_one_at_a_time = threading.Lock()  # one article at a time, however many threads a worker has


def _watch() -> None:
    while True:
        time.sleep(WATCH_INTERVAL)
        with _clock.lock:
            label, deadline, worker = _clock.label, _clock.deadline, _clock.worker
        if label is not None and time.monotonic() > deadline:
            worker.log_event(TIMEOUT_TOPIC, {"label": label})
            time.sleep(EVENT_GRACE)
            os._exit(TIMEOUT_EXIT_CODE)


def _start_watching() -> None:
    with _clock.lock:
        if _clock.watching:
            return
        _clock.watching = True
    threading.Thread(target=_watch, name="convert-watchdog", daemon=True).start()


def run_batch(
    function: Callable[[Any], Any],
    items: list[Any],
    labels: list[str],
    limits: list[float | None],
) -> list[Any]:
    """On a worker: each item in turn, each under the watchdog's clock (its time limit)."""
    _clock.worker = distributed.get_worker()
    _start_watching()
    results = []
    with _one_at_a_time:
        for item, label, limit in zip(items, labels, limits, strict=True):
            with _clock.lock:
                _clock.label = label if limit else None
                _clock.deadline = time.monotonic() + (limit or 0)
            try:
                results.append(function(item))
            finally:
                with _clock.lock:
                    _clock.label = None
    return results


class WorkerSetup(WorkerPlugin):  # type: ignore[misc]
    """`initializer` once when a worker starts (or the nanny restarts it), `finalizer` when it
    closes."""

    name = "convert"

    def __init__(
        self,
        initializer: Callable[..., None] | None,
        initargs: tuple[Any, ...],
        finalizer: Callable[[], None] | None,
    ) -> None:
        self._initializer, self._initargs, self._finalizer = initializer, initargs, finalizer

    def setup(self, worker: Any) -> None:
        if self._initializer is not None:
            self._initializer(*self._initargs)

    def teardown(self, worker: Any) -> None:
        if self._finalizer is not None:
            self._finalizer()


# What runs on the client.


@dataclass
class _Batch(Generic[Item]):
    items: list[Item]
    labels: list[str]
    suspect: bool = False  # under suspicion of killing workers: runs while no other suspect does


class DaskPool(Generic[Item, Result]):
    """Items converted on the cluster at `address`, in batches; results stream back as each
    batch finishes, a failed item as a TaskFailure."""

    def __init__(
        self,
        function: Callable[[Item], Result],
        *,
        address: str,
        timeout: float | Callable[[Item], float] | None = None,
        setup: WorkerSetup | None = None,
        check: Callable[[Any], None] | None = None,
        batch_size: int = BATCH_SIZE,
    ) -> None:
        self._function = function
        self._address = address
        self._timeout = timeout
        self._setup = setup
        self._check = check
        self._batch_size = batch_size
        self._strikes: dict[str, int] = {}  # times the scheduler gave up on an item alone

    def _limit(self, item: Item) -> float | None:
        return self._timeout(item) if callable(self._timeout) else self._timeout

    def _connect(self) -> Any:
        try:
            return distributed.Client(self._address, timeout=CONNECT_TIMEOUT)
        except OSError as error:
            raise ClusterError(f"cannot reach the scheduler at {self._address}: {error}") from None

    def _batches(self, items: list[Item], workers: int) -> list[_Batch[Item]]:
        # Small runs are cut finer, into BATCHES_PER_WORKER batches a worker, so that the workers
        # finish their last batches together instead of one waiting for the other's.
        size = max(1, min(self._batch_size, len(items) // (BATCHES_PER_WORKER * max(workers, 1))))
        run = uuid.uuid4().hex[:8]
        chunks = [(start, items[start : start + size]) for start in range(0, len(items), size)]
        return [
            _Batch(chunk, [f"{run}-{start + i}" for i in range(len(chunk))])
            for start, chunk in chunks
        ]

    def run(self, items: Iterable[Item]) -> Iterator[tuple[Item, Result | TaskFailure]]:
        items = list(items)
        if not items:
            return
        with self._connect() as client:
            # Set up first: the check then finds the libraries it asks about already imported.
            if self._setup is not None:
                try:
                    client.register_plugin(self._setup, name=self._setup.name)
                except Exception as error:  # raised on a worker: one line, not its traceback
                    raise ClusterError(f"cannot set the workers up: {error}") from None
            try:
                if self._check is not None:
                    self._check(client)
                yield from self._converted(client, items)
            finally:
                if self._setup is not None:  # the workers' pandoc ends with the run
                    with contextlib.suppress(OSError, TimeoutError):  # not over the run's error
                        client.unregister_worker_plugin(self._setup.name)

    def _converted(
        self, client: Any, items: list[Item]
    ) -> Iterator[tuple[Item, Result | TaskFailure]]:
        timed_out: queue.SimpleQueue[str] = queue.SimpleQueue()
        client.subscribe_topic(TIMEOUT_TOPIC, lambda event: timed_out.put(event[1]["label"]))
        workers = len(client.scheduler_info().get("workers", {})) or 1
        pending: dict[Any, _Batch[Item]] = {}

        def submit(batch: _Batch[Item]) -> None:
            future = client.submit(
                run_batch,
                self._function,
                batch.items,
                batch.labels,
                [self._limit(item) for item in batch.items],
                pure=False,
                retries=0,
            )
            pending[future] = batch

        # Suspects go one at a time, so that an article that kills its worker does not take
        # another suspect down with it: the scheduler blames every task its worker held.
        suspects: collections.deque[_Batch[Item]] = collections.deque()
        for batch in self._batches(items, workers):
            submit(batch)
        try:
            while pending or suspects:
                if suspects and not any(batch.suspect for batch in pending.values()):
                    submit(suspects.popleft())
                yield from self._timeouts(timed_out, pending, submit)
                try:
                    done, _ = distributed.wait(
                        list(pending), timeout=POLL_INTERVAL, return_when="FIRST_COMPLETED"
                    )
                except (TimeoutError, distributed.TimeoutError):
                    continue
                for future in done:
                    batch = pending.pop(future)
                    yield from self._finished(future, batch, submit, suspects.append)
                    future.release()
        finally:
            for future in pending:
                future.cancel()
            client.unsubscribe_topic(TIMEOUT_TOPIC)

    def _timeouts(
        self,
        timed_out: queue.SimpleQueue[str],
        pending: dict[Any, _Batch[Item]],
        submit: Callable[[_Batch[Item]], None],
    ) -> Iterator[tuple[Item, TaskFailure]]:
        """The items the workers reported past the limit: failed; the rest of their batch is
        sent again (the scheduler would re-run the whole batch, and time out again)."""
        while not timed_out.empty():
            label = timed_out.get()
            for future, batch in list(pending.items()):
                if label not in batch.labels:
                    continue
                del pending[future]
                future.cancel()
                index = batch.labels.index(label)
                limit = self._limit(batch.items[index]) or 0
                yield (
                    batch.items[index],
                    TaskFailure(f"did not finish within {limit:g} s (worker stopped)"),
                )
                rest = [i for i in range(len(batch.items)) if i != index]
                if rest:
                    submit(_Batch([batch.items[i] for i in rest], [batch.labels[i] for i in rest]))

    def _finished(
        self,
        future: Any,
        batch: _Batch[Item],
        submit: Callable[[_Batch[Item]], None],
        suspect: Callable[[_Batch[Item]], None],
    ) -> Iterator[tuple[Item, Result | TaskFailure]]:
        try:
            results = future.result()
        except distributed.KilledWorker:
            if len(batch.items) > 1:  # one of them kills workers: find it, one article a time
                for item, label in zip(batch.items, batch.labels, strict=True):
                    suspect(_Batch([item], [label], suspect=True))
                return
            # A task queued on a worker that another one killed is suspected too: only one
            # that is given up on again and again is the killer.
            label = batch.labels[0]
            self._strikes[label] = self._strikes.get(label, 0) + 1
            if self._strikes[label] < KILLER_STRIKES:
                suspect(_Batch(batch.items, batch.labels, suspect=True))
                return
            yield batch.items[0], TaskFailure("the worker converting it died, again and again")
            return
        except Exception as error:  # raised by the batch itself, or its result would not pickle
            failure = TaskFailure(f"{type(error).__name__}: {error}")
            for item in batch.items:
                yield item, failure
            return
        yield from zip(batch.items, results, strict=True)


def _worker_software(source: str) -> dict[str, str]:
    """On a worker: its software, and whether it sees the articles and the faces."""
    from convert.errors import ConvertError
    from convert.fonts import check_fonts_table
    from convert.versions import software

    found = software()
    found["source folder"] = "visible" if Path(source).is_dir() else "missing"
    try:
        check_fonts_table()
        found["fonts"] = "installed"
    except ConvertError as error:
        found["fonts"] = error.message
    return found


def refuse_other_software(client: Any, *, source: Path) -> None:
    """Every worker must write the bytes this machine would: the same convert, libraries and
    fonts; and it reads the articles from the same path."""
    from convert.versions import software

    with concurrent.futures.ThreadPoolExecutor(1) as thread:  # ours while the workers answer
        ours = thread.submit(software)
        answers = client.run(_worker_software, str(source))
        here = {**ours.result(), "source folder": "visible", "fonts": "installed"}
    for worker, theirs in sorted(answers.items()):
        for name, value in here.items():
            if theirs.get(name) != value:
                raise ClusterError(
                    f"worker {worker}: {name} {theirs.get(name)}, but here {value}"
                    + (f" ({source})" if name == "source folder" else "")
                )
