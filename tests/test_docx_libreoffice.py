"""A real client opens each DOCX: LibreOffice converts it to PDF (and to flat ODF, to see what it
read), and the PDF has the article's text set in the language's Noto CJK face.

All regional faces of a Noto CJK collection share one CFF table named `NotoSerifCJKjp-…`, so
pdffonts shows that name whichever face LibreOffice used. Hence three checks: the flat ODF shows
which East Asian faces and languages LibreOffice read from the DOCX; pdffonts that a Noto CJK serif
face is embedded; and the embedded glyphs (LibreOffice keeps the collection's `cid12345` names)
that Han characters drawn differently in Japan, Korea and China have the glyphs of the article's
region. The glyphs follow the language more than the face (LibreOffice applies the face's `locl`
feature for the text's language), so a wrong face alone shows in the flat ODF check.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx_builds import DOCUMENTS, SEED_DOCUMENTS, docx_dist  # noqa: F401  (fixture)
from fontTools.t1Lib import T1Font
from fontTools.ttLib import TTCollection
from lxml import etree
from outputs import W, pdf_fonts, pdf_text
from pypdf import PdfReader

from convert.fonts import face

SOFFICE_TIMEOUT = 300  # seconds for all documents; the first start creates the profile
ODF = {
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0",
}
# Serif faces LibreOffice should read for East Asian text: the language's, and the faces of the
# spans in another language (the Korean span in the Japanese fixture; the English article's
# Japanese, Korean and Chinese words).
SERIF_FACES = {
    "seeds/000_f05ec80eb2b72cc7": {"JP"},
    "seeds/001_9d4fb5367c2b340c": {"KR"},
    "fixtures/ja_features": {"JP", "KR"},
    "fixtures/ko_hanja": {"KR"},
    "fixtures/zh_article": {"SC"},
    "fixtures/zh_hant_article": {"TC"},
    "fixtures/en_article": {"SC", "JP", "KR"},
}
ASIAN_LANGUAGES = {
    "seeds/000_f05ec80eb2b72cc7": {"ja-JP"},
    "seeds/001_9d4fb5367c2b340c": {"ko-KR"},
    "fixtures/ja_features": {"ja-JP", "ko-KR"},
    "fixtures/ko_hanja": {"ko-KR"},
    "fixtures/zh_article": {"zh-CN"},
    "fixtures/zh_hant_article": {"zh-TW"},
    "fixtures/en_article": {"en-US", "zh-CN", "ja-JP", "ko-KR"},
}
# The Korean seed is all Hangul, drawn alike in every face; the English article's one regional
# character sits in a footnote.
REGIONAL_GLYPH_DOCUMENTS = [
    "seeds/000_f05ec80eb2b72cc7",
    *[n for n in DOCUMENTS if "fixtures/" in n],
]
REGIONAL_GLYPH_DOCUMENTS.remove("fixtures/en_article")
BODY_STYLES = {"BodyText", "FirstParagraph", "Compact"}


def _convert(files: list[Path], *, to: str, out: Path, profile: Path) -> None:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: make setup installs libreoffice-writer-nogui"
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            to,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=SOFFICE_TIMEOUT,
    )
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr, result.stderr


@pytest.fixture(scope="session")
def libreoffice(docx_dist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:  # noqa: F811
    """Every DOCX converted by LibreOffice into `<stem>.pdf` and `<stem>.fodt`, with a profile
    of this session's own, so that parallel runs do not share one."""
    out = tmp_path_factory.mktemp("libreoffice")
    profile = tmp_path_factory.mktemp("libreoffice-profile")
    files = [docx_dist / f"{name}.docx" for name in DOCUMENTS]
    _convert(files, to="pdf", out=out, profile=profile)
    _convert(files, to="fodt", out=out, profile=profile)
    return out


def _odf(prefix: str, name: str) -> str:
    return f"{{{ODF[prefix]}}}{name}"


def _output(libreoffice: Path, name: str, suffix: str) -> Path:
    path = libreoffice / f"{Path(name).name}{suffix}"
    assert path.is_file(), f"LibreOffice wrote no {path.name}"
    return path


def _paragraphs(docx: Path, styles: set[str]) -> list[etree._Element]:
    with zipfile.ZipFile(docx) as package:
        body = etree.fromstring(package.read("word/document.xml"))
    return [
        p
        for p in body.iter(f"{{{W['w']}}}p")
        if set(p.xpath("w:pPr/w:pStyle/@w:val", namespaces=W)) & styles
    ]


def _squeezed(text: str) -> str:
    """Text without spaces, line breaks or digits (the footnote calls among the words)."""
    return re.sub(r"[\s0-9]+", "", text)


@pytest.mark.parametrize("name", DOCUMENTS)
def test_libreoffice_pdf_has_the_title_headings_and_body_text(
    docx_dist: Path,  # noqa: F811
    libreoffice: Path,
    name: str,
) -> None:
    text = _squeezed(pdf_text(_output(libreoffice, name, ".pdf")))
    docx = docx_dist / f"{name}.docx"
    headings = _paragraphs(docx, {"Title", "Heading2", "Heading3"})
    body = _paragraphs(docx, BODY_STYLES)
    assert headings and body
    for paragraph in headings + body[:3]:
        assert _squeezed("".join(paragraph.xpath(".//w:t/text()", namespaces=W))) in text


