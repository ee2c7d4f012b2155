"""Readings of Japanese titles, for gojūon order: the front matter's `reading:` when given, else
derived from the title with MeCab (fugashi) and UniDic-lite. Derived readings are listed in the
book's report so an editor can correct them."""

from __future__ import annotations

import functools

KATAKANA_TO_HIRAGANA = {code: code - 0x60 for code in range(ord("ァ"), ord("ヶ") + 1)}


@functools.cache
def _tagger():  # type: ignore[no-untyped-def]
    import fugashi  # loads the dictionary: only for Japanese books

    return fugashi.Tagger()


def hiragana(text: str) -> str:
    return text.translate(KATAKANA_TO_HIRAGANA)


def derive_reading(title: str) -> str:
    """`株式市場` → `かぶしきしじょう`; a word the dictionary does not know (`ETF`) stays as is."""
    parts = []
    for word in _tagger()(title):
        kana = getattr(word.feature, "kana", None)
        parts.append(kana if kana and kana != "*" else word.surface)
    return hiragana("".join(parts))
