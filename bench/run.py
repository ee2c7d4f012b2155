"""Benchmark: `convert all` against the plain pandoc CLI, on one generated corpus, in one run.

    .venv/bin/python bench/run.py            # N=200, with the pandoc loops
    .venv/bin/python bench/run.py --n 1000 --no-pandoc

Prints a table of wall times, ratios and peak memory (largest process of each command), and writes
it to bench/results-N<n>.md.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pypandoc
from corpus import write_corpus

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
FORMATS = ("pdf", "epub", "docx")


@dataclass(frozen=True)
class Timing:
    label: str
    seconds: float
    peak_mb: float


def measure(label: str, command: str, *, cwd: Path = ROOT) -> Timing:
    """Wall time and the peak resident memory of the largest process the command ran."""
    env = {**os.environ, "PATH": f"{VENV_BIN}:{os.environ['PATH']}"}
    started = time.perf_counter()
    process = subprocess.Popen(
        ["bash", "-c", command],
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):
        raise SystemExit(f"{label} failed: {process.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
    timing = Timing(label, seconds, usage.ru_maxrss / 1024)
    print(f"{label:<48} {seconds:8.1f} s  {timing.peak_mb:6.0f} MB", flush=True)
    return timing


def convert(corpus: Path, out: Path, fmt: str) -> str:
    return f"{VENV_BIN / 'convert'} all --quiet --format {fmt} --source {corpus} --out {out}"


def book(corpus: Path, out: Path, fmt: str) -> str:
    return f"{VENV_BIN / 'convert'} book {corpus} --quiet --format {fmt} --out {out}"


def pandoc_loop(corpus: Path, out: Path, fmt: str, *, jobs: int) -> str:
    """One pandoc process per article, as a user would script it."""
    pandoc = pypandoc.get_pandoc_path()
    engine = " --pdf-engine=weasyprint" if fmt == "pdf" else ""
    per_file = f'{pandoc} "$0" -o "{out}/$(basename "$0" .md).{fmt}"{engine} 2>/dev/null'
    return (
        f"mkdir -p {out} && find {corpus} -name '*.md' -print0 | "
        f"xargs -0 -n1 -P{jobs} sh -c {shlex.quote(per_file)}"
    )


def change_one_title(corpus: Path) -> None:
    """Edit one article so its title changes: it and the articles citing it must be rebuilt."""
    path = corpus / "Japanese" / "ja-term-00001.md"
    text = path.read_text("utf-8")
    path.write_text(text.replace("title: ", "title: 改訂 ", 1), "utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200, help="articles in the corpus")
    parser.add_argument("--no-pandoc", action="store_true", help="skip the pandoc CLI loops")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated formats")
    parser.add_argument("--no-cluster", action="store_true", help="skip the local Dask cluster")
    parser.add_argument("--no-book", action="store_true", help="skip the book rows")
    args = parser.parse_args()
    formats = tuple(args.formats.split(","))
    cores = os.cpu_count() or 1

    with tempfile.TemporaryDirectory(prefix="convert-bench-") as tmp:
        work = Path(tmp)
        corpus = work / "corpus"
        write_corpus(corpus, count=args.n, seeds_dir=ROOT / "seeds")
        print(f"corpus: {args.n} articles in {corpus}; {cores} cores", flush=True)
        rows: dict[str, Timing] = {}
        for fmt in formats:
            rows[f"convert {fmt}"] = measure(
                f"convert all --format {fmt} (cold)", convert(corpus, work / f"out-{fmt}", fmt)
            )
        if not args.no_book:  # the same articles as one book, right after their `convert all`
            for fmt in formats:
                rows[f"book {fmt}"] = measure(
                    f"convert book --format {fmt} (cold)", book(corpus, work / f"book-{fmt}", fmt)
                )
            rows["book noop"] = measure(
                f"convert book --format {formats[0]} (no-op)",
                book(corpus, work / f"book-{formats[0]}", formats[0]),
            )
        main_format = formats[0]
        rows["noop"] = measure(
            f"convert all --format {main_format} (no-op rebuild)",
            convert(corpus, work / f"out-{main_format}", main_format),
        )
        change_one_title(corpus)
        rows["one"] = measure(
            f"convert all --format {main_format} (one title changed)",
            convert(corpus, work / f"out-{main_format}", main_format),
        )
        if not args.no_cluster:
            rows |= cluster_rows(corpus, work, formats=[f for f in formats if f in ("pdf", "epub")])
        if not args.no_pandoc:
            for fmt in formats:
                rows[f"pandoc {fmt} seq"] = measure(
                    f"pandoc CLI loop {fmt} (sequential)",
                    pandoc_loop(corpus, work / f"pandoc-{fmt}-1", fmt, jobs=1),
                )
                rows[f"pandoc {fmt} par"] = measure(
                    f"pandoc CLI loop {fmt} (xargs -P{cores})",
                    pandoc_loop(corpus, work / f"pandoc-{fmt}-{cores}", fmt, jobs=cores),
                )
    table = render_table(rows, n=args.n, cores=cores, formats=formats)
    print("\n" + table)
    (ROOT / "bench" / f"results-N{args.n}.md").write_text(table, "utf-8")


CLUSTER_WORKERS = 2
CLUSTER_REPEATS = 3


def cluster_rows(corpus: Path, work: Path, *, formats: list[str]) -> dict[str, Timing]:
    """The same builds through a local Dask cluster of one-thread workers (started before the
    clock runs), as `convert all --scheduler` would use a real one, each beside a cold local-pool
    run: pool and cluster in turn, CLUSTER_REPEATS times, the medians kept (a single pair on two
    cores varies by 20 %). The cluster's first run is on fresh workers, the later ones on workers
    that have run once, as a standing cluster's have."""
    from distributed import LocalCluster

    rows = {}
    with LocalCluster(
        n_workers=CLUSTER_WORKERS, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        for fmt in formats:
            pairs = []
            for run in range(1, CLUSTER_REPEATS + 1):
                pool = measure(
                    f"convert all --format {fmt} (cold, run {run})",
                    convert(corpus, work / f"pool-{fmt}-{run}", fmt),
                )
                on_cluster = measure(
                    f"convert all --format {fmt} --scheduler (run {run})",
                    convert(corpus, work / f"cluster-{fmt}-{run}", fmt)
                    + f" --scheduler {cluster.scheduler_address}",
                )
                pairs.append((pool, on_cluster))
            print(
                f"{fmt} cluster / pool, run by run: "
                + ", ".join(f"{c.seconds / p.seconds:.2f}×" for p, c in pairs),
                flush=True,
            )
            rows[f"pool {fmt}"] = _median([pool for pool, _ in pairs])
            rows[f"cluster {fmt}"] = _median([on_cluster for _, on_cluster in pairs])
    return rows


def _median(timings: list[Timing]) -> Timing:
    return sorted(timings, key=lambda timing: timing.seconds)[len(timings) // 2]


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], body: list[list[str]]) -> list[str]:
    return [_row(header), _row(["---"] * len(header)), *(_row(cells) for cells in body)]


