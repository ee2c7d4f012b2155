"""Big articles: one over the old 1 MB limit converts; the limit is the setting
max_article_bytes, and a file above it fails with one line naming it."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from conftest import ROOT, run_convert

from convert.build import render_limit
from convert.collection import Collection, Source
from convert.config import Config, make_config
from convert.pipeline import convert_source
from convert.worker import Task

sys.path.insert(0, str(ROOT / "bench"))
from big_article import big_article  # noqa: E402

SECTIONS, LINKS = 600, 6000


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1.1 MB of the Japanese seed's sentences in 600 sections, with 6,000 links."""
    path = tmp_path_factory.mktemp("big") / "glossary.md"
    path.write_text(big_article(lang="ja", size=1_150_000, sections=SECTIONS, links=LINKS), "utf-8")
    assert path.stat().st_size > 1 << 20
    return path


def test_an_article_over_one_mb_converts(big: Path, tmp_path: Path) -> None:
    """EPUB and DOCX here; the PDF of a bigger one is measured by bench/big_article.py."""
    result = run_convert("build", str(big), "--format", "epub", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    result = run_convert("build", str(big), "--format", "docx", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(tmp_path / "epub" / "glossary.epub") as book:
        article = book.read("EPUB/article.xhtml").decode()
    assert article.count("<h2") == SECTIONS
    # Every other link is to another article: a note in an e-book; web links stay links.
    assert article.count('epub:type="footnote"') == LINKS // 2
    assert article.count('href="https://example.org/') == LINKS // 2
    with zipfile.ZipFile(tmp_path / "docx" / "glossary.docx") as document:
        notes = document.read("word/footnotes.xml").decode()
    assert notes.count("<w:footnote ") == LINKS + 2  # and Word's separator and continuation


def test_a_file_above_the_limit_fails_with_one_line_naming_it(write_article) -> None:  # type: ignore[no-untyped-def]
    path = write_article("long.md", "# 長い\n\n" + "株式市場。" * 400 + "\n")
    source = Source(path, PurePosixPath("long"))
    outcome = convert_source(
        source,
        collection=Collection.from_sources([source]),
        config=Config(out=path.parent / "out", max_article_bytes=4000),
        display="long.md",
    )
    size = path.stat().st_size
    assert outcome.errors == [
        f"long.md: too large: {size:,} bytes, more than the 4,000 of the setting max_article_bytes"
    ]
    assert outcome.outputs == {}


def test_the_limit_is_read_from_the_settings(tmp_path: Path) -> None:
    assert make_config(cwd=tmp_path).max_article_bytes == 4 << 20
    (tmp_path / "convert.toml").write_text("max_article_bytes = 9\n")
    assert make_config(cwd=tmp_path).max_article_bytes == 9


def test_a_big_article_gets_more_time(big: Path, write_article) -> None:  # type: ignore[no-untyped-def]
    small = write_article("small.md", "# 小さい\n\n株式市場。\n")
    config = Config(render_timeout=120)
    tasks = [
        Task(Source(path, PurePosixPath(path.stem)), path.name, ("pdf",)) for path in (small, big)
    ]
    assert [render_limit(task, config=config) for task in tasks] == [120, 360]  # 1.1 MB: 3 halves
