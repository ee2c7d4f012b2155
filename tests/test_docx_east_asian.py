"""DOCX text parts read with lxml: every run of CJK text names its East Asian face and language,
in body text, headings, tables, lists, links and footnotes."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from docx_builds import DOCUMENTS, docx_dist  # noqa: F401  (fixture)
from lxml import etree
from outputs import W

from convert.writers.docx_xml import RUN_PROPERTIES

CJK = re.compile(
    r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u3000-\u303f\uff01-\uff60]"
)
KANA = re.compile(r"[\u3040-\u30ff]")
HANGUL = re.compile(r"[\uac00-\ud7af]")
# As the PDF sets them: title and headings in the sans face; the description (Subtitle) is body.
HEADING_STYLES = re.compile(r"^(Title|Heading\d)$")
REGIONS = {"ja-JP": "JP", "ko-KR": "KR", "zh-CN": "SC", "zh-TW": "TC"}
PARTS = ("word/document.xml", "word/footnotes.xml")


def _parts(path: Path) -> dict[str, etree._Element]:
    with zipfile.ZipFile(path) as docx:
        return {part: etree.fromstring(docx.read(part)) for part in PARTS}


def _text(run: etree._Element) -> str:
    return "".join(run.xpath("w:t/text()", namespaces=W))


def _cjk_runs(root: etree._Element, scope: str = "") -> list[etree._Element]:
    return [run for run in root.xpath(f"{scope}//w:r", namespaces=W) if CJK.search(_text(run))]


def _expected_lang(text: str, *, document_lang: str) -> str:
    """English articles: the script of the run; CJK articles: the document's language, except
    the one Korean span (`{lang=ko}`) in the Japanese fixture."""
    if document_lang == "en-US":
        return "ja-JP" if KANA.search(text) else "ko-KR" if HANGUL.search(text) else "zh-CN"
    if document_lang == "ja-JP" and HANGUL.search(text) and not KANA.search(text):
        return "ko-KR"
    return document_lang


def _expected_face(run: etree._Element, region: str) -> str:
    style = run.xpath("ancestor::w:p[1]/w:pPr/w:pStyle/@w:val", namespaces=W)
    run_style = run.xpath("w:rPr/w:rStyle/@w:val", namespaces=W)
    if run_style == ["VerbatimChar"]:
        return f"Noto Sans Mono CJK {region}"
    header_row = run.xpath("ancestor::w:tr[1]/w:trPr/w:tblHeader", namespaces=W)
    if (style and HEADING_STYLES.match(style[0])) or header_row:
        return f"Noto Sans CJK {region}"
    return f"Noto Serif CJK {region}"


@pytest.mark.parametrize("name", DOCUMENTS)
@pytest.mark.parametrize("part", PARTS)
def test_every_cjk_run_names_its_east_asian_face_and_language(
    docx_dist: Path,  # noqa: F811
    name: str,
    part: str,
) -> None:
    document_lang, _ = DOCUMENTS[name]
    root = _parts(docx_dist / f"{name}.docx")[part]
    runs = _cjk_runs(root)
    if part == "word/document.xml" or name.startswith("fixtures/"):
        assert runs, "the part has CJK text to check"
    for run in runs:
        text = _text(run)
        lang = _expected_lang(text, document_lang=document_lang)
        assert run.xpath("w:rPr/w:lang/@w:eastAsia", namespaces=W) == [lang], text
        fonts = run.xpath("w:rPr/w:rFonts/@w:eastAsia", namespaces=W)
        assert fonts == [_expected_face(run, REGIONS[lang])], text
        assert run.xpath("w:rPr/w:rFonts/@w:hint", namespaces=W) == ["eastAsia"], text


def test_fixture_has_cjk_runs_in_tables_lists_links_footnotes_and_code(
    docx_dist: Path,  # noqa: F811
) -> None:
    """The Japanese fixture puts CJK text everywhere pandoc makes runs: each place is checked by
    the test above only if it is really there."""
    parts = _parts(docx_dist / "fixtures/ja_features.docx")
    body = parts["word/document.xml"]
    assert _cjk_runs(body, "//w:tbl")
    assert _cjk_runs(body, "//w:p[w:pPr/w:numPr]")
    assert len(body.xpath("//w:p[w:pPr/w:numPr/w:ilvl/@w:val='1']", namespaces=W)) == 1
    assert _cjk_runs(body, "//w:hyperlink")
    assert _cjk_runs(body, "//w:p[w:pPr/w:pStyle/@w:val='BlockText']")
    assert _cjk_runs(body, "//w:p[w:pPr/w:pStyle/@w:val='Heading3']")
    assert any(
        run.xpath("w:rPr/w:rStyle/@w:val", namespaces=W) == ["VerbatimChar"]
        for run in _cjk_runs(body)
    )
    notes = parts["word/footnotes.xml"].xpath("//w:footnote[not(@w:type)]", namespaces=W)
    assert any(_cjk_runs(note, ".") for note in notes)


def test_english_article_sets_each_cjk_word_by_its_script(docx_dist: Path) -> None:  # noqa: F811
    body = _parts(docx_dist / "fixtures/en_article.docx")["word/document.xml"]
    marked = {
        run.xpath("string(w:rPr/w:lang/@w:eastAsia)", namespaces=W) for run in _cjk_runs(body)
    }
    assert marked == {"zh-CN", "ko-KR"}  # 系列 and 財閥 as Chinese, 재벌 as Korean
    notes = _parts(docx_dist / "fixtures/en_article.docx")["word/footnotes.xml"]
    assert {
        run.xpath("string(w:rPr/w:lang/@w:eastAsia)", namespaces=W) for run in _cjk_runs(notes)
    } == {"zh-CN", "ja-JP"}  # 系列, ケイレツ


@pytest.mark.parametrize("name", DOCUMENTS)
def test_run_properties_are_in_schema_order(docx_dist: Path, name: str) -> None:  # noqa: F811
    """Word offers to repair a file whose run properties are out of order."""
    for root in _parts(docx_dist / f"{name}.docx").values():
        for rpr in root.iter(f"{{{W['w']}}}rPr"):
            names = [etree.QName(child).localname for child in rpr]
            ranks = [RUN_PROPERTIES.index(n) for n in names]
            assert ranks == sorted(ranks), names


@pytest.mark.parametrize("name", DOCUMENTS)
def test_styles_name_the_language_faces(docx_dist: Path, name: str) -> None:  # noqa: F811
    document_lang, region = DOCUMENTS[name]
    with zipfile.ZipFile(docx_dist / f"{name}.docx") as docx:
        styles = etree.fromstring(docx.read("word/styles.xml"))
    defaults = styles.xpath("//w:docDefaults/w:rPrDefault/w:rPr", namespaces=W)[0]
    assert defaults.xpath("w:rFonts/@w:eastAsia", namespaces=W) == [f"Noto Serif CJK {region}"]
    assert defaults.xpath("w:lang/@w:eastAsia", namespaces=W) == [document_lang]
    assert defaults.xpath("w:lang/@w:val", namespaces=W) == [document_lang]
    latin = "Noto Serif" if document_lang == "en-US" else f"Noto Serif CJK {region}"
    assert defaults.xpath("w:rFonts/@w:ascii", namespaces=W) == [latin]
    heading = styles.xpath("//w:style[@w:styleId='Heading2']/w:rPr/w:rFonts", namespaces=W)[0]
    assert heading.get(f"{{{W['w']}}}eastAsia") == f"Noto Sans CJK {region}"
