from __future__ import annotations

import itertools

import panflute as pf

from convert.passes.context import PassContext
from convert.tree import elements, lists

NO_BREAK_SPACE = "\u00a0"
# Punctuation that closes what comes before it, written after a space in some languages and
# some articles: French `virtuel ?`, Arabic `الضرورية ،`, Hindi `चाहिए ।`, stray `sein ,`.
CLOSING = frozenset(".,;:!?)]}»›…،؛؟۔।॥")


def _closes(elem: pf.Element) -> bool:
    return isinstance(elem, pf.Str) and elem.text[:1] in CLOSING


def _bind(items: pf.ListContainer) -> None:
    spaces = [
        index
        for index, (space, following) in enumerate(itertools.pairwise(items))
        if isinstance(space, pf.Space) and _closes(following)
    ]
    for index in reversed(spaces):
        items[index + 1].text = NO_BREAK_SPACE + items[index + 1].text
        del items[index]


def bind_closing_punctuation(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """Punctuation written after a space never starts a line (`।` in Hindi, `،` in Arabic, `?`
    in French): that space becomes a no-break space."""
    for elem in elements(doc):
        for items in lists(elem):
            if any(map(_closes, items)):
                _bind(items)
    return doc
