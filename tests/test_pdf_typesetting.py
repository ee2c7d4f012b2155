"""The typesetting of real PDFs, measured on both seeds and the fixture articles (Korean with long
words, Japanese with dense punctuation, Chinese), on A4 and A5."""

from __future__ import annotations

import re
import shutil
from pathlib import Path, PurePosixPath

import pytest
from conftest import JA_SEED, KO_SEED, SEEDS, run_convert
from outputs import pdf_text
from pdf_glyphs import (
    adjacent_mark_pairs,
    glyph_lines,
    half_width_marks,
    punctuation_blanks,
    read_glyphs,
    wide_gaps,
)
from pdf_measure import (
    BODY_EM,
    CLOSING_MARKS,
    MM,
    TABLE_HEIGHT,
    Page,
    body_lines,
    broken_hangul_words,
    ends_with_heading,
    footnote_numbers,
    is_call,
    is_flush_right,
    kinsoku_violations,
    lines_inside_paragraphs,
    note_lines,
    page_foot,
    read_pages,
    running_head,
    widows_and_orphans,
)
from pypdf import PdfReader

from convert.pandoc import write_doc
from convert.paper import PAPERS as PAPER_TABLE
from convert.read import read_article

FIXTURES = Path(__file__).parent / "fixtures" / "pdf"
KO, JA, ZH = "ko-long-words", "ja-dense-punctuation", "zh-margin-financing"
NOTES = {JA_SEED: 7, KO_SEED: 7, KO: 5, JA: 5, ZH: 4}
ARTICLES = list(NOTES)
KOREAN = [KO_SEED, KO]
JAPANESE_AND_CHINESE = [JA_SEED, JA, ZH]
PAPERS = ["a4", "a5"]
PAGE_SIZES_PT = {"a4": (595.28, 841.89), "a5": (419.53, 595.28), "b5": (498.9, 708.66)}
PAGE_SIZES_PT["letter"] = (612.0, 792.0)


