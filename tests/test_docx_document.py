"""DOCX as a document: native footnotes, properties, page set-up, outline levels, and the
reference document the styles come from."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from conftest import KO_SEED, ROOT, SEEDS, run_convert
from docx_builds import DOCUMENTS, SEED_DOCUMENTS, SOURCE_DATE, docx_dist  # noqa: F401
from lxml import etree
from outputs import W
from pdf_measure import body_lines, read_pages

from convert.writers.docx_styles import page_for_paper

CORE = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dc": "http://purl.org/dc/elements/1.1/",
    "dcterms": "http://purl.org/dc/terms/",
}
PICTURE_NAMESPACES = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
PAPER_NAMES = ("a4", "a5", "b5", "letter")
TWIPS_PER_PT = 20
TITLES = {
    "seeds/000_f05ec80eb2b72cc7": "バーチャルアシスタント",
    "seeds/001_9d4fb5367c2b340c": "가상 어시스턴트",
    "fixtures/ja_features": "株式指数の基礎",
    "fixtures/ko_hanja": "증권 시장",
    "fixtures/zh_article": "货币市场基金",
    "fixtures/zh_hant_article": "貨幣市場基金",
    "fixtures/en_article": "Keiretsu",
}


def _part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as docx:
        return etree.fromstring(docx.read(name))


@pytest.mark.parametrize("name", SEED_DOCUMENTS)
def test_seed_has_7_native_footnotes_each_called_once(docx_dist: Path, name: str) -> None:  # noqa: F811
    path = docx_dist / f"{name}.docx"
    notes = _part(path, "word/footnotes.xml").xpath("//w:footnote[not(@w:type)]", namespaces=W)
    assert len(notes) == 7
    calls = _part(path, "word/document.xml").xpath("//w:footnoteReference/@w:id", namespaces=W)
    assert sorted(calls) == sorted(note.get(f"{{{W['w']}}}id") for note in notes)
    for note in notes:
        assert note.xpath("w:p/w:pPr/w:pStyle/@w:val", namespaces=W) == ["FootnoteText"]
        assert note.xpath("w:p/w:r/w:footnoteRef", namespaces=W)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_properties_come_from_the_front_matter_and_source_date(
    docx_dist: Path,  # noqa: F811
    name: str,
) -> None:
    core = _part(docx_dist / f"{name}.docx", "docProps/core.xml")

    def value(tag: str) -> str:
        return core.findtext(tag, namespaces=CORE) or ""

    assert value("dc:title") == TITLES[name]
    assert value("dc:language") == DOCUMENTS[name][0]
    assert len(value("dc:subject")) > 10
    assert len(value("cp:keywords").split(", ")) >= 2
    assert value("dcterms:created") == value("dcterms:modified") == SOURCE_DATE


def test_properties_of_a_seed_match_its_front_matter(docx_dist: Path) -> None:  # noqa: F811
    core = _part(docx_dist / f"seeds/{KO_SEED}.docx", "docProps/core.xml")
    assert core.findtext("cp:keywords", namespaces=CORE) == (
        "Investing, Financial Technology and Automated Investing, FinTech"
    )
    assert core.findtext("dc:subject", namespaces=CORE).startswith("가상 비서는 클라이언트")


@pytest.fixture(scope="session")
def paper_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Korean seed as PDF and DOCX on each paper: the output folder, by paper."""
    source = tmp_path_factory.mktemp("paper-source")
    shutil.copy(SEEDS / f"{KO_SEED}.txt", source)
    built = {}
    for paper in PAPER_NAMES:
        out = tmp_path_factory.mktemp(f"paper-{paper}")
        for fmt in ("pdf", "docx"):
            result = run_convert(
                "all", "--format", fmt, "--paper", paper, "--source", str(source), "--out", str(out)
            )
            assert result.returncode == 0, result.stderr
        built[paper] = out
    return built


def _twips(element: etree._Element, name: str) -> float:
    return int(element.get(f"{{{W['w']}}}{name}")) / TWIPS_PER_PT


