"""The reference document set up for an article's language and paper, at build time.

Pandoc writes a run's language as `w:lang w:val` only and its default styles map East Asian text
to the theme font, so Word would show Korean in whatever East Asian face the theme names. Here the
reference document's styles name the configured faces per role and the East Asian language, its
settings the theme font language, its font table the faces, and its section the PDF's page.
Pandoc copies all four into the DOCX it writes.
"""

from __future__ import annotations

import atexit
import functools
import io
import tempfile
import zipfile
from pathlib import Path

from lxml import etree

from convert.assets import depends_on_assets, style_file
from convert.fonts import ROLE_ELEMENTS, ROLES, FontSet, fonts_for
from convert.language import direction, is_complex_script, regional_tag
from convert.paper import PAPERS, mm_to_twips
from convert.writers.docx_runs import UNMARKED_HAN, east_asian_face, east_asian_lang
from convert.writers.docx_xml import prop, to_bytes, w

REFERENCE_DOCX = "reference.docx"  # under styles/


HEADER_FOOTER_MM = 10  # from the edge, inside the margin as the PDF's running title

# One language of each entry of our fonts table, for the faces the reference document may name.
LANGUAGES = ("ja", "ko", "zh-Hans", "zh-Hant", "en", "ru", "el", "ar", "hi")
# Word's character set per Noto CJK region: Shift JIS, Hangul, GB 2312, Big5.
CHARACTER_SETS = {"JP": "80", "KR": "81", "SC": "86", "TC": "88"}

# Fixed time for zip entries, so the same styles give the same bytes.
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def _set_fonts(
    rpr: etree._Element, *, family: str, east_asian: str, complex_script: str | None
) -> None:
    fonts = prop(rpr, "rFonts")
    for theme in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme"):
        fonts.attrib.pop(w(theme), None)
    fonts.set(w("ascii"), family)
    fonts.set(w("hAnsi"), family)
    fonts.set(w("eastAsia"), east_asian)
    if complex_script:
        fonts.attrib.pop(w("cstheme"), None)
        fonts.set(w("cs"), complex_script)


def _complex_script_face(fonts: FontSet, role: str, lang: str) -> str | None:
    """Arabic, Hebrew, Devanagari, …: Word sets them in the complex-script face (`w:cs`)."""
    return getattr(fonts, role).family if is_complex_script(lang) else None


def styles_for_language(styles_xml: bytes, *, fonts: FontSet, lang: str) -> bytes:
    """styles.xml with each role's face and the document language, East Asian included."""
    root = etree.fromstring(styles_xml)
    defaults = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    if defaults is None:
        raise ValueError("reference styles have no document defaults")
    _set_fonts(
        defaults,
        family=fonts.body.family,
        east_asian=east_asian_face(lang, "body").family,
        complex_script=_complex_script_face(fonts, "body", lang),
    )
    language = prop(defaults, "lang")
    language.set(w("val"), regional_tag(lang))
    language.set(w("eastAsia"), regional_tag(lang))
    if is_complex_script(lang):
        language.set(w("bidi"), regional_tag(lang))
    if direction(lang) == "rtl":  # a paragraph an editor adds reads right to left too
        paragraph_defaults = root.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}")
        if paragraph_defaults is not None:
            prop(paragraph_defaults, "bidi")
    for style in root.iter(w("style")):
        style_id = style.get(w("styleId"))
        role = next(
            (role for role, elements in ROLE_ELEMENTS.items() if style_id in elements.word_styles),
            None,
        )
        if role is not None:
            _set_fonts(
                prop(style, "rPr"),
                family=getattr(fonts, role).family,
                east_asian=east_asian_face(lang, role).family,
                complex_script=_complex_script_face(fonts, role, lang),
            )
    return to_bytes(root)


