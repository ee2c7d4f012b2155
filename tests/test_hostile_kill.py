"""`convert all` killed (SIGKILL, the whole process group) at random moments, or cut off in the
middle of a write (a file size limit), never leaves a truncated output under its final name,
and a rerun finishes the job."""

from __future__ import annotations

import os
import random
import resource
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pikepdf
from conftest import ROOT, SEEDS

from convert.cache import CACHE_FILE

KILLS = 6
SEED = 20261124  # fixed: the same moments on every run


def _complete(path: Path) -> bool:
    if path.suffix == ".pdf":
        try:
            with pikepdf.open(path) as pdf:
                return not pdf.check_pdf_syntax() and len(pdf.pages) > 0
        except pikepdf.PdfError:
            return False
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.testzip() is None
    except zipfile.BadZipFile:
        return False


def _source(tmp_path: Path) -> Path:
    """Six real articles: long enough a run for kills to land while files are written."""
    source = tmp_path / "src"
    for copy in range(3):
        shutil.copytree(SEEDS, source / f"set{copy}")
    return source


def _start(*, source: Path, out: Path, file_size_limit: int | None = None) -> subprocess.Popen:
    def limit() -> None:
        if file_size_limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (file_size_limit, file_size_limit))

    return subprocess.Popen(
        [sys.executable, "-m", "convert", "all", "--source", str(source), "--out", str(out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        preexec_fn=limit,
    )


def _kill(*, source: Path, out: Path, after: float) -> None:
    process = _start(source=source, out=out)
    time.sleep(after)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass  # it had finished
    process.wait()


def test_killed_runs_leave_no_truncated_output(tmp_path: Path) -> None:
    source, out = _source(tmp_path), tmp_path / "dist"
    moments = random.Random(SEED)
    for _ in range(KILLS):
        _kill(source=source, out=out, after=moments.uniform(1.0, 12.0))
        # A write cut off in the middle, every time: no file may grow past a random size.
        _start(source=source, out=out, file_size_limit=moments.randrange(4096, 200_000)).wait()
        final = [
            path for path in out.rglob("*") if path.is_file() and not path.name.startswith(".")
        ]
        assert all(_complete(path) for path in final), [p for p in final if not _complete(p)]
        leftovers = [path for path in out.rglob(".*") if path.is_file() and path.name != CACHE_FILE]
        assert all(path.name.endswith(".part") for path in leftovers), leftovers

    finished = subprocess.run(
        [sys.executable, "-m", "convert", "all", "--source", str(source), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert finished.returncode == 0, finished.stderr
    final = sorted(
        path for path in out.rglob("*") if path.is_file() and not path.name.startswith(".")
    )
    assert len(final) == 6 * 3 and all(_complete(path) for path in final)
    assert not list(out.rglob("*.part"))  # the finishing run cleared what the killed ones left
