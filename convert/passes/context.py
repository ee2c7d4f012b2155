"""What a pass may know besides the document: the article, how to resolve links, where to warn."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from convert.collection import Entry
from convert.errors import Warning_
from convert.model import ArticleMeta

Resolver = Callable[[str], Entry | None]


@dataclass(frozen=True)
class BookTarget:
    """An article of the book being built, as a link to it becomes a cross-reference."""

    id: str
    title: str
    volume: int = 0  # PDF: the volume it is printed in, when the book is split


BookResolver = Callable[[str], BookTarget | None]


def _in_no_book(slug: str) -> BookTarget | None:
    return None


def _resolve_nothing(slug: str) -> Entry | None:
    return None


@dataclass
class PassContext:
    meta: ArticleMeta
    resolve: Resolver = _resolve_nothing
    site_url: str = ""
    source_text: str = ""  # the article file as read, for the line of a warning
    vertical: bool = False  # EPUB: vertical writing asked for
    # Books: the article's own id, and the article in the book a link names (None: not in it).
    article_id: str = ""
    in_book: BookResolver = _in_no_book
    tally: Counter[str] = field(default_factory=Counter)  # links by what they became
    warnings: list[Warning_] = field(default_factory=list)

    def warn(self, message: str, *, line: int | None = None) -> None:
        self.warnings.append(Warning_(message, line=line))