@pytest.mark.parametrize("paper", PAPER_NAMES)
def test_docx_page_set_up_is_the_pdfs(paper_builds: dict[str, Path], paper: str) -> None:
    """Page size and margins as the PDF of the same article lays them out: its page box, and
    its text block measured on a right-hand (inner margin left) and a left-hand page."""
    docx = paper_builds[paper] / "docx" / f"{KO_SEED}.docx"
    pages = read_pages(paper_builds[paper] / "pdf" / f"{KO_SEED}.pdf")
    section = _part(docx, "word/document.xml").xpath("/w:document/w:body/w:sectPr", namespaces=W)
    assert len(section) == 1
    size = section[0].find("w:pgSz", namespaces=W)
    assert abs(_twips(size, "w") - pages[0].width) < 1
    assert abs(_twips(size, "h") - pages[0].height) < 1
    margins = section[0].find("w:pgMar", namespaces=W)
    inner, outer = _twips(margins, "left"), _twips(margins, "right")
    assert inner > outer  # the binding side is wider
    right_page, left_page = body_lines(pages[:1]), body_lines(pages[1:2])
    assert abs(min(line.words[0].x_min for line in right_page) - inner) < 1
    assert abs(max(line.x_max for line in right_page) - (pages[0].width - outer)) < 1
    assert abs(min(line.words[0].x_min for line in left_page) - outer) < 1
    settings = _part(docx, "word/settings.xml")
    assert settings.find("w:mirrorMargins", namespaces=W) is not None
    names = [etree.QName(child).localname for child in section[0]]
    assert names.index("footnotePr") < names.index("pgSz") < names.index("pgMar")


def test_headings_carry_outline_levels_for_the_navigation_pane(docx_dist: Path) -> None:  # noqa: F811
    styles = _part(docx_dist / f"seeds/{KO_SEED}.docx", "word/styles.xml")

    def level(style_id: str) -> list[str]:
        return styles.xpath(
            f"//w:style[@w:styleId='{style_id}']/w:pPr/w:outlineLvl/@w:val", namespaces=W
        )

    assert level("Title") == ["0"]
    assert level("Subtitle") == ["9"]  # body text: not in the pane, though based on Title
    assert [level(f"Heading{n}") for n in (1, 2, 3)] == [["0"], ["1"], ["2"]]
    body = _part(docx_dist / f"seeds/{KO_SEED}.docx", "word/document.xml")
    styles_used = body.xpath("//w:p/w:pPr/w:pStyle/@w:val", namespaces=W)
    assert styles_used.count("Title") == 1
    assert styles_used.count("Heading2") == 8


def test_reference_docx_is_what_the_script_makes(tmp_path: Path) -> None:
    """styles/reference.docx is not edited by hand: the script remakes it byte for byte."""
    out = tmp_path / "reference.docx"
    subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_reference_docx.py"), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    assert out.read_bytes() == (ROOT / "styles" / "reference.docx").read_bytes()


def test_reference_docx_styles_the_parts_editors_use() -> None:
    styles = _part(ROOT / "styles" / "reference.docx", "word/styles.xml")
    for style_id in (
        "BodyText",
        "FirstParagraph",
        "Heading1",
        "Heading2",
        "Heading3",
        "BlockText",
        "Compact",
        "FootnoteText",
        "FootnoteReference",
        "Hyperlink",
    ):
        assert styles.xpath(f"//w:style[@w:styleId='{style_id}']", namespaces=W), style_id
    quote = styles.xpath("//w:style[@w:styleId='BlockText']/w:pPr", namespaces=W)[0]
    assert quote.xpath("w:pBdr/w:left/@w:val", namespaces=W) == ["single"]
    link = styles.xpath("//w:style[@w:styleId='Hyperlink']/w:rPr", namespaces=W)[0]
    assert link.xpath("w:u/@w:val", namespaces=W) == ["single"]
    note = styles.xpath("//w:style[@w:styleId='FootnoteText']/w:rPr", namespaces=W)[0]
    assert note.xpath("w:sz/@w:val", namespaces=W) == ["16"]  # 8 pt, as the PDF's notes