def page_for_paper(document_xml: bytes, *, paper: str, right_to_left: bool = False) -> bytes:
    """document.xml whose section has the paper's size and margins, and reads right to left
    (`w:bidi`: columns, page numbers and the gutter from the right) for Arabic."""
    root = etree.fromstring(document_xml)
    section = root.find(f".//{w('sectPr')}")
    if section is None:
        section = etree.SubElement(root.find(w("body")), w("sectPr"))
    page = PAPERS[paper]
    size = prop(section, "pgSz")
    size.attrib.clear()
    size.set(w("w"), str(mm_to_twips(page.width)))
    size.set(w("h"), str(mm_to_twips(page.height)))
    # With mirrored margins (settings.xml), Word's left margin is the inner one, as in the PDF.
    sides = {
        "top": page.margins.top,
        "right": page.margins.outer,
        "bottom": page.margins.bottom,
        "left": page.margins.inner,
        "header": HEADER_FOOTER_MM,
        "footer": HEADER_FOOTER_MM,
        "gutter": 0,
    }
    margins = prop(section, "pgMar")
    margins.attrib.clear()
    for side, mm in sides.items():
        margins.set(w(side), str(mm_to_twips(mm)))
    if right_to_left:
        prop(section, "bidi")
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


def settings_for_language(settings_xml: bytes, *, lang: str) -> bytes:
    """settings.xml whose theme font language is the document's; East Asian, the document's or
    in an English article Chinese, as unmarked Han text there is taken to be."""
    root = etree.fromstring(settings_xml)
    theme_lang = root.find(w("themeFontLang"))
    if theme_lang is None:
        raise ValueError("reference settings have no theme font language")
    theme_lang.set(w("val"), regional_tag(lang))
    east_asian = lang if east_asian_lang(lang) else UNMARKED_HAN
    theme_lang.set(w("eastAsia"), regional_tag(east_asian))
    prop(root, "mirrorMargins")  # duplex: inner and outer margins swap on even pages, as the PDF's
    return to_bytes(root)


def _character_set(family: str) -> str:
    return next(
        (code for region, code in CHARACTER_SETS.items() if family.endswith(f" {region}")), "00"
    )


def _families_for(lang: str) -> tuple[str, ...]:
    fonts = fonts_for(lang)
    faces = [getattr(fonts, role) for role in ROLES]
    faces += [east_asian_face(lang, role) for role in ROLES]
    return tuple(dict.fromkeys(face.family for face in faces))


@functools.cache
def _configured_families() -> frozenset[str]:
    return frozenset(family for lang in LANGUAGES for family in _families_for(lang))


def font_table_for_language(font_table_xml: bytes, *, lang: str) -> bytes:
    """fontTable.xml that also describes the article's faces. Word picks a stand-in for a face
    it lacks by these entries; the character set keeps the stand-in in the right script."""
    root = etree.fromstring(font_table_xml)
    for font in root.findall(w("font")):
        if font.get(w("name")) in _configured_families():
            root.remove(font)  # another language's, from the reference document
    for family in _families_for(lang):
        entry = etree.SubElement(root, w("font"))
        entry.set(w("name"), family)
        etree.SubElement(entry, w("charset")).set(w("val"), _character_set(family))
        generic = "modern" if "Mono" in family else "swiss" if "Sans" in family else "roman"
        etree.SubElement(entry, w("family")).set(w("val"), generic)
        pitch = "fixed" if generic == "modern" else "variable"
        etree.SubElement(entry, w("pitch")).set(w("val"), pitch)
    return to_bytes(root)


def reference_for(reference: bytes, *, lang: str, paper: str) -> bytes:
    parts = ("styles", "document", "settings", "fontTable")
    with zipfile.ZipFile(io.BytesIO(reference)) as docx:
        xml = {part: docx.read(f"word/{part}.xml") for part in parts}
    return rewrite_docx(
        reference,
        {
            "word/styles.xml": styles_for_language(xml["styles"], fonts=fonts_for(lang), lang=lang),
            "word/document.xml": page_for_paper(
                xml["document"], paper=paper, right_to_left=direction(lang) == "rtl"
            ),
            "word/settings.xml": settings_for_language(xml["settings"], lang=lang),
            "word/fontTable.xml": font_table_for_language(xml["fontTable"], lang=lang),
        },
    )


@depends_on_assets
@functools.cache
def reference_docx_path(lang: str, paper: str) -> Path:
    """styles/reference.docx set up for one language and paper, written once per process."""
    data = reference_for(style_file(REFERENCE_DOCX).read_bytes(), lang=lang, paper=paper)
    handle = tempfile.NamedTemporaryFile(
        prefix=f"convert-reference-{lang}-", suffix=".docx", delete=False
    )
    with handle:
        handle.write(data)
    path = Path(handle.name)
    atexit.register(path.unlink, missing_ok=True)
    return path
