from __future__ import annotations

import lxml.html
import panflute as pf

from convert.passes.context import PassContext

_DROPPED_WITH_CONTENT = ("script", "style", "iframe", "object", "embed", "template", "noscript")


def _text_of_html(html: str) -> str:
    try:
        fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml rejects some broken markup outright; it has no text worth keeping
        return ""
    for element in fragment.iter(*_DROPPED_WITH_CONTENT):
        element.drop_tree()
    return " ".join(fragment.text_content().split())


def _reduce(elem: pf.Element, doc: pf.Doc) -> list[pf.Element] | pf.Element | None:
    if isinstance(elem, pf.RawInline):
        if elem.format == "html" and elem.text.strip().lower().replace(" ", "") in (
            "<br>",
            "<br/>",
        ):
            return pf.LineBreak()
        return []  # a tag alone: the text around it is already ordinary text in the AST
    if isinstance(elem, pf.RawBlock):
        text = _text_of_html(elem.text) if elem.format == "html" else ""
        return pf.Para(pf.Str(text)) if text else []
    return None


def strip_raw_markup(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """Raw HTML and raw blocks never reach an output: HTML is reduced to its text (scripts and
    styles dropped), so markup mangled by translation tools neither shows nor breaks a file."""
    return doc.walk(_reduce)
