"""A long article's PDF laid out in chunks and joined (convert/writers/pdf_cut.py,
pdf_chunks.py), checked on the joined PDF: the printed page numbers, running heads, margins and
footnote numbers go on across the chunks, each note stays on its call's page, the outline has
every heading, in-page links reach their heading's page across chunks, and no glyph is missing;
right to left too. A tagged PDF stays one layout. The chunk size is made small so that a 30-page
article is cut into several chunks."""

from __future__ import annotations

import dataclasses
import io
import re
import sys
from pathlib import Path, PurePosixPath

import pikepdf
import pytest
from conftest import ROOT
from pdf_measure import (
    BODY_EM,
    CLOSING_MARKS,
    MM,
    Page,
    footnote_numbers,
    page_foot,
    read_pages,
    running_head,
)
from pypdf import PdfReader

from convert.check import check_file
from convert.collection import Collection, Source
from convert.config import Config
from convert.formats import FORMATS
from convert.model import Article
from convert.paper import PAPERS
from convert.passes import COMMON_PASSES, PassContext, run_passes
from convert.read import read_article
from convert.writers.html import body_html
from convert.writers.pdf import write_pdf
from convert.writers.pdf_cut import cut_at_sections, section_ids

sys.path.insert(0, str(ROOT / "bench"))
from big_article import big_article  # noqa: E402

SECTIONS, LINKS = 60, 600
CHUNK = 40_000  # characters of body HTML: about 11 pages of this article, 4 chunks
EARLY, LATE = 3, 52  # sections the in-page links point to, across chunks
ARABIC = ROOT / "tests" / "fixtures" / "languages" / "Texts" / "Arabic" / "virtual-assistant.md"
ARABIC_COPIES = 8  # of the fixture's 8 sections, numbered on: 64 sections, 11 pages
ARABIC_CHUNK = 12_000


def _arabic_article(path: Path) -> Path:
    """The Arabic fixture's sections over and over, each heading numbered."""
    _, front, body = ARABIC.read_text("utf-8").split("---\n", 2)
    sections = [s for s in re.split(r"\n(?=## )", body.strip()) if s.startswith("## ")]
    copies = []
    for number, section in enumerate(sections * ARABIC_COPIES, start=1):
        heading, rest = section.split("\n", 1)
        copies.append(f"{heading} {number}\n{rest}\n")
    path.write_text(f"---\n{front}---\n\n" + "\n".join(copies), "utf-8")
    return path


def _with_in_page_links(text: str) -> str:
    """The article with ids on two headings, and a link to each from the other's chunk."""
    lines = text.split("\n")
    headings = [index for index, line in enumerate(lines) if line.startswith("## ")]
    lines[headings[EARLY - 1]] += " {#early}"
    lines[headings[LATE - 1]] += " {#late}"
    lines.insert(headings[LATE - 1] + 2, "Back to [the early section](#early).\n")
    lines.insert(headings[0] + 2, "On to [the late section](#late).\n")
    return "\n".join(lines)


def _outside_the_text_block(page: Page, *, right_to_left: bool) -> list[str]:
    """Words outside the text block: margins mirrored, the inner one on the binding side (the
    left of a right-hand page); page 1 is a right-hand page, a left-hand one right to left."""
    margins = PAPERS["a4"].margins
    right_hand = (page.number % 2 == 1) != right_to_left
    left = (margins.inner if right_hand else margins.outer) * MM
    right = page.width - (margins.outer if right_hand else margins.inner) * MM
    return [
        word.text
        for word in page.words
        if word.x_min < left - 0.5
        or word.x_max > right + 1.0 + (BODY_EM / 2 if word.text[-1] in CLOSING_MARKS else 0)
    ]


def _pdf_article(path: Path) -> Article:
    """The article as the PDF writer gets it: read, then the common and the PDF passes."""
    source = Source(path, PurePosixPath(path.stem))
    collection = Collection.from_sources([source])
    article = read_article(path, relpath=source.relpath, timeout=30)
    ctx = PassContext(
        meta=article.meta,
        resolve=lambda slug: collection.resolve(
            slug, folder=article.folder, lang=article.meta.lang
        ),
    )
    doc = run_passes(article.doc, ctx, [*COMMON_PASSES, *FORMATS["pdf"].passes])
    return dataclasses.replace(article, doc=doc)


@pytest.fixture(scope="module")
def article(tmp_path_factory: pytest.TempPathFactory) -> Article:
    path = tmp_path_factory.mktemp("long") / "glossary.md"
    text = big_article(lang="ja", size=SECTIONS * 1750, sections=SECTIONS, links=LINKS)
    path.write_text(_with_in_page_links(text), "utf-8")
    return _pdf_article(path)


