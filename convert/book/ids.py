"""One id per article of a book, decided once before any writer runs and the same in every
format: ASCII, starting with a letter, at most ARTICLE_ID_LIMIT characters, so that an id with a
heading's number after it still fits Word's 40-character bookmark names."""

from __future__ import annotations

import re
from collections.abc import Iterable

BOOKMARK_LIMIT = 40  # Word's bookmark names, and the limit for every id
ARTICLE_ID_LIMIT = 32  # leaves room for `-h` and a heading's number
NOT_ID = re.compile(r"[^a-z0-9]+")


def _stem(slug: str) -> str:
    stem = NOT_ID.sub("-", slug.lower()).strip("-")
    if not stem or not stem[0].isalpha():
        stem = f"a-{stem}".rstrip("-")
    return stem[:ARTICLE_ID_LIMIT].rstrip("-")


def article_ids(slugs: Iterable[str]) -> list[str]:
    """An id for each slug, in the same order; a clash gets a number (`risk`, `risk-2`)."""
    ids: list[str] = []
    taken: set[str] = set()
    for slug in slugs:
        stem = _stem(slug)
        candidate, number = stem, 1
        while candidate in taken:
            number += 1
            tail = f"-{number}"
            candidate = stem[: ARTICLE_ID_LIMIT - len(tail)].rstrip("-") + tail
        taken.add(candidate)
        ids.append(candidate)
    return ids


def heading_id(article_id: str, number: int) -> str:
    """The id of an article's `number`th heading inside the book."""
    return f"{article_id}-h{number}"