@pytest.mark.parametrize("name", DOCUMENTS)
def test_libreoffice_pdf_embeds_a_noto_cjk_serif_face(libreoffice: Path, name: str) -> None:
    pdf = _output(libreoffice, name, ".pdf")
    fonts = pdf_fonts(pdf)
    assert any(re.match(r"[A-Z]{6}\+NotoSerifCJK", font) for font in fonts), fonts
    table = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout
    assert all(" yes " in line for line in table.splitlines()[2:]), table  # all embedded
    if name.endswith("en_article"):
        assert any(re.search(r"\+NotoSerif(-Regular)?$", font) for font in fonts), fonts


def _cid(glyph_name: str) -> int | None:
    """`cid01404` (fontTools) and `cid1404` (LibreOffice) are glyph 1404 of the collection."""
    match = re.fullmatch(r"cid(\d+)", glyph_name)
    return int(match.group(1)) if match else None


def _embedded_glyphs(pdf: Path, tmp_path: Path) -> set[int | None]:
    """The glyphs of the Noto CJK serif fonts LibreOffice embedded (as Type 1)."""
    glyphs: set[int | None] = set()
    for number, page in enumerate(PdfReader(pdf).pages):
        for key, font in page["/Resources"]["/Font"].items():
            font = font.get_object()
            if "NotoSerifCJK" not in font["/BaseFont"]:
                continue
            program = font["/FontDescriptor"].get_object()["/FontFile"].get_object()
            path = tmp_path / f"{number}{key[1:]}.pfa"
            path.write_bytes(program.get_data())
            t1 = T1Font(str(path))
            t1.parse()
            glyphs.update(map(_cid, t1.font["CharStrings"].keys()))
    return glyphs


def _serif_cmaps() -> dict[str, dict[int, str]]:
    faces = {region: face(f"Noto Serif CJK {region}") for region in ("JP", "KR", "SC", "TC")}
    return {
        region: TTCollection(f.file, lazy=True).fonts[f.index].getBestCmap()
        for region, f in faces.items()
    }


@pytest.mark.parametrize("name", REGIONAL_GLYPH_DOCUMENTS)
def test_libreoffice_draws_the_regional_glyphs_of_the_language(
    docx_dist: Path,  # noqa: F811
    libreoffice: Path,
    tmp_path: Path,
    name: str,
) -> None:
    region = DOCUMENTS[name][1]
    cmaps = _serif_cmaps()
    text = "".join(
        "".join(run.xpath("w:t/text()", namespaces=W))
        for paragraph in _paragraphs(docx_dist / f"{name}.docx", BODY_STYLES)
        for run in paragraph.xpath(".//w:r[not(w:rPr/w:b)]", namespaces=W)
    )
    regional = {
        ch
        for ch in text
        if len({cmaps[r].get(ord(ch)) for r in cmaps}) > 1 and ord(ch) in cmaps[region]
    }
    assert regional, "the text has characters drawn differently per region"
    glyphs = _embedded_glyphs(_output(libreoffice, name, ".pdf"), tmp_path)
    missing = sorted(ch for ch in regional if _cid(cmaps[region][ord(ch)]) not in glyphs)
    assert not missing, f"not drawn with the {region} glyphs: {''.join(missing)}"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_libreoffice_reads_the_east_asian_faces_and_languages(libreoffice: Path, name: str) -> None:
    flat = etree.parse(str(_output(libreoffice, name, ".fodt"))).getroot()
    families = {
        decl.get(_odf("style", "name")): decl.get(_odf("svg", "font-family")).strip("'")
        for decl in flat.iter(_odf("style", "font-face"))
    }
    properties = [
        props
        for props in flat.iter(_odf("style", "text-properties"))
        if props.get(_odf("style", "font-name-asian")) or props.get(_odf("style", "language-asian"))
    ]
    used = {
        families[props.get(_odf("style", "font-name-asian"))]
        for props in properties
        if props.get(_odf("style", "font-name-asian"))
    }
    serif = {family.rsplit(" ", 1)[1] for family in used if family.startswith("Noto Serif CJK")}
    assert serif == SERIF_FACES[name]
    languages = {
        f"{props.get(_odf('style', 'language-asian'))}-{props.get(_odf('style', 'country-asian'))}"
        for props in properties
        if props.get(_odf("style", "language-asian"))
    }
    assert languages == ASIAN_LANGUAGES[name]


@pytest.mark.parametrize("name", SEED_DOCUMENTS)
def test_libreoffice_pdf_has_the_outline_and_page_of_the_pdf_output(
    seed_dist: Path, libreoffice: Path, name: str
) -> None:
    office = PdfReader(_output(libreoffice, name, ".pdf"))
    ours = PdfReader(seed_dist / "pdf" / f"{Path(name).name}.pdf")
    title, sections = office.outline
    assert title.title == ours.outline[0].title
    assert isinstance(sections, list) and len(sections) == 8
    for office_side, our_side in zip(
        office.pages[0].mediabox[2:], ours.pages[0].mediabox[2:], strict=True
    ):
        assert abs(float(office_side) - float(our_side)) < 1
