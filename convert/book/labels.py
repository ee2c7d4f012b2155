"""The words a book prints around cross-references, contents and index: the article's words
(contents, cover, …) and the book's own (styles/book/labels.toml), per language."""

from __future__ import annotations

from convert.labels import labels_for

BOOK_LABELS = "book/labels.toml"


def book_labels(lang: str) -> dict[str, str]:
    return {**labels_for(lang), **labels_for(lang, BOOK_LABELS)}


def where(lang: str, *, page: int | str, volume: int = 0) -> str:
    """`p. 37`, `37쪽`; `第2巻 p. 37` when the page is in another volume (`volume` > 0)."""
    labels = book_labels(lang)
    pattern = labels["page_in_volume"] if volume else labels["page"]
    return pattern.format(page=page, volume=volume)