@pytest.fixture(scope="session")
def articles(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Seeds and fixtures in one collection, so that cross-article notes resolve."""
    folder = tmp_path_factory.mktemp("articles")
    for path in [*SEEDS.iterdir(), *FIXTURES.iterdir()]:
        shutil.copy(path, folder / path.name)
    return folder


@pytest.fixture(scope="session")
def built(articles: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every article as a PDF on each paper size, by paper."""
    folders = {}
    for paper in PAGE_SIZES_PT:
        out = tmp_path_factory.mktemp(f"pdf-{paper}")
        result = run_convert(
            "all", "--source", str(articles), "--out", str(out), "--format", "pdf",
            "--paper", paper,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        folders[paper] = out / "pdf"
    return folders


def source_text(articles: Path, name: str) -> str:
    """The article as plain text, one paragraph per line, with its description."""
    path = next(articles.glob(f"{name}.*"))
    article = read_article(path, relpath=PurePosixPath(name), timeout=30)
    plain = write_doc(article.doc, to="plain", options={"wrap_text": "none"}, timeout=30).decode()
    return re.sub(r"\[\d+\]", "", plain) + "\n" + article.meta.description


def pages_of(built: dict[str, Path], paper: str, name: str) -> list[Page]:
    return read_pages(built[paper] / f"{name}.pdf")


def right_edge(page: Page, paper: str) -> float:
    """x of the text block's right edge: the outer margin on odd pages, the inner on even ones."""
    margins = PAPER_TABLE[paper].margins
    return page.width - (margins.outer if page.number % 2 else margins.inner) * MM


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", KOREAN)
def test_no_korean_word_is_broken_across_lines(
    built: dict[str, Path], articles: Path, paper: str, name: str
) -> None:
    pages = pages_of(built, paper, name)
    source = source_text(articles, name)
    for lines in (body_lines(pages), note_lines(pages)):
        assert broken_hangul_words(lines, source) == []
    # The measure is not empty: many lines end and start with Hangul.
    lines = body_lines(pages)
    hangul_joints = [
        pair
        for pair in zip(lines, lines[1:], strict=False)
        if re.match("[가-힣]", pair[0].text[-1]) and re.match("[가-힣]", pair[1].text[0])
    ]
    assert len(hangul_joints) >= 10


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", JAPANESE_AND_CHINESE)
def test_japanese_and_chinese_lines_end_at_the_right_margin(
    built: dict[str, Path], articles: Path, paper: str, name: str
) -> None:
    pages = pages_of(built, paper, name)
    inside = lines_inside_paragraphs(body_lines(pages), source_text(articles, name))
    assert len(inside) >= 7
    short = [
        (line.page, round(right_edge(pages[line.page - 1], paper) - line.x_max, 2), line.text)
        for line in inside
        if not is_flush_right(line, right_edge(pages[line.page - 1], paper))
    ]
    assert short == []


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", JAPANESE_AND_CHINESE)
def test_kinsoku_holds_and_footnote_calls_stay_with_their_word(
    built: dict[str, Path], paper: str, name: str
) -> None:
    pages = pages_of(built, paper, name)
    lines = body_lines(pages) + note_lines(pages)
    assert kinsoku_violations(lines) == []
    assert [line.text for line in lines if is_call(line.words[0])] == []


def all_glyph_lines(path: Path) -> list:
    return [line for page in read_glyphs(path) for line in glyph_lines(page)]


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", JAPANESE_AND_CHINESE)
def test_adjacent_punctuation_is_squeezed_and_no_gap_is_wider_than_half_an_em(
    built: dict[str, Path], paper: str, name: str
) -> None:
    """Measured on every glyph the PDF draws: body, headings, notes, tables."""
    lines = all_glyph_lines(built[paper] / f"{name}.pdf")
    assert [blank for line in lines for blank in punctuation_blanks(line)] == []
    assert [gap for line in lines for gap in wide_gaps(line)] == []


def test_the_fixtures_hold_adjacent_punctuation(built: dict[str, Path]) -> None:
    """The measure above is not empty: `）」` `。「` `、〔` and their kin, in both languages."""
    counts = {
        name: sum(
            adjacent_mark_pairs(line) for line in all_glyph_lines(built["a4"] / f"{name}.pdf")
        )
        for name in (JA, ZH)
    }
    assert counts[JA] >= 8
    assert counts[ZH] >= 2


def test_code_keeps_its_full_width_punctuation(write_article, tmp_path: Path) -> None:
    """Code is never squeezed, so the measure sees every full-width blank there: one per pair."""
    code = "「株式」、（「指数」）。「市場」"
    path = write_article(
        "code.md", f"---\ntitle: 約物\nlang: ja\n---\n\n本文{code}です。\n\n```\n{code}\n```\n"
    )
    out = tmp_path / "out"
    result = run_convert("build", str(path), "--out", str(out), "--format", "pdf")
    assert result.returncode == 0, result.stderr
    lines = all_glyph_lines(out / "pdf" / "code.pdf")
    blanks = [blank for line in lines for blank in punctuation_blanks(line)]
    assert [pair for pair, _ in blanks] == ["」、", "、（", "（「", "」）", "）。", "。「"]
    assert [blank for _, blank in blanks] == pytest.approx([0.5, 1, 0.5, 0.5, 0.5, 1], abs=0.02)


def test_latin_words_notes_and_table_cells_of_japanese_are_flush(
    write_article, tmp_path: Path
) -> None:
    """Long Latin words in Japanese text are hyphenated rather than spread past half an em per
    gap; notes and table cells are justified like the body."""
    words = ["internationalization", "documentation", "interoperability", "configuration"]
    run = "".join(f"この{word}の設定は、{word}と呼ばれる仕組みで管理されます。" for word in words)
    paragraphs = "\n\n".join("株" * n + run for n in range(10))
    note = "注釈の本文は長く、複数の行にわたって続きます。" * 6
    cell = "取引所が選定した銘柄で、返済期限は六か月と定められています。" * 3
    table = f"| 区分 | 説明 |\n|---|---|\n| 制度信用 | {cell} |\n"
    text = f"{paragraphs}\n\n本文[^1]。\n\n{table}\n[^1]: {note}\n"
    path = write_article("latin.md", f"---\ntitle: 英単語\nlang: ja\n---\n\n{text}")
    out = tmp_path / "out"
    result = run_convert("build", str(path), "--out", str(out), "--format", "pdf", "--paper", "a5")
    assert result.returncode == 0, result.stderr
    pdf = out / "pdf" / "latin.pdf"
    assert [gap for line in all_glyph_lines(pdf) for gap in wide_gaps(line)] == []
    pages = read_pages(pdf)
    lines = body_lines(pages)
    hyphenated = [line for line in lines if line.text.endswith("-")]
    assert len(hyphenated) >= 5
    inside = lines_inside_paragraphs(lines, paragraphs.replace("\n\n", "\n")) + hyphenated
    assert len(inside) > 40
    short = [
        line.text
        for line in inside
        if not is_flush_right(line, right_edge(pages[line.page - 1], "a5"))
    ]
    assert short == []
    notes = note_lines(pages)
    assert len(notes) >= 3
    right = right_edge(pages[0], "a5")
    assert [line.text for line in notes[:-1] if abs(line.x_max - right) > 1] == []
    cell_lines = [line for page in pages for line in page.lines if line.is_sized(TABLE_HEIGHT)]
    wrapped = [
        line for line in cell_lines if "制度信用" not in line.text and "区分" not in line.text
    ]
    assert len(wrapped) >= 3
    edges = [line.x_max for line in [*cell_lines[1:2], *wrapped[:-1]]]
    assert max(edges) - min(edges) < 1


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", ARTICLES)
def test_each_note_is_at_the_foot_of_the_page_of_its_call(
    built: dict[str, Path], paper: str, name: str
) -> None:
    pages = pages_of(built, paper, name)
    numbers = [footnote_numbers(page) for page in pages]
    for page, (calls, notes) in zip(pages, numbers, strict=True):
        assert calls == notes, f"page {page.number}"
    every_call = [number for calls, _ in numbers for number in calls]
    assert every_call == list(range(1, NOTES[name] + 1))


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", ARTICLES)
def test_every_page_has_the_running_head_and_n_of_N(
    built: dict[str, Path], paper: str, name: str
) -> None:
    pages = pages_of(built, paper, name)
    margins = PAPER_TABLE[paper].margins
    title = PdfReader(built[paper] / f"{name}.pdf").metadata.title
    assert len(pages) >= 2
    for page in pages:
        head = running_head(page, top_margin=margins.top * MM).replace(" ", "")
        assert head.startswith(title.replace(" ", "")), f"page {page.number}: {head}"
        if page.number > 1:  # and the current section
            assert len(head) > len(title.replace(" ", "")), f"page {page.number}: {head}"
        foot = page_foot(page, bottom_margin=margins.bottom * MM)
        assert foot == f"{page.number} / {len(pages)}"


@pytest.mark.parametrize("paper", list(PAGE_SIZES_PT))
@pytest.mark.parametrize("name", ARTICLES)
def test_no_line_left_alone_and_no_heading_at_the_foot_of_a_page(
    built: dict[str, Path], articles: Path, paper: str, name: str
) -> None:
    pages = pages_of(built, paper, name)
    assert widows_and_orphans(body_lines(pages), source_text(articles, name)) == []
    top = PAPER_TABLE[paper].margins.top * MM
    assert [page.number for page in pages if ends_with_heading(page, top_margin=top)] == []


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("name", ARTICLES)
def test_nothing_is_drawn_outside_the_text_block(
    built: dict[str, Path], paper: str, name: str
) -> None:
    """Wide tables, a long line of code and long URLs in notes all stay inside the margins. (A
    closing mark that ends a line half width has the blank half of its square past the margin,
    no ink: pdftotext reports the whole square.)"""
    margins = PAPER_TABLE[paper].margins
    for page in pages_of(built, paper, name):
        odd = page.number % 2
        left = (margins.inner if odd else margins.outer) * MM
        right = page.width - (margins.outer if odd else margins.inner) * MM
        outside = [
            word.text
            for word in page.words
            if word.x_min < left - 0.5
            or word.x_max > right + 1.0 + (BODY_EM / 2 if word.text[-1] in CLOSING_MARKS else 0)
            or word.y_max > page.height
        ]
        assert outside == [], f"page {page.number}"


@pytest.mark.parametrize("paper", list(PAGE_SIZES_PT))
def test_paper_option_sets_the_page_size(built: dict[str, Path], paper: str) -> None:
    for pdf in built[paper].glob("*.pdf"):
        for page in PdfReader(pdf).pages:
            size = (float(page.mediabox.width), float(page.mediabox.height))
            assert size == pytest.approx(PAGE_SIZES_PT[paper], abs=0.5)


def test_title_block_has_the_description_and_keywords(built: dict[str, Path]) -> None:
    first_page = pdf_text(built["a4"] / f"{JA}.pdf").split("\f")[0].replace("\n", "")
    assert "信用取引の委託保証金、追加保証金" in first_page
    assert "信用取引 · 追証 · 逆日歩 · 貸借取引" in first_page


def test_long_urls_in_notes_are_printed_whole(built: dict[str, Path]) -> None:
    text = pdf_text(built["a5"] / f"{KO}.pdf").replace("\n", "")
    assert "without-any-natural-break-points-at-all-0123456789" in text


def test_cross_article_note_names_the_target_article(built: dict[str, Path]) -> None:
    text = pdf_text(built["a4"] / f"{ZH}.pdf")
    assert re.search(r"^\d+\. 信用取引（マージン取引）の仕組みと「追証」$", text, re.M)


def test_a_footnote_call_never_starts_a_line(write_article, tmp_path: Path) -> None:
    """Lines that end in a word with a call, the word a little longer each time (by an `i`):
    for one of them the word fits on the line and its call does not."""
    paragraphs = [
        "i" * n + "가 " + "나다라 " * 8 + f"마바사아[^{n + 1}] 뒤에 오는 문장." for n in range(14)
    ]
    notes = [f"[^{n + 1}]: 주석 {n + 1}." for n in range(14)]
    text = "\n\n".join(paragraphs) + "\n\n" + "\n".join(notes)
    path = write_article("calls.md", f"---\ntitle: 주석의 위치\nlang: ko\n---\n\n{text}\n")
    out = tmp_path / "out"
    result = run_convert("build", str(path), "--out", str(out), "--format", "pdf", "--paper", "a5")
    assert result.returncode == 0, result.stderr
    pages = read_pages(out / "pdf" / "calls.pdf")
    assert [line.text for line in body_lines(pages) if is_call(line.words[0])] == []
    calls = [number for page in pages for number in footnote_numbers(page)[0]]
    assert calls == list(range(1, 15))


def test_kinsoku_holds_wherever_the_punctuation_falls(write_article, tmp_path: Path) -> None:
    """Text with the characters kinsoku is about, moved one character further along the line in
    each paragraph, so that each of them meets the end of an A5 line; the lines stay flush,
    squeezed or stretched."""
    run = (
        "株式「市場」で、価格は上昇。相場（指数）が反発！本当？ちょっとだけ、きゃっと驚く。"
        "ファイルのウィンドウを、わぁと開いてデーターを見た。『書名』【注意】〔参考〕を見る。"
    )
    text = "\n\n".join("株" * n + run for n in range(34))
    path = write_article("kinsoku.md", f"---\ntitle: 禁則\nlang: ja\n---\n\n{text}\n")
    out = tmp_path / "out"
    result = run_convert("build", str(path), "--out", str(out), "--format", "pdf", "--paper", "a5")
    assert result.returncode == 0, result.stderr
    pages = read_pages(out / "pdf" / "kinsoku.pdf")
    lines = body_lines(pages)
    assert len(lines) > 60
    assert kinsoku_violations(lines) == []
    inside = lines_inside_paragraphs(lines, text.replace("\n\n", "\n"))
    assert len(inside) > 30
    # Where a character more fits with some of the line's marks set half width, it goes on the
    # line (squeezed) rather than to the next (with the line stretched).
    glyphs = all_glyph_lines(out / "pdf" / "kinsoku.pdf")
    assert sum(len(half_width_marks(line)) for line in glyphs) >= 20
    assert [blank for line in glyphs for blank in punctuation_blanks(line)] == []
    assert [gap for line in glyphs for gap in wide_gaps(line)] == []
    short = [
        line.text
        for line in inside
        if not is_flush_right(line, right_edge(pages[line.page - 1], "a5"))
    ]
    assert short == []


def test_bookmarks_of_a_korean_article_are_plain_text(built: dict[str, Path]) -> None:
    outline = PdfReader(built["a4"] / f"{KO}.pdf").outline
    titles = [outline[0].title, *(item.title for item in outline[1])]
    assert len(titles) == 6
    assert all("\u2060" not in title for title in titles)
    assert titles[1] == "투자권유준칙이란 무엇입니까?"


def test_a_korean_word_longer_than_the_line_still_breaks(write_article, tmp_path: Path) -> None:
    word = "가나다라마바사아자차카타파하" * 2
    path = write_article(
        "long.md",
        f"---\ntitle: {word} 제목\nlang: ko\n---\n\n## {word} 소제목\n\n본문 {word * 2} 끝.\n",
    )
    out = tmp_path / "out"
    result = run_convert("build", str(path), "--out", str(out), "--format", "pdf", "--paper", "a5")
    assert result.returncode == 0, result.stderr
    margins = PAPER_TABLE["a5"].margins
    (page,) = read_pages(out / "pdf" / "long.pdf")
    right = page.width - margins.outer * MM
    assert [word.text for word in page.words if word.x_max > right + 1] == []
    assert pdf_text(out / "pdf" / "long.pdf").replace("\n", "").count(word) == 5