def _beside(
    rows: dict[str, Timing],
    formats: tuple[str, ...],
    *,
    kind: str,
    header: list[str],
    last: Callable[[Timing], str],
    base: str = "convert",
) -> list[str]:
    """`convert all` (rows `<base> <format>`) beside another build of the same articles (rows
    `<kind> <format>`): both times, their ratio and one more cell of the other build."""
    body = [
        [
            fmt,
            f"{rows[f'{base} {fmt}'].seconds:.1f} s",
            f"{rows[f'{kind} {fmt}'].seconds:.1f} s",
            f"{rows[f'{kind} {fmt}'].seconds / rows[f'{base} {fmt}'].seconds:.2f}×",
            last(rows[f"{kind} {fmt}"]),
        ]
        for fmt in formats
        if f"{kind} {fmt}" in rows
    ]
    return [*_table(header, body), ""] if body else []


def render_table(rows: dict[str, Timing], *, n: int, cores: int, formats: tuple[str, ...]) -> str:
    body = []
    for fmt in formats:
        ours = rows[f"convert {fmt}"]
        seq, par = rows.get(f"pandoc {fmt} seq"), rows.get(f"pandoc {fmt} par")
        body.append(
            [
                fmt,
                f"{ours.seconds:.1f} s",
                f"{ours.seconds / n * 1000:.0f} ms",
                f"{ours.peak_mb:.0f}",
                f"{seq.seconds:.1f} s" if seq else "–",
                f"{par.seconds:.1f} s" if par else "–",
                f"{seq.seconds / ours.seconds:.1f}×" if seq else "–",
                f"{par.seconds / ours.seconds:.1f}×" if par else "–",
            ]
        )
    header = ["format", "convert all (cold)", "per article", "peak MB"]
    header += ["pandoc loop sequential", f"pandoc loop -P{cores}"]
    header += ["speed-up vs sequential", f"vs -P{cores}"]
    lines = [f"N = {n} articles (half Japanese, half Korean), {cores} cores.", ""]
    lines += [*_table(header, body), ""]
    book = _beside(
        rows,
        formats,
        kind="book",
        header=["format", "convert all", "convert book", "book / all", "book peak MB"],
        last=lambda timing: f"{timing.peak_mb:.0f}",
    )
    if book:
        lines += ["The same articles as one book (`convert book`), beside `convert all`:", ""]
        noop = rows["book noop"].seconds
        lines += [*book, f"Book no-op rebuild ({formats[0]}): {noop:.2f} s.", ""]
    lines += [
        f"No-op rebuild ({formats[0]}): {rows['noop'].seconds:.2f} s. "
        f"One article's title changed, it and the articles citing it rebuilt ({formats[0]}): "
        f"{rows['one'].seconds:.2f} s.",
        "",
    ]
    cluster = _beside(
        rows,
        formats,
        kind="cluster",
        header=["format", "local pool", "cluster", "cluster / pool", "per worker"],
        last=lambda timing: f"{n / timing.seconds / CLUSTER_WORKERS:.1f} articles/s",
        base="pool",
    )
    if cluster:
        lines += [
            f"Through a local Dask cluster of {CLUSTER_WORKERS} one-thread workers beside the "
            f"local pool, the median of {CLUSTER_REPEATS} runs of each, in turn:",
            "",
            *cluster,
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    main()
