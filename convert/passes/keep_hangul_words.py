from __future__ import annotations

import re

import panflute as pf

from convert.language import HANGUL
from convert.passes.context import PassContext
from convert.tree import elements

WORD_JOINER = "\u2060"
_HANGUL_CHARACTER = HANGUL.pattern
# A join point: between two neighbouring characters of which at least one is Hangul.
_INSIDE_HANGUL_WORD = re.compile(rf"(?<={_HANGUL_CHARACTER})(?=\S)|(?<=\S)(?={_HANGUL_CHARACTER})")
KEEP_WORD_CLASS = "keep-word"
# A no-wrap word cannot break even when longer than the line (a 20 pt title on A5 holds about 15
# syllables); longer heading words get joiners, which `overflow-wrap` may still break.
MAX_NOWRAP_LENGTH = 10


def join_hangul_word(text: str) -> str:
    """`text` with a word joiner between the characters of each word that contains Hangul, so
    that a line may break at its spaces only (WeasyPrint ignores `word-break: keep-all`). A word
    too long for a line still breaks, by `overflow-wrap`."""
    return _INSIDE_HANGUL_WORD.sub(WORD_JOINER, text)


def is_nowrap_word(word: str) -> bool:
    """Whether a heading word is kept whole by a no-wrap span rather than by joiners."""
    return bool(HANGUL.search(word)) and len(word) <= MAX_NOWRAP_LENGTH


def _keep_heading_words(elem: pf.Element, doc: pf.Doc) -> pf.Element | None:
    # Headings become PDF bookmarks, which would keep the joiners: a no-wrap span instead.
    if isinstance(elem, pf.Str) and is_nowrap_word(word := elem.text.replace(WORD_JOINER, "")):
        return pf.Span(pf.Str(word), classes=[KEEP_WORD_CLASS])
    return None


def keep_hangul_words(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """Korean lines break between words, never inside one (PDF only: joiners are invisible on
    paper but would get in the way of search in an e-book)."""
    # Each element after those inside it, as `walk` would: a heading's words are joined first.
    for elem in elements(doc):
        if isinstance(elem, pf.Header):
            elem.walk(_keep_heading_words)
        elif isinstance(elem, pf.Str) and HANGUL.search(elem.text):
            elem.text = join_hangul_word(elem.text)
    return doc
