"""A big article made of the seeds' own sentences, and its conversion measured: a glossary-like
page of many sections, each phrase a link to another article or to the web, as the densest real
pages are (every link a footnote in the PDF and DOCX; in the EPUB those to articles).

    .venv/bin/python bench/big_article.py                 # 2 MB, 1,200 sections, 24,000 links
    .venv/bin/python bench/big_article.py --keep big.md   # and keep the article

Converts it as `convert build --format all` does (one worker does the three formats, as for
any article; bench/build_one.py, without the render limit) and prints the wall and CPU time
and the peak memory of every process.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = {"ja": "000_f05ec80eb2b72cc7.txt", "ko": "001_9d4fb5367c2b340c.txt"}
LINK = re.compile(r"\[([^\]]*)\]\(([^)]*)\)")
# A clause ends after a comma or full stop (ideographic or Latin) and the spaces after it.
CLAUSE = re.compile(r".+?(?:[、。，．,.!?！？]\s*|$)", re.DOTALL)
# Inside a clause a phrase may end after a Japanese particle or at a space.
PHRASE_END = re.compile(r"(?<=[はがをでにと])(?=[^\s、。])|(?<=\s)")
SHORTEST_PHRASE = 8  # characters: 20 links and their text fit in a section of 1,750 bytes


def _phrases(clause: str) -> list[str]:
    """The clause cut after particles or at spaces into phrases of 8 characters or more."""
    phrases: list[str] = []
    start = 0
    for end in (match.start() for match in PHRASE_END.finditer(clause)):
        if end - start >= SHORTEST_PHRASE and len(clause) - end >= SHORTEST_PHRASE:
            phrases.append(clause[start:end])
            start = end
    return [*phrases, clause[start:]]


EXTERNAL_EVERY = 2  # every second link goes to the web, the others to articles
PARAGRAPH_CHARS = 200  # a paragraph ends at the first full stop after this many characters


def _prose_and_headings(seed: str) -> tuple[list[str], list[str], list[str]]:
    """The seed's phrases (links reduced to their text), heading words and link slugs."""
    _, _, body = seed.split("---\n", 2)
    slugs = list(dict.fromkeys(match.group(2).strip("/") for match in LINK.finditer(body)))
    clauses: list[str] = []
    headings: list[str] = []
    for block in body.split("\n\n"):
        block = block.strip()
        if block.startswith("#"):
            headings.append(block.lstrip("#").strip())
        elif block and not block.startswith(">"):
            text = LINK.sub(r"\1", block).replace("\n", "")
            parts = (phrase for part in CLAUSE.findall(text) for phrase in _phrases(part))
            clauses.extend(phrase for phrase in parts if phrase.strip())
    return clauses, headings[1:], slugs


def _link(text: str, number: int, slugs: list[str]) -> str:
    word = text.rstrip("、。，．,.!?！？ ")
    tail = text[len(word) :]
    if not word:
        return text
    slug = slugs[number % len(slugs)]
    if number % EXTERNAL_EVERY:
        return f"[{word}](https://example.org/{slug}){tail}"
    return f"[{word}](/{slug}){tail}"


def big_article(*, lang: str, size: int, sections: int, links: int) -> str:
    """About `size` bytes of Markdown with exactly `sections` H2 sections and `links` links."""
    clauses, headings, slugs = _prose_and_headings((ROOT / "seeds" / SEEDS[lang]).read_text())
    front = f"---\ntitle: 用語集 {sections}\nlang: {lang}\n---\n\n"
    parts = [front]
    written = len(front.encode())
    next_clause = 0
    link_number = 0
    for section in range(sections):
        heading = f"## {headings[section % len(headings)]} {section + 1}\n\n"
        parts.append(heading)
        written += len(heading.encode())
        section_links = links * (section + 1) // sections - links * section // sections
        target = size * (section + 1) // sections  # bytes written once this section ends
        paragraph = ""
        while section_links or written + len(paragraph.encode()) < target:
            clause = clauses[next_clause % len(clauses)]
            next_clause += 1
            if section_links:
                clause = _link(clause, link_number, slugs)
                link_number += 1
                section_links -= 1
            paragraph += clause
            if len(paragraph) > PARAGRAPH_CHARS and clause.rstrip().endswith(("。", ".")):
                parts.append(paragraph.strip() + "\n\n")
                written += len(parts[-1].encode())
                paragraph = ""
        if paragraph:
            parts.append(paragraph.strip() + "\n\n")
            written += len(parts[-1].encode())
    return "".join(parts)


def main() -> None:
    from processes import describe_peaks, os_load, run_measured
    from pypdf import PdfReader

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=sorted(SEEDS), default="ja")
    parser.add_argument("--bytes", type=int, default=2 << 20)
    parser.add_argument("--sections", type=int, default=1200)
    parser.add_argument("--links", type=int, default=24000)
    parser.add_argument("--format", default="all", help="pdf, epub, docx or all")
    parser.add_argument("--keep", type=Path, help="also write the article here")
    args = parser.parse_args()
    text = big_article(lang=args.lang, size=args.bytes, sections=args.sections, links=args.links)
    with tempfile.TemporaryDirectory(prefix="convert-big-") as tmp:
        source = Path(tmp) / f"big-{args.lang}.md"
        source.write_text(text, "utf-8")
        if args.keep:
            shutil.copy(source, args.keep)
        print(
            f"{len(text.encode()):,} bytes, {args.sections:,} sections, {args.links:,} links; "
            f"{os_load()}",
            flush=True,
        )
        out = Path(tmp) / "out"
        build_one = Path(__file__).with_name("build_one.py")
        command = [sys.executable, str(build_one), str(source), str(out), args.format]
        measured = run_measured(command)
        print(measured.stderr.strip())
        written = ", ".join(
            f"{path.name} {path.stat().st_size:,} B"
            + (f" ({len(PdfReader(path).pages):,} pages)" if path.suffix == ".pdf" else "")
            for path in out.rglob("big-*")
        )
        print(
            f"build --format {args.format}: {measured.seconds:.1f} s wall, "
            f"{measured.cpu_seconds:.1f} s CPU (all processes); exit {measured.returncode}\n"
            f"written: {written}\n"
            f"peak memory: {describe_peaks(measured)} (largest {measured.largest_mb:.0f} MB)\n"
            f"{os_load()}"
        )


if __name__ == "__main__":
    main()
