"""Footnote layout against the number of notes: the PDF of a big article (bench/big_article.py)
with 1,000, 4,000 and 16,000 links, each a footnote, converted as `convert build --format pdf`
does (bench/build_one.py: without the render limit).

    .venv/bin/python bench/footnotes.py [--notes 1000,4000,16000]

Each size is converted in a fresh run. Prints, per size, the pages, the wall and CPU time (all
processes), the time per note, the growth against the size before (four times the notes: 4.0
is linear) and each process's peak memory.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from big_article import big_article
from processes import Measured, describe_peaks, growth, os_load, run_measured
from pypdf import PdfReader

BUILD_ONE = Path(__file__).with_name("build_one.py")
LINKS_PER_SECTION = 20
BYTES_PER_LINK = (2 << 20) // 24000  # as in the 2 MB article of 24,000 links


def convert_pdf(notes: int, folder: Path) -> tuple[Measured, int]:
    """The article with `notes` links as a PDF, measured; and its page count."""
    source = folder / f"notes-{notes}.md"
    text = big_article(
        lang="ja",
        size=notes * BYTES_PER_LINK,
        sections=max(1, notes // LINKS_PER_SECTION),
        links=notes,
    )
    source.write_text(text, "utf-8")
    out = folder / "out"
    measured = run_measured([sys.executable, str(BUILD_ONE), str(source), str(out), "pdf"])
    if measured.returncode != 0:
        raise SystemExit(f"{notes} notes: {measured.stderr[-2000:]}")
    pdf = out / "pdf" / f"notes-{notes}.pdf"
    return measured, len(PdfReader(pdf).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", default="1000,4000,16000", help="comma-separated note counts")
    args = parser.parse_args()
    sizes = [int(size) for size in args.notes.split(",")]
    print(f"{os_load()} before the first run", flush=True)
    rows = []
    with tempfile.TemporaryDirectory(prefix="convert-notes-") as tmp:
        previous: tuple[int, Measured] | None = None
        for notes in sizes:
            measured, pages = convert_pdf(notes, Path(tmp))
            grown = growth(measured, previous, size=notes, unit="notes")
            row = (
                f"| {notes:,} | {pages:,} | {measured.seconds:.1f} s | {measured.cpu_seconds:.1f} s"
                f" | {measured.cpu_seconds / notes * 1000:.2f} ms | {grown}"
                f" | {measured.largest_mb:.0f} MB |"
            )
            rows.append(row)
            print(row, flush=True)
            print(f"    processes: {describe_peaks(measured)}; {os_load()}", flush=True)
            previous = (notes, measured)
    print()
    print("| notes | pages | wall | CPU | CPU per note | growth | largest process |")
    print("|---:|---:|---:|---:|---:|---|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
