"""`convert all --scheduler`: a real Dask cluster on loopback (a scheduler and two workers from
this venv, the workers in another working folder), against the local pool."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from conftest import SEEDS, run_convert

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
from corpus import write_corpus  # noqa: E402

from convert.cluster import DaskPool  # noqa: E402
from convert.executor import TaskFailure  # noqa: E402

DASK = Path(sys.executable).parent / "dask"
TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
SOURCE_DATE_EPOCH = "1700000000"
BOOK_ARTICLES = 60  # 30 Japanese: several sections, more than one chunk in some


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[int]]]:
    """The scheduler's address and the two workers' nanny process ids."""
    folder = tmp_path_factory.mktemp("cluster")
    scheduler_file = folder / "scheduler.json"
    environment = {
        **os.environ,
        "PYTHONPATH": str(TESTS),  # executor_work, for the executor's own tests
        "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1",  # give up on a killer sooner
    }
    common = ["--scheduler-file", str(scheduler_file), "--no-dashboard"]
    processes = [
        subprocess.Popen(
            [DASK, "scheduler", "--host", "127.0.0.1", "--port", "0", *common],
            cwd=folder, env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
    ]  # fmt: skip
    for _ in range(100):
        if scheduler_file.is_file() and scheduler_file.stat().st_size:
            break
        time.sleep(0.2)
    workers_folder = tmp_path_factory.mktemp("elsewhere")
    for name in ("one", "two"):
        processes.append(
            subprocess.Popen(
                [DASK, "worker", "--nthreads", "1", "--name", name, *common],
                cwd=workers_folder, env=environment,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
        )  # fmt: skip
    address = json.loads(scheduler_file.read_text())["address"]
    from distributed import Client

    with Client(address, timeout="30s") as client:
        client.wait_for_workers(2, timeout=60)
    yield address, [process.pid for process in processes[1:]]
    for process in reversed(processes):
        process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="module")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and the fixture articles (several languages, notes, images, tables)."""
    folder = tmp_path_factory.mktemp("articles")
    shutil.copytree(SEEDS, folder / "seeds")
    for kind in ("epub", "pdf", "docx"):
        if (FIXTURES / kind).is_dir():
            shutil.copytree(FIXTURES / kind, folder / kind)
    return folder


def _build(articles: Path, out: Path, fmt: str, *extra: str) -> subprocess.CompletedProcess[str]:
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        return run_convert(
            "all", "--source", str(articles), "--out", str(out), "--format", fmt, *extra
        )
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]


def _outputs(folder: Path) -> dict[str, bytes]:
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.startswith(".")
    }


@pytest.mark.parametrize("fmt", ["epub", "docx", "pdf"])
def test_the_cluster_writes_the_bytes_the_local_pool_writes(
    cluster: tuple[str, list[int]], articles: Path, tmp_path: Path, fmt: str
) -> None:
    address, _ = cluster
    local = _build(articles, tmp_path / "local", fmt)
    assert local.returncode in (0, 1), local.stderr
    remote = _build(articles, tmp_path / "cluster", fmt, "--scheduler", address)
    assert remote.returncode == local.returncode, remote.stderr
    # The same verdicts and warnings, whichever machine converted.
    assert sorted(remote.stderr.splitlines()[:-1]) == sorted(local.stderr.splitlines()[:-1])
    expected = _outputs(tmp_path / "local")
    assert len(expected) >= 8
    assert _outputs(tmp_path / "cluster") == expected


def test_a_book_on_the_cluster_is_the_book_of_the_local_pool(
    cluster: tuple[str, list[int]], tmp_path: Path
) -> None:
    """The articles and the printed book's chunks go to the cluster's workers, and the book
    comes out byte for byte as on this machine."""
    address, _ = cluster
    write_corpus(tmp_path / "src", count=BOOK_ARTICLES, seeds_dir=SEEDS)
    book = str(tmp_path / "src" / "Japanese")
    os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
    try:
        local = run_convert("book", book, "--out", str(tmp_path / "local"))
        remote = run_convert(
            "book", book, "--out", str(tmp_path / "cluster"), "--scheduler", address
        )
    finally:
        del os.environ["SOURCE_DATE_EPOCH"]
    assert local.returncode == 0, local.stderr
    assert remote.returncode == 0, remote.stderr
    expected = _outputs(tmp_path / "local")
    assert {Path(name).suffix for name in expected} >= {".pdf", ".epub", ".docx"}
    assert _outputs(tmp_path / "cluster") == expected
    from distributed import Client
    from executor_work import laid_out_book_chunks

    with Client(address, timeout="30s") as client:
        assert all(client.run(laid_out_book_chunks).values())


def test_a_book_with_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run_convert(
        "book", str(SEEDS), "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9"
    )
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("convert: cannot reach the scheduler at tcp://127.0.0.1:9")


def test_a_worker_killed_mid_run_is_replaced_and_every_output_is_written(
    cluster: tuple[str, list[int]], tmp_path: Path
) -> None:
    address, nannies = cluster
    source = tmp_path / "many"
    source.mkdir()
    for number in range(24):
        for seed in SEEDS.iterdir():
            shutil.copy(seed, source / f"{number:02}-{seed.name}")
    command = [sys.executable, "-m", "convert", "all", "--source", str(source)]
    command += ["--out", str(tmp_path / "out"), "--format", "epub", "--scheduler", address]
    run = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    assert run.stderr is not None
    killed = False
    lines = []
    for line in run.stderr:
        lines.append(line)
        if line.startswith("converted") and not killed:
            worker = psutil.Process(nannies[0]).children()[0]  # the nanny's worker process
            worker.kill()
            killed = True
    assert run.wait(timeout=300) == 0, "".join(lines)
    assert killed
    assert len(list((tmp_path / "out" / "epub").iterdir())) == 48
    assert lines[-1].startswith("48 converted, 0 unchanged, 0 failed")


def test_an_unreachable_scheduler_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = run_convert(
        "all", "--source", str(SEEDS), "--out", str(tmp_path), "--scheduler", "tcp://127.0.0.1:9"
    )
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith(
        "convert: cannot reach the scheduler at tcp://127.0.0.1:9"
    )
    assert "Traceback" not in result.stderr


def test_an_item_that_kills_its_workers_fails_alone(cluster: tuple[str, list[int]]) -> None:
    from executor_work import work

    address, _ = cluster
    items = ["a", "b", "crash", "c", "d", "e", "f", "g"]
    results = dict(DaskPool(work, address=address, batch_size=4).run(items))
    assert {item: results[item] for item in items if item != "crash"} == {
        item: item.upper() for item in items if item != "crash"
    }
    assert isinstance(results["crash"], TaskFailure)
    assert "died" in results["crash"].reason


def test_an_item_past_the_time_limit_fails_and_its_batch_goes_on(
    cluster: tuple[str, list[int]],
) -> None:
    from executor_work import work

    address, _ = cluster
    started = time.monotonic()
    items = ["a", "hang", "b", "c"]
    results = dict(DaskPool(work, address=address, timeout=3, batch_size=4).run(items))
    assert isinstance(results["hang"], TaskFailure)
    assert "within 3 s" in results["hang"].reason
    assert [results[item] for item in ("a", "b", "c")] == ["A", "B", "C"]
    assert time.monotonic() - started < 50  # the hung worker ended itself; nobody waited 60 s
