"""Time the EPUB writer's font subsetting per book, on EPUBs already built (the XHTML inside them
is what the writer subsets for).

    .venv/bin/convert all --format epub --source seeds --out /tmp/dist
    .venv/bin/python bench/epub_fonts.py /tmp/dist/epub/*.epub

Each book runs in a fresh process: `first` is its first call there (faces not yet loaded), `next`
the median of the calls after it (what a worker pays for each further book).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import zipfile
from pathlib import Path

from convert.fonts import fonts_for
from convert.writers.epub_fonts import embed_fonts

REPEATS = 5


def time_book(path: Path, *, vertical: bool) -> None:
    with zipfile.ZipFile(path) as book:
        documents = [book.read("EPUB/article.xhtml"), book.read("EPUB/nav.xhtml")]
        lang = book.read("EPUB/content.opf").split(b"<dc:language>")[1].split(b"<")[0].decode()
    faces = fonts_for(lang)  # read before timing: the writer has them already
    seconds = []
    for _ in range(1 + REPEATS):
        started = time.perf_counter()
        fonts = embed_fonts(documents, fonts=faces, vertical=vertical)
        seconds.append(time.perf_counter() - started)
    sizes = " + ".join(f"{len(font.resource.data):,}" for font in fonts)
    print(
        f"{path.name} ({lang}, {'vertical' if vertical else 'horizontal'}): "
        f"first {seconds[0] * 1000:.0f} ms, next {statistics.median(seconds[1:]) * 1000:.1f} ms; "
        f"fonts {sizes} bytes"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("books", nargs="+", type=Path)
    parser.add_argument("--vertical", action="store_true")
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_process:
        time_book(args.books[0], vertical=args.vertical)
        return
    for book in args.books:
        extra = ["--vertical"] if args.vertical else []
        subprocess.run([sys.executable, __file__, "--in-process", str(book), *extra], check=True)


if __name__ == "__main__":
    main()
