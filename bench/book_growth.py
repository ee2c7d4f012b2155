"""How a book's build grows with its articles: the same generated collection (bench/corpus.py) at
two sizes, each size made into one book in every format, measured in one run.

    .venv/bin/python bench/book_growth.py                     # 1,000 and 4,000 articles
    .venv/bin/python bench/book_growth.py --sizes 250,1000    # a quicker look

Prints, per format and size: wall and CPU time of all the command's processes, the growth from
the smaller size, and the peak memory of the largest process (with every process's peak).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from corpus import write_corpus
from processes import describe_peaks, growth, os_load, run_measured

ROOT = Path(__file__).resolve().parent.parent
CONVERT = Path(sys.executable).parent / "convert"
FORMATS = ("pdf", "epub", "docx")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,4000", help="comma-separated article counts")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated formats")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    formats = args.formats.split(",")
    rows = []
    with tempfile.TemporaryDirectory(prefix="convert-book-growth-") as work:
        for fmt in formats:
            first = None
            for size in sizes:
                corpus = Path(work) / f"corpus-{size}"
                if not corpus.is_dir():
                    write_corpus(corpus, count=size, seeds_dir=ROOT / "seeds")
                out = Path(work) / f"out-{size}-{fmt}"
                command = [str(CONVERT), "book", str(corpus), "--quiet", "--format", fmt]
                measured = run_measured([*command, "--out", str(out)])
                if measured.returncode != 0:  # reported, and the other sizes and formats go on
                    failure = measured.stderr.strip().splitlines()[-1:] or ["no message"]
                    row = f"| {fmt} | {size:,} | failed after {measured.seconds:.1f} s | "
                    rows.append(row + f"{measured.cpu_seconds:.1f} s | {failure[0][:200]} | – |")
                    print(rows[-1], flush=True)
                    continue
                grown = growth(measured, first, size=size, unit="articles")
                first = first or (size, measured)
                row = (
                    f"| {fmt} | {size:,} | {measured.seconds:.1f} s | {measured.cpu_seconds:.1f} s"
                    f" | {grown} | {measured.largest_mb:.0f} MB |"
                )
                rows.append(row)
                print(row, flush=True)
                print(f"    processes: {describe_peaks(measured)[:300]}; {os_load()}", flush=True)
    print()
    print("| format | articles | wall | CPU | growth | largest process |")
    print("|---|---:|---:|---:|---|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