@pytest.fixture(scope="module")
def chunked(article: Article, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "glossary.pdf"
    path.write_bytes(write_pdf(article, config=Config(), chunk_characters=CHUNK))
    return path


@pytest.fixture(scope="module")
def pages(chunked: Path) -> list[Page]:
    return read_pages(chunked)


@pytest.fixture(scope="module")
def arabic(tmp_path_factory: pytest.TempPathFactory) -> Article:
    return _pdf_article(_arabic_article(tmp_path_factory.mktemp("ar") / "ar.md"))


def test_the_article_is_cut_before_top_level_sections(article: Article) -> None:
    body = body_html(article.doc, timeout=30)
    parts = cut_at_sections(body, section_ids(article.doc), size=CHUNK)
    assert len(parts) >= 3
    assert "".join(parts) == body
    assert all(part.startswith('<h2 id="') for part in parts[1:])
    assert cut_at_sections(body, section_ids(article.doc), size=len(body)) == [body]


def test_page_numbers_running_heads_and_margins_go_on_across_chunks(
    chunked: Path, pages: list[Page]
) -> None:
    margins = PAPERS["a4"].margins
    title = PdfReader(chunked).metadata.title
    assert title == f"用語集 {SECTIONS}"
    assert len(pages) >= 20
    for page in pages:
        assert page_foot(page, bottom_margin=margins.bottom * MM) == f"{page.number} / {len(pages)}"
        head = running_head(page, top_margin=margins.top * MM).replace(" ", "")
        assert head.startswith(title.replace(" ", "")), f"page {page.number}: {head}"
        if page.number > 1:  # and the current section
            assert len(head) > len(title.replace(" ", "")), f"page {page.number}: {head}"
        assert _outside_the_text_block(page, right_to_left=False) == [], f"page {page.number}"


def test_footnotes_are_numbered_on_and_stay_on_their_calls_page(pages: list[Page]) -> None:
    calls = []
    for page in pages:
        on_page, notes = footnote_numbers(page)
        assert on_page == notes, f"page {page.number}"
        calls += on_page
    assert calls == list(range(1, LINKS + 1))


def test_the_outline_has_every_heading_on_its_page(chunked: Path, pages: list[Page]) -> None:
    reader = PdfReader(chunked)
    [title, sections] = reader.outline
    assert title.title == f"用語集 {SECTIONS}"
    assert reader.get_destination_page_number(title) == 0
    assert len(sections) == SECTIONS
    texts = ["".join(word.text for word in page.words) for page in pages]
    for number, section in enumerate(sections, start=1):
        assert section.title.endswith(f" {number}")
        page = reader.get_destination_page_number(section)
        assert re.sub(r"\s+", "", section.title) in texts[page]


def test_in_page_links_reach_their_heading_across_chunks(chunked: Path) -> None:
    reader = PdfReader(chunked)
    sections = reader.outline[1]
    headings = {
        f"section-{n}": reader.get_destination_page_number(s) for n, s in enumerate(sections, 1)
    }
    named = reader.named_destinations
    assert {name: reader.get_destination_page_number(named[name]) for name in headings} == headings
    with pikepdf.open(chunked) as pdf:
        links = [
            (number, str(annotation.A.D))
            for number, page in enumerate(pdf.pages)
            for annotation in page.obj.get("/Annots", [])
            if "/A" in annotation and annotation.A.get("/S") == pikepdf.Name.GoTo
        ]
    early, late = f"section-{EARLY}", f"section-{LATE}"
    assert links == [(headings["section-1"], late), (headings[late], early)]
    assert headings[late] - headings[early] > 2 * CHUNK // 3600  # chunks apart


def test_no_glyph_is_missing_and_the_document_is_sound(chunked: Path) -> None:
    assert check_file(chunked).problems == ()
    with pikepdf.open(chunked) as pdf:
        assert str(pdf.Root.Lang) == "ja"


def test_right_to_left_pages_are_bound_on_the_right_across_chunks(
    arabic: Article, tmp_path: Path
) -> None:
    body = body_html(arabic.doc, timeout=30)
    assert len(cut_at_sections(body, section_ids(arabic.doc), size=ARABIC_CHUNK)) >= 3
    path = tmp_path / "ar.pdf"
    path.write_bytes(write_pdf(arabic, config=Config(), chunk_characters=ARABIC_CHUNK))
    pages = read_pages(path)
    margins = PAPERS["a4"].margins
    assert len(pages) >= 10
    for page in pages:
        # "n / N" set right to left: N first from the left.
        foot = page_foot(page, bottom_margin=margins.bottom * MM)
        assert foot == f"{len(pages)} / {page.number}"
        assert _outside_the_text_block(page, right_to_left=True) == [], f"page {page.number}"
    with pikepdf.open(path) as pdf:
        assert pdf.Root.ViewerPreferences.Direction == pikepdf.Name.R2L
        assert str(pdf.Root.Lang) == "ar"
    titles = [item.title for item in PdfReader(path).outline[1]]
    assert [title.rsplit(" ", 1)[1] for title in titles] == [str(n) for n in range(1, 65)]


def test_a_tagged_pdf_is_laid_out_whole(arabic: Article) -> None:
    """Its structure tree is WeasyPrint's, for one document: pdf/ua-1 is not cut (the pages of
    parts joined would each number their structure from 0)."""
    config = Config(pdf_variant="pdf/ua-1")
    data = write_pdf(arabic, config=config, chunk_characters=ARABIC_CHUNK)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        parents = sorted(int(page.obj.StructParents) for page in pdf.pages)
    assert parents == list(range(len(parents)))
