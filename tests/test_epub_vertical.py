"""--vertical: Japanese set top to bottom, pages turning right to left, short Latin and
numbers upright; other languages stay horizontal."""

from __future__ import annotations

from pathlib import Path

import panflute as pf
import pytest
from conftest import JA_SEED, KO_SEED, SEEDS, run_convert
from epub_checks import FIXTURES, NS, epubcheck_messages, read_entry, xml_entry

from convert.model import ArticleMeta
from convert.passes import PassContext
from convert.passes.mark_upright_runs import mark_upright_runs


@pytest.fixture(scope="module")
def vertical_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("vertical")
    result = run_convert(
        "all", "--format", "epub", "--vertical", "--source", str(SEEDS), "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    return out


def test_a_vertical_japanese_book_is_valid(vertical_dist: Path) -> None:
    assert epubcheck_messages(vertical_dist / "epub" / f"{JA_SEED}.epub") == []


def test_a_vertical_book_with_a_table_code_and_lists_is_valid(tmp_path: Path) -> None:
    source = FIXTURES / "ja" / "compound-interest-ja.md"
    result = run_convert(
        "build", str(source), "--format", "epub", "--vertical", "--out", str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    path = tmp_path / "epub" / "compound-interest-ja.epub"
    assert epubcheck_messages(path) == []
    page = xml_entry(path, "article.xhtml")
    assert page.xpath("//x:table", namespaces=NS) and page.xpath("//x:pre", namespaces=NS)
    upright = page.xpath("//x:span[@class='tcy']/text()", namespaces=NS)
    assert {"10", "AI", "FX"} <= set(upright)
    assert "5" not in upright  # `5%` is one run of two kinds: it stays on its side
    assert not page.xpath("//x:pre//x:span[@class='tcy']", namespaces=NS)


def test_pages_turn_right_to_left_and_lines_run_down(vertical_dist: Path) -> None:
    path = vertical_dist / "epub" / f"{JA_SEED}.epub"
    spine = xml_entry(path, "content.opf").xpath("//opf:spine", namespaces=NS)[0]
    assert spine.get("page-progression-direction") == "rtl"
    css = read_entry(path, "EPUB/style.css").decode("utf-8")
    assert "writing-mode: vertical-rl;" in css
    assert "text-combine-upright: all;" in css


def test_short_numbers_stand_upright_and_words_do_not(vertical_dist: Path) -> None:
    page = xml_entry(vertical_dist / "epub" / f"{JA_SEED}.epub", "article.xhtml")
    upright = page.xpath("//x:span[@class='tcy']/text()", namespaces=NS)
    assert "50" in upright and "10" in upright
    assert all(len(run) <= 2 for run in upright)
    assert "FlexJobs" not in upright


def test_a_korean_book_stays_horizontal(vertical_dist: Path, seed_dist: Path) -> None:
    path = vertical_dist / "epub" / f"{KO_SEED}.epub"
    spine = xml_entry(path, "content.opf").xpath("//opf:spine", namespaces=NS)[0]
    assert spine.get("page-progression-direction") is None
    assert "vertical-rl" not in read_entry(path, "EPUB/style.css").decode("utf-8")
    assert path.read_bytes() == (seed_dist / "epub" / f"{KO_SEED}.epub").read_bytes()


def _marked(text: str) -> list[str]:
    ctx = PassContext(meta=ArticleMeta(title="縦書き", lang="ja"), vertical=True)
    doc = mark_upright_runs(pf.Doc(pf.Para(pf.Str(text))), ctx)
    return [pf.stringify(span) for span in doc.content[0].content if isinstance(span, pf.Span)]


@pytest.mark.parametrize(
    ("text", "upright"),
    [
        ("トップ10の1つ", ["10", "1"]),
        ("AIとIT", ["AI", "IT"]),
        ("FlexJobsは100社", []),
        ("利率は1.5%", []),
        ("２０２４年", []),  # full-width digits already stand upright
    ],
)
def test_which_runs_stand_upright(text: str, upright: list[str]) -> None:
    assert _marked(text) == upright
