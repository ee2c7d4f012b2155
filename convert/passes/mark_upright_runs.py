"""Vertical Japanese: short runs of Latin letters or digits stand upright, combined into one
character cell (tate-chū-yoko), instead of lying on their side."""

from __future__ import annotations

import re

import panflute as pf

from convert.language import script_key
from convert.passes.context import PassContext

UPRIGHT_CLASS = "tcy"
ASCII_RUN = re.compile(r"[!-~]+")  # printable ASCII without the space
UPRIGHT_RUN = re.compile(r"[0-9]{1,2}|[A-Za-z]{1,2}")  # e.g. 50, 10, AI; not 1.5, 100 or FinTech
VERTICAL_SCRIPTS = ("ja",)


def _split_upright(text: str) -> list[pf.Inline]:
    pieces: list[pf.Inline] = []
    position = 0
    for run in ASCII_RUN.finditer(text):
        if not UPRIGHT_RUN.fullmatch(run.group()):
            continue
        if run.start() > position:
            pieces.append(pf.Str(text[position : run.start()]))
        pieces.append(pf.Span(pf.Str(run.group()), classes=[UPRIGHT_CLASS]))
        position = run.end()
    if position < len(text):
        pieces.append(pf.Str(text[position:]))
    return pieces


def is_vertical(lang: str, *, asked: bool) -> bool:
    """Whether a book is set vertically: asked for, and in a language written so."""
    return asked and script_key(lang) in VERTICAL_SCRIPTS


def mark_upright_runs(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """In a vertical book, wrap each short ASCII run of the text in a span the vertical
    stylesheet sets upright."""
    if not is_vertical(ctx.meta.lang, asked=ctx.vertical):
        return doc

    def mark(elem: pf.Element, doc: pf.Doc) -> list[pf.Inline] | None:
        if not isinstance(elem, pf.Str) or not ASCII_RUN.search(elem.text):
            return None
        if isinstance(elem.parent, pf.Span) and UPRIGHT_CLASS in elem.parent.classes:
            return None
        pieces = _split_upright(elem.text)
        return pieces if len(pieces) != 1 or not isinstance(pieces[0], pf.Str) else None

    return doc.walk(mark)
