"""Word styles for an article's language: East Asian faces and language on the styles pandoc uses.

Pandoc writes a run's language as `w:lang w:val` only and its default styles map East Asian text
to the theme font, so Word would show Korean in whatever East Asian face the theme names. Here the
reference document's styles name the configured faces per role and the East Asian language.
"""

from __future__ import annotations

import atexit
import functools
import io
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from convert.config import STYLES_DIR
from convert.fonts import FontSet, fonts_for
from convert.language import regional_tag
from convert.writers.docx_runs import east_asian_face
from convert.writers.docx_xml import prop, to_bytes, w

REFERENCE_DOCX = STYLES_DIR / "reference.docx"

HEADING_STYLE_IDS = frozenset(
    ["Title", "TitleChar", "Subtitle", "SubtitleChar", "TOCHeading"]
    + [f"Heading{level}" for level in range(1, 10)]
    + [f"Heading{level}Char" for level in range(1, 10)]
)
MONO_STYLE_IDS = frozenset(["VerbatimChar", "SourceCode"])

# Page width and height in twentieths of a point, as the PDF's CSS sizes (ISO B5, not JIS).
PAPER_TWIPS = {
    "a4": (11906, 16838),
    "a5": (8391, 11906),
    "b5": (9979, 14173),
    "letter": (12240, 15840),
}
# The PDF's page margins (styles/pdf/print.css: 20 mm 18 mm 22 mm 18 mm) on every paper.
MARGIN_TWIPS = {"top": 1134, "right": 1020, "bottom": 1247, "left": 1020}
HEADER_FOOTER_TWIPS = 567  # 10 mm from the edge, inside the margin as the PDF's running title

# Fixed time for zip entries, so the same styles give the same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _set_fonts(rpr: etree._Element, *, family: str, east_asian: str) -> None:
    fonts = prop(rpr, "rFonts")
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme"):
        fonts.attrib.pop(w(theme), None)
    fonts.set(w("ascii"), family)
    fonts.set(w("hAnsi"), family)
    fonts.set(w("eastAsia"), east_asian)


def styles_for_language(styles_xml: bytes, *, fonts: FontSet, lang: str) -> bytes:
    """styles.xml with each role's face and the document language, East Asian included."""
    root = etree.fromstring(styles_xml)
    defaults = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    if defaults is None:
        raise ValueError("reference styles have no document defaults")
    _set_fonts(defaults, family=fonts.body.family, east_asian=east_asian_face(lang, "body").family)
    language = prop(defaults, "lang")
    language.set(w("val"), regional_tag(lang))
    language.set(w("eastAsia"), regional_tag(lang))
    for style in root.iter(w("style")):
        style_id = style.get(w("styleId"))
        role = (
            "heading"
            if style_id in HEADING_STYLE_IDS
            else "mono"
            if style_id in MONO_STYLE_IDS
            else None
        )
        if role is not None:
            _set_fonts(
                prop(style, "rPr"),
                family=getattr(fonts, role).family,
                east_asian=east_asian_face(lang, role).family,
            )
    return to_bytes(root)


def page_for_paper(document_xml: bytes, *, paper: str) -> bytes:
    """document.xml whose section has the paper's size and margins."""
    root = etree.fromstring(document_xml)
    section = root.find(f".//{w('sectPr')}")
    if section is None:
        section = etree.SubElement(root.find(w("body")), w("sectPr"))
    width, height = PAPER_TWIPS[paper]
    size = prop(section, "pgSz")
    size.attrib.clear()
    size.set(w("w"), str(width))
    size.set(w("h"), str(height))
    margins = prop(section, "pgMar")
    margins.attrib.clear()
    for side, twips in MARGIN_TWIPS.items():
        margins.set(w(side), str(twips))
    margins.set(w("header"), str(HEADER_FOOTER_TWIPS))
    margins.set(w("footer"), str(HEADER_FOOTER_TWIPS))
    margins.set(w("gutter"), "0")
    return to_bytes(root)


def rewrite_docx(source: bytes, replacements: dict[str, bytes]) -> bytes:
    """A copy of a .docx with some parts replaced, entries in their order, at a fixed time."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(source)) as old,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as new,
    ):
        for info in old.infolist():
            data = replacements.get(info.filename, old.read(info.filename))
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            new.writestr(entry, data)
    return out.getvalue()


def reference_for(reference: bytes, *, lang: str, paper: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(reference)) as docx:
        styles = docx.read("word/styles.xml")
        document = docx.read("word/document.xml")
    return rewrite_docx(
        reference,
        {
            "word/styles.xml": styles_for_language(styles, fonts=fonts_for(lang), lang=lang),
            "word/document.xml": page_for_paper(document, paper=paper),
        },
    )


@functools.cache
def reference_docx_path(lang: str, paper: str) -> Path:
    """styles/reference.docx set up for one language and paper, written once per process."""
    data = reference_for(REFERENCE_DOCX.read_bytes(), lang=lang, paper=paper)
    handle = tempfile.NamedTemporaryFile(
        prefix=f"convert-reference-{lang}-", suffix=".docx", delete=False
    )
    with handle:
        handle.write(data)
    path = Path(handle.name)
    atexit.register(path.unlink, missing_ok=True)
    return path
