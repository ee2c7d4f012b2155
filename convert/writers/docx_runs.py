"""East Asian face and language on every run of CJK text in a Word part (document, footnotes).

Pandoc writes a run's language as `w:lang w:val` only; Word picks the face and proofing language
of CJK characters from `w:rFonts w:eastAsia` and `w:lang w:eastAsia`, which pandoc never writes.
The styles carry them too (docx_styles), but a run that says it itself keeps them through an
editor's copy and paste or restyling.
"""

from __future__ import annotations

import re

from lxml import etree

from convert.fonts import ROLE_ELEMENTS, Face, fonts_for
from convert.language import HAN, HANGUL, KANA, detect_language, is_east_asian, regional_tag
from convert.writers.docx_xml import W, prop, to_bytes, w

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
UNMARKED_HAN = "zh"
RUN_TEXT = etree.XPath("w:t/text()", namespaces={"w": W})


def east_asian_lang(lang: str) -> bool:
    return is_east_asian(lang)


def east_asian_face(lang: str, role: str) -> Face:
    """The face for CJK text in `role`: the language's own; in an English article, the Chinese
    one, as Han text with no kana or Hangul is taken for Chinese (`detect_language`)."""
    face: Face = getattr(fonts_for(lang if east_asian_lang(lang) else UNMARKED_HAN), role)
    return face


def _in_header_row(run: etree._Element) -> bool:
    row = next(run.iterancestors(w("tr")), None)
    return row is not None and row.find(f"{w('trPr')}/{w('tblHeader')}") is not None


def _role(run: etree._Element, rpr: etree._Element) -> str:
    """The face role of a run, from convert.fonts.ROLE_ELEMENTS: its own style first, then its
    paragraph's, then a table's header row."""
    paragraph = next(run.iterancestors(w("p")), None)
    # Its properties come first: looked up there, not among all its runs (an index entry's
    # paragraph has tens of thousands).
    first = None if paragraph is None else next(paragraph.iterchildren(), None)
    paragraph_style = None if first is None or first.tag != w("pPr") else first.find(w("pStyle"))
    run_style = rpr.find(w("rStyle"))
    for style in (run_style, paragraph_style):
        name = None if style is None else style.get(w("val"))
        for role, elements in ROLE_ELEMENTS.items():
            if name in elements.word_styles:
                return role
    if _in_header_row(run):
        return next(role for role, elements in ROLE_ELEMENTS.items() if elements.table_header)
    return "body"


def _run_lang(rpr: etree._Element, text: str, *, lang: str) -> str:
    """A span's own language (pandoc's `w:lang w:val`), else the document's, else the text's."""
    marked = rpr.find(w("lang"))
    span_lang = "" if marked is None else marked.get(w("val"), "")
    if span_lang and east_asian_lang(span_lang):
        return span_lang
    return lang if east_asian_lang(lang) else detect_language(text)


def mark_east_asian_runs(part_xml: bytes, *, lang: str) -> bytes:
    """The part with `w:eastAsia` face and language on each run whose text has CJK characters."""
    root = etree.fromstring(part_xml)
    mark_east_asian(root, lang=lang)
    return to_bytes(root)


def mark_east_asian(element: etree._Element, *, lang: str) -> None:
    """`mark_east_asian_runs` on the runs in `element` (a part, or a paragraph of one)."""
    for run in element.iter(w("r")):
        text = "".join(RUN_TEXT(run))
        if not EAST_ASIAN.search(text):
            continue
        rpr = prop(run, "rPr")
        run_lang = _run_lang(rpr, text, lang=lang)
        fonts = prop(rpr, "rFonts")
        fonts.attrib.pop(w("eastAsiaTheme"), None)
        fonts.set(w("eastAsia"), east_asian_face(run_lang, _role(run, rpr)).family)
        fonts.set(w("hint"), "eastAsia")
        language = prop(rpr, "lang")
        if language.get(w("val")):
            language.set(w("val"), regional_tag(language.get(w("val"), lang)))
        language.set(w("eastAsia"), regional_tag(run_lang))
