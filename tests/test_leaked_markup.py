"""No Markdown leaks into what a reader sees: every fixture article (the real ones of
`tests/fixtures/real/` included) is built once into every format, and the text of each output is
scanned for markup. `tests/fixtures/hostile/` is left to its own test: some of its text is meant
to stay as written."""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import JA_SEED, KO_SEED, ROOT, run_convert
from lxml import etree
from outputs import pdf_text

FIXTURES = ROOT / "tests" / "fixtures"
FIXTURE_SETS = ("pdf", "epub", "docx", "real")
ARTICLES = sorted(
    path.relative_to(FIXTURES).with_suffix("").as_posix()
    for name in FIXTURE_SETS
    for path in (FIXTURES / name).rglob("*.md")
)
FORMATS = ("pdf", "epub", "docx")
LEAKS = (
    *("##", "＃＃", "](/", "<!", "-->", "**", "amp;", "TTT", "ТТТ", ",."),
    *("\\u00", "\\u20", "＆＃", "amp؛", "amperio;"),
    *("< /", "</ ", "\\frac{", "\\text{", "\\begin{"),  # formula markup (KaTeX)
)
XHTML = "http://www.w3.org/1999/xhtml"
# `1.項目`: a number, its full stop and a letter opening a paragraph is a list item left as text.
ORDERED_ITEM_AS_TEXT = re.compile(r"\d{1,9}[.)][^\W\d_]")