@pytest.mark.parametrize("name", DOCUMENTS)
def test_theme_font_language_and_font_table_name_the_language_faces(
    docx_dist: Path,  # noqa: F811
    name: str,
) -> None:
    """Word uses these when a face is missing: a stand-in of the same script and kind."""
    lang, region = DOCUMENTS[name]
    path = docx_dist / f"{name}.docx"
    theme_lang = _part(path, "word/settings.xml").xpath("//w:themeFontLang", namespaces=W)[0]
    assert theme_lang.get(f"{{{W['w']}}}val") == lang
    assert theme_lang.get(f"{{{W['w']}}}eastAsia") == ("zh-CN" if lang == "en-US" else lang)
    table = _part(path, "word/fontTable.xml")
    noto = {
        font.get(f"{{{W['w']}}}name"): font.xpath("string(w:charset/@w:val)", namespaces=W)
        for font in table.xpath("//w:font[starts-with(@w:name, 'Noto')]", namespaces=W)
    }
    charset = {"JP": "80", "KR": "81", "SC": "86", "TC": "88"}[region]
    latin = dict.fromkeys(["Noto Serif", "Noto Sans", "Noto Sans Mono"], "00")  # any charset
    if lang != "en-US":
        latin = {}
    assert noto == {
        f"Noto Serif CJK {region}": charset,
        f"Noto Sans CJK {region}": charset,
        f"Noto Sans Mono CJK {region}": charset,
        **latin,
    }


def test_page_for_paper_keeps_the_section_properties_in_schema_order() -> None:
    """A reference section with columns and a document grid (as Word writes for CJK) gets its
    page size and margins before them, where the schema wants them."""
    document = etree.Element(f"{{{W['w']}}}document", nsmap=W)
    section = etree.SubElement(
        etree.SubElement(document, f"{{{W['w']}}}body"), f"{{{W['w']}}}sectPr"
    )
    for name in ("cols", "docGrid"):
        etree.SubElement(section, f"{{{W['w']}}}{name}")
    result = etree.fromstring(page_for_paper(etree.tostring(document), paper="a5"))
    names = [etree.QName(child).localname for child in result.find(".//w:sectPr", namespaces=W)]
    assert names == ["pgSz", "pgMar", "cols", "docGrid"]
    size = result.find(".//w:pgSz", namespaces=W)
    assert (size.get(f"{{{W['w']}}}w"), size.get(f"{{{W['w']}}}h")) == ("8391", "11906")


def test_an_articles_pictures_are_in_its_docx_and_other_images_keep_their_description(
    tmp_path: Path,
) -> None:
    source = tmp_path / "src"
    shutil.copytree(ROOT / "tests" / "fixtures" / "epub" / "en", source)
    result = run_convert("all", "--source", str(source), "--format", "docx", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    growth = (source / "images" / "growth.png").read_bytes()
    with zipfile.ZipFile(tmp_path / "docx" / "compound-interest.docx") as docx:
        media = {
            name: docx.read(name) for name in docx.namelist() if name.startswith("word/media/")
        }
        document = etree.fromstring(docx.read("word/document.xml"))
        relations = etree.fromstring(docx.read("word/_rels/document.xml.rels"))
    assert list(media.values()) == [growth]  # the one picture file in the article's folder
    targets = {r.get("Id"): r.get("Target") for r in relations}
    embedded = document.xpath("//a:blip/@r:embed", namespaces=PICTURE_NAMESPACES)
    assert [f"word/{targets[id]}" for id in embedded] == list(media)
    text = "".join(document.itertext())
    assert "A chart of rates since 1990" in text  # no such file: its description
    assert "publisher" in text and "logo" in text  # elsewhere: its description
