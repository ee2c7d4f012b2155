"""The local pool: results stream back; a crash or a hang fails that task only."""

from __future__ import annotations

import os
import time

from executor_work import work

from convert.executor import LocalPool, TaskFailure


def test_results_come_back_for_every_item() -> None:
    results = dict(LocalPool(work, jobs=2).run(["a", "b", "c"]))
    assert results == {"a": "A", "b": "B", "c": "C"}


def test_a_task_that_kills_its_worker_fails_alone_and_the_worker_is_replaced() -> None:
    results = dict(LocalPool(work, jobs=1).run(["a", "crash", "b", "c"]))
    assert results["a"] == "A" and results["b"] == "B" and results["c"] == "C"
    failure = results["crash"]
    assert isinstance(failure, TaskFailure)
    assert "died" in failure.reason and "3" in failure.reason


def test_a_task_past_the_timeout_is_stopped_and_the_rest_go_on() -> None:
    started = time.monotonic()
    results = dict(LocalPool(work, jobs=1, timeout=1).run(["hang", "a"]))
    assert isinstance(results["hang"], TaskFailure)
    assert "within 1 s" in results["hang"].reason
    assert results["a"] == "A"
    assert time.monotonic() - started < 30  # the hung worker was killed, not waited for


def _remember_start(marker: str) -> None:
    os.environ["CONVERT_TEST_STARTED"] = marker


def started_marker(item: str) -> str:
    return os.environ.get("CONVERT_TEST_STARTED", "")


def test_each_worker_runs_its_initializer_before_tasks() -> None:
    pool = LocalPool(started_marker, jobs=2, initializer=_remember_start, initargs=("warm",))
    assert set(dict(pool.run(["x", "y"])).values()) == {"warm"}
