"""What a pass may know besides the document: the article, how to resolve links, where to warn."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from convert.collection import Entry
from convert.errors import Warning_
from convert.model import ArticleMeta

Resolver = Callable[[str], Entry | None]


def _resolve_nothing(slug: str) -> Entry | None:
    return None


@dataclass
class PassContext:
    meta: ArticleMeta
    resolve: Resolver = _resolve_nothing
    site_url: str = ""
    source_text: str = ""  # the article file as read, for the line of a warning
    vertical: bool = False  # EPUB: vertical writing asked for
    warnings: list[Warning_] = field(default_factory=list)

    def warn(self, message: str, *, line: int | None = None) -> None:
        self.warnings.append(Warning_(message, line=line))
