"""A long article's PDF laid out in chunks and joined (convert/writers/pdf_chunks.py), checked on
the joined PDF: the printed page numbers, running heads, margins and footnote numbers go on
across the chunks, each note stays on its call's page, the outline has every heading, in-page
links reach their heading's page across chunks, and no glyph is missing. The chunk size is made
small so that a 30-page article is cut into several chunks."""

from __future__ import annotations

import dataclasses
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
from convert.writers.pdf_chunks import cut_at_sections, section_ids

sys.path.insert(0, str(ROOT / "bench"))
from big_article import big_article  # noqa: E402

SECTIONS, LINKS = 80, 800
CHUNK = 25_000  # characters of body HTML: about 7 pages of this article
EARLY, LATE = 3, 70  # sections the in-page links point to, across chunks


def _with_in_page_links(text: str) -> str:
    """The article with ids on two headings, and a link to each from the other's chunk."""
    lines = text.split("\n")
    headings = [index for index, line in enumerate(lines) if line.startswith("## ")]
    lines[headings[EARLY - 1]] += " {#early}"
    lines[headings[LATE - 1]] += " {#late}"
    lines.insert(headings[LATE - 1] + 2, "Back to [the early section](#early).\n")
    lines.insert(headings[0] + 2, "On to [the late section](#late).\n")
    return "\n".join(lines)


def _pdf_article(path: Path) -> Article:
    """The article as the PDF writer gets it: read, then the common and the PDF passes."""
    source = Source(path, PurePosixPath(path.stem))
    collection = Collection.from_sources([source])
    article = read_article(path, relpath=source.relpath, timeout=30)
    ctx = PassContext(
        meta=article.meta,
        resolve=lambda slug: collection.resolve(slug, folder=article.folder, lang="ja"),
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


def test_the_article_is_cut_before_top_level_sections(article: Article) -> None:
    body = body_html(article.doc, timeout=30)
    parts = cut_at_sections(body, section_ids(article.doc), size=CHUNK)
    assert len(parts) >= 3
    assert "".join(parts) == body
    assert all(part.startswith('<h2 id="') for part in parts[1:])
    assert cut_at_sections(body, section_ids(article.doc), size=len(body)) == [body]


def test_page_numbers_running_heads_and_margins_go_on_across_chunks(chunked: Path) -> None:
    pages = read_pages(chunked)
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
        # Mirrored margins: the inner one on the left of odd pages, on the right of even ones.
        odd = page.number % 2
        left = (margins.inner if odd else margins.outer) * MM
        right = page.width - (margins.outer if odd else margins.inner) * MM
        outside = [
            word.text
            for word in page.words
            if word.x_min < left - 0.5
            or word.x_max > right + 1.0 + (BODY_EM / 2 if word.text[-1] in CLOSING_MARKS else 0)
        ]
        assert outside == [], f"page {page.number}"


def test_footnotes_are_numbered_on_and_stay_on_their_calls_page(chunked: Path) -> None:
    calls = []
    for page in read_pages(chunked):
        on_page, notes = footnote_numbers(page)
        assert on_page == notes, f"page {page.number}"
        calls += on_page
    assert calls == list(range(1, LINKS + 1))


def test_the_outline_has_every_heading_on_its_page(chunked: Path) -> None:
    reader = PdfReader(chunked)
    [title, sections] = reader.outline
    assert title.title == f"用語集 {SECTIONS}"
    assert reader.get_destination_page_number(title) == 0
    assert len(sections) == SECTIONS
    texts = [re.sub(r"\s+", "", page.extract_text()) for page in reader.pages]
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
