"""The index at the back of a book: each keyword of its articles, in the language's order, with
the articles that carry it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from convert.book.order import collation_key
from convert.book.plan import BookPlan, Member


@dataclass(frozen=True)
class IndexTerm:
    text: str
    members: tuple[Member, ...]


def index_terms(plan: BookPlan, keywords: Mapping[str, tuple[str, ...]]) -> list[IndexTerm]:
    """`keywords`: each member's, by its id."""
    found: dict[str, list[Member]] = {}
    for member in plan.members:
        for keyword in keywords.get(member.id, ()):
            found.setdefault(keyword, []).append(member)
    ordered = sorted(found, key=lambda text: (collation_key(text, lang=plan.lang), text))
    return [IndexTerm(text, tuple(found[text])) for text in ordered]