# Each repair the real articles need, as the warning that names its line.
REAL_REPAIRS = [
    ("real/Chinese/gig-economy.md:48", "heading marked with full-width '＃＃'"),
    ("real/Chinese/gig-economy.md:56", "heading marked with full-width '＃＃'"),
    ("real/Japanese/aaa.md:4", "front matter 'description': HTML entities read as the"),
    ("real/Japanese/aaa.md:24", "heading without a space after '###'"),
    ("real/Japanese/aaa.md:42", "list item without a space after '-'"),
    ("real/Japanese/529plan.md:40", "list item without a space after '-'"),
    ("real/Japanese/529plan.md:40", "'**' beside punctuation is not bold in CommonMark; made bold"),
    ("real/Japanese/529plan.md:126", "list item without a space after '-'"),
    ("real/Japanese/529plan.md:134", "heading marked with full-width '＃＃'"),
    ("real/Japanese/10-k.md:32", "list item without a space after '-'"),
    ("real/Japanese/10-k.md:58", "list item without a space after '-'"),
    ("real/Japanese/freelancer.md:68", "heading without a space after '###'"),
    ("real/Japanese/freelancer.md:86", "heading marked with full-width '＃＃'"),
    ("real/Korean/independent-contractor.md:46", "placeholder heading 'TTT' dropped"),
    ("real/Japanese/80-20-rule.md:56", "heading marked with full-width '＃＃＃'"),
    ("real/Japanese/80-20-rule.md:76", "list item without a space after '1.'"),
    ("real/Japanese/80-20-rule.md:82", "heading marked with full-width '＃＃＃'"),
    ("real/Japanese/80-20-rule.md:88", "list item without a space after '-'"),
    ("real/Turkish/aaa.md:4", "front matter 'description': HTML entities read as the"),
    ("real/Turkish/aaa.md:16", "',.' after a link; the full stop dropped"),
    ("real/Turkish/aaa.md:40", "heading without a space after '##'"),
    # Lines of real articles (`real/lines/`, listed in its SOURCES): one of each later repair.
    ("real/lines/Arabic/10q.md:7", "'** ' with a space inside is not bold in CommonMark"),
    ("real/lines/Arabic/401kplan.md:9", "empty bold '** **' dropped"),
    ("real/lines/Arabic/capitalgain.md:11", "unpaired '**' dropped"),
    ("real/lines/Turkish/401kplan.md:7", "'**' closed with one '*'; made bold"),
    ("real/lines/Arabic/float.md:4", "front matter 'description': ': ' in a plain value; quoted"),
    ("real/lines/Arabic/aaa.md:4", "front matter 'description': ' #' in a plain value; quoted"),
    ("real/lines/Arabic/sp500.md:7", "entity spaced out as '& amp؛'; written '&amp;'"),
    ("real/lines/Japanese/sp500.md:7", "ampersand escaped as '＆amp;'; written '＆'"),
    ("real/lines/Spanish/sp500.md:4", "front matter 'description': HTML entities read as the"),
    ("real/lines/Portuguese/10q.md:9", "placeholder heading 'TTT' dropped"),
    ("real/lines/Russian/sp.md:10", "placeholder heading 'TTT' dropped"),
    ("real/lines/English/float.md:11", "escape '\\u00f7' written as '÷'"),
    ("real/lines/English/3c1.md:13", "link address with spaces '/initial public offering'"),
    ("real/lines/English/10q.md:23", "no empty line after '</table>'; one added"),
    ("real/lines/Chinese/1040.md:15", "list item without a space after '-'"),
    ("real/lines/Japanese/float.md:15", "list item without a space after '-'"),
    ("real/lines/Japanese/bond.md:11", "list item marked '1。'; written '1.'"),
    ("real/lines/Norwegian/183-day-rule.md:9", "list item marked with '–'; written '-'"),
    ("real/lines/Swedish/recession.md:11", "list item marked with '–'; written '-'"),
    ("real/lines/Swedish/sp500.md:23", "list item '1' without '.' among ordered items; '.' added"),
]
REAL_ARTICLES = [article for article in ARTICLES if article.startswith("real/")]


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Every fixture article in every format: the output folder and the run's warnings."""
    source = tmp_path_factory.mktemp("fixture-articles")
    for name in FIXTURE_SETS:
        shutil.copytree(FIXTURES / name, source / name)
    out = tmp_path_factory.mktemp("fixture-outputs")
    result = run_convert("all", "--source", str(source), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out, result.stderr


def _xml_text(data: bytes) -> str:
    return "\n".join(etree.fromstring(data).itertext())


def _zip_text(path: Path, *, parts: tuple[str, ...]) -> str:
    with zipfile.ZipFile(path) as archive:
        return "\n".join(
            _xml_text(archive.read(name)) for name in archive.namelist() if name.endswith(parts)
        )


def visible_text(path: Path) -> str:
    """What a reader sees: the PDF's text, the EPUB's documents and metadata, the DOCX's body,
    notes and properties."""
    if path.suffix == ".pdf":
        return pdf_text(path)
    if path.suffix == ".epub":
        return _zip_text(path, parts=(".xhtml", ".opf"))
    return _zip_text(path, parts=("document.xml", "footnotes.xml", "core.xml"))


def code_text(epub: Path) -> str:
    """The article's code, as its EPUB marks it: markup there is meant to be seen."""
    with zipfile.ZipFile(epub) as archive:
        document = etree.fromstring(archive.read("EPUB/article.xhtml"))
    return "\n".join("".join(code.itertext()) for code in document.iter(f"{{{XHTML}}}code"))


def leaks(text: str, *, code: str = "") -> list[str]:
    """Each place where markup shows, outside lines of code."""
    lines = [line for line in text.splitlines() if not (line.strip() and line.strip() in code)]
    prose = "\n".join(lines)
    return [
        prose[max(0, index - 20) : index + 20]
        for mark in LEAKS
        for index in (i for i in range(len(prose)) if prose.startswith(mark, i))
    ]


def test_the_scan_sees_markup_outside_code() -> None:
    assert leaks("本文 ＃＃ 强调 [a](/b) <! - x ->") != []
    assert leaks("本文です。 [a] (b) 5 # 3") == []
    assert leaks("Code:\nx ** 2\n", code="y = x ** 2") == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("article", ARTICLES)
def test_no_markup_leaks_from_a_fixture(
    fixture_build: tuple[Path, str], article: str, fmt: str
) -> None:
    out, _ = fixture_build
    code = code_text(out / "epub" / f"{article}.epub")
    assert leaks(visible_text(out / fmt / f"{article}.{fmt}"), code=code) == []


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("seed", [JA_SEED, KO_SEED])
def test_no_markup_leaks_from_a_seed(seed_dist: Path, seed: str, fmt: str) -> None:
    code = code_text(seed_dist / "epub" / f"{seed}.epub")
    assert leaks(visible_text(seed_dist / fmt / f"{seed}.{fmt}"), code=code) == []


@pytest.mark.parametrize(("where", "message"), REAL_REPAIRS)
def test_each_repair_of_a_real_article_is_a_warning(
    fixture_build: tuple[Path, str], where: str, message: str
) -> None:
    _, warnings = fixture_build
    assert f"/{where}: warning: {message}" in warnings


@pytest.mark.parametrize("article", REAL_ARTICLES)
def test_no_paragraph_of_a_real_article_is_a_list_item_left_as_text(
    fixture_build: tuple[Path, str], article: str
) -> None:
    out, _ = fixture_build
    with zipfile.ZipFile(out / "epub" / f"{article}.epub") as archive:
        document = etree.fromstring(archive.read("EPUB/article.xhtml"))
    paragraphs = ["".join(p.itertext()) for p in document.iter(f"{{{XHTML}}}p")]
    assert [text for text in paragraphs if text.startswith(("-", "#", "＃"))] == []
    assert [text for text in paragraphs if ORDERED_ITEM_AS_TEXT.match(text)] == []
