from __future__ import annotations

import itertools

import panflute as pf

from convert.passes.context import PassContext
from convert.passes.keep_hangul_words import WORD_JOINER
from convert.tree import elements


def _last_str(elem: pf.Element) -> pf.Str | None:
    """The Str that ends `elem`, looking inside links, spans and emphasis."""
    while not isinstance(elem, pf.Str):
        content = getattr(elem, "content", None)
        if not content or not isinstance(elem, pf.Inline) or isinstance(elem, pf.Note):
            return None
        elem = content[-1]
    return elem


def _bind(items: list[pf.Element]) -> None:
    for before, elem in itertools.pairwise(items):
        if isinstance(elem, pf.Note):
            word = _last_str(before)
            if word is not None and not word.text.endswith(WORD_JOINER):
                word.text += WORD_JOINER


def bind_note_calls(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """A footnote call stays on the line of the word it follows: a word joiner between them."""
    for elem in elements(doc):
        for name in elem._children:
            child = getattr(elem, name)
            if isinstance(child, pf.ListContainer):
                _bind(child.list)
    return doc
