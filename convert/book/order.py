"""The order of a book's articles and its sections, by the language's own rules (ICU): Korean
가나다 in sections ㄱ…ㅎ, Chinese by pinyin in sections A–Z, Latin-script languages alphabetically
with their tailoring, Japanese in gojūon order of each title's reading in sections あ行…わ行.
A title in another script than the language's goes to a section of its script, after them."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

import icu

# ICU's index labels are single letters or kana: a Japanese section is named by its row.
ROW_SUFFIX = {"ja": "行"}
LATIN_SECTION = "A–Z"
OTHER_SECTION = "#"  # digits and symbols
NORMAL_BUCKET = 0  # UAlphabeticIndexLabelType U_ALPHAINDEX_NORMAL: a letter of the language


@dataclass(frozen=True)
class Placed:
    """Where an article goes: its section (label and rank) and its sort key within the book."""

    section: str
    rank: tuple[int, int]
    key: bytes


def _locale(lang: str) -> icu.Locale:
    base = lang.split("-")[0].lower()
    if base == "zh":
        return icu.Locale("zh@collation=pinyin")  # Traditional Chinese too: by pinyin, A–Z
    return icu.Locale(lang.replace("-", "_"))


@functools.cache
def _collator(lang: str) -> icu.Collator:
    return icu.Collator.createInstance(_locale(lang))


@functools.cache
def _index(lang: str) -> tuple[icu.AlphabeticIndex, tuple[tuple[str, int], ...]]:
    index = icu.AlphabeticIndex(_locale(lang))
    buckets = []
    while index.nextBucket():
        buckets.append((index.bucketLabel, index.bucketLabelType))
    index.resetBucketIterator()
    return index, tuple(buckets)


def _script_section(text: str) -> str:
    """The section of a title outside the language's alphabet: its script's, by its first
    letter (a Latin title in a Japanese book goes to A–Z, a Hangul one to Hangul)."""
    for char in text:
        if not char.isalpha():
            continue
        script = icu.Script.getScript(ord(char))
        if script.getShortName() == "Latn":
            return LATIN_SECTION
        return str(script.getName()).replace("_", " ")
    return OTHER_SECTION


def sort_text(title: str, reading: str | None) -> str:
    return reading or title


def place(title: str, *, lang: str, reading: str | None = None) -> Placed:
    """The section and sort key of one article, from its title (and, in Japanese, reading)."""
    text = unicodedata.normalize("NFC", sort_text(title, reading))
    index, buckets = _index(lang)
    bucket = index.getBucketIndex(text)
    label, kind = buckets[bucket]
    key = bytes(_collator(lang).getSortKey(text)) + b"\0" + bytes(_collator(lang).getSortKey(title))
    if kind == NORMAL_BUCKET:
        suffix = ROW_SUFFIX.get(lang.split("-")[0].lower(), "")
        return Placed(f"{label}{suffix}", (0, bucket), key)
    section = _script_section(text)
    return Placed(section, (1 if section != OTHER_SECTION else 2, 0), key)


def sections_in_order(placed: Sequence[Placed]) -> list[str]:
    """The section labels of these articles, in the book's order, each once."""
    ranked = sorted({(p.rank, p.section) for p in placed})
    return [section for _, section in ranked]


def collation_key(text: str, *, lang: str) -> bytes:
    """The language's order, for index terms and anything else a book sorts."""
    return bytes(_collator(lang).getSortKey(unicodedata.normalize("NFC", text)))
