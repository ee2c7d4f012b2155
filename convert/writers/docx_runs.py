"""East Asian face and language on every run of CJK text in a Word part (document, footnotes).

Pandoc writes a run's language as `w:lang w:val` only; Word picks the face and proofing language
of CJK characters from `w:rFonts w:eastAsia` and `w:lang w:eastAsia`, which pandoc never writes.
Styles carry them too (docx_styles), but a run that says it itself survives an editor's paste,
restyling or a client that ignores style inheritance.
"""

from __future__ import annotations

import re

from lxml import etree

from convert.fonts import Face, fonts_for
from convert.language import HAN, HANGUL, KANA, detect_language, regional_tag, script_key

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

EAST_ASIAN = re.compile(
    "|".join(
        [
            KANA.pattern,
            HANGUL.pattern,
            HAN.pattern,
            r"[\u3000-\u303f\uff01-\uff60]",  # CJK punctuation, full-width forms
        ]
    )
)
HEADING_PARAGRAPHS = frozenset(
    ["Title", "Subtitle", "TOCHeading"] + [f"Heading{level}" for level in range(1, 10)]
)
MONO_PARAGRAPHS = frozenset(["SourceCode"])
MONO_RUNS = frozenset(["VerbatimChar"])

# The order of a run's properties in the WordprocessingML schema (CT_RPr); Word rejects a file
# whose properties are out of order.
RPR_ORDER = (
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
).split()


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def east_asian_lang(lang: str) -> bool:
    return script_key(lang) != "en"


def _property(rpr: etree._Element, name: str) -> etree._Element:
    """The run property `name`, added in its schema position when missing."""
    found = rpr.find(_w(name))
    if found is not None:
        return found
    element = etree.Element(_w(name))
    rank = RPR_ORDER.index(name)
    for index, child in enumerate(rpr):
        local = etree.QName(child).localname
        if local in RPR_ORDER and RPR_ORDER.index(local) > rank:
            rpr.insert(index, element)
            return element
    rpr.append(element)
    return element


def _run_properties(run: etree._Element) -> etree._Element:
    rpr = run.find(_w("rPr"))
    if rpr is None:
        rpr = etree.Element(_w("rPr"))
        run.insert(0, rpr)
    return rpr


def _role(run: etree._Element, rpr: etree._Element) -> str:
    paragraph = next(run.iterancestors(_w("p")), None)
    style = None if paragraph is None else paragraph.find(f"{_w('pPr')}/{_w('pStyle')}")
    paragraph_style = None if style is None else style.get(_w("val"))
    run_style = rpr.find(_w("rStyle"))
    if paragraph_style in MONO_PARAGRAPHS or (
        run_style is not None and run_style.get(_w("val")) in MONO_RUNS
    ):
        return "mono"
    return "heading" if paragraph_style in HEADING_PARAGRAPHS else "body"


def _run_lang(rpr: etree._Element, text: str, *, lang: str) -> str:
    """A span's own language (pandoc's `w:lang w:val`), else the document's, else the text's."""
    marked = rpr.find(_w("lang"))
    if marked is not None and marked.get(_w("val")) and east_asian_lang(marked.get(_w("val"))):
        return marked.get(_w("val"), lang)
    return lang if east_asian_lang(lang) else detect_language(text)


def east_asian_face(lang: str, role: str) -> Face:
    """The face for CJK text in `role`: the language's own, or for a language set in a Latin
    face (English), its first fallback, which fonts.toml makes a CJK face."""
    fonts = fonts_for(lang)
    return getattr(fonts, role) if east_asian_lang(lang) else fonts.fallback[0]


def mark_east_asian_runs(part_xml: bytes, *, lang: str) -> bytes:
    """The part with `w:eastAsia` face and language on each run whose text has CJK characters."""
    root = etree.fromstring(part_xml)
    for run in root.iter(_w("r")):
        text = "".join(run.xpath("w:t/text()", namespaces={"w": W}))
        if not EAST_ASIAN.search(text):
            continue
        rpr = _run_properties(run)
        run_lang = _run_lang(rpr, text, lang=lang)
        face = east_asian_face(run_lang, _role(run, rpr))
        fonts = _property(rpr, "rFonts")
        fonts.attrib.pop(_w("eastAsiaTheme"), None)
        fonts.set(_w("eastAsia"), face.family)
        fonts.set(_w("hint"), "eastAsia")
        language = _property(rpr, "lang")
        if language.get(_w("val")):
            language.set(_w("val"), regional_tag(language.get(_w("val"), lang)))
        language.set(_w("eastAsia"), regional_tag(run_lang))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
