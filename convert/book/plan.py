"""A book's plan, decided once before any article is converted: its members in order, their
sections, each article's id and EPUB chapter file. Every writer reads the same plan."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePosixPath

from convert.book.ids import article_ids
from convert.book.manifest import BookSpec
from convert.book.order import Placed, place, sections_in_order
from convert.book.readings import derive_reading, hiragana
from convert.collection import Collection, Entry, Source
from convert.read import decode, split_front_matter

# Kana and Han: a title with neither (Latin, Hangul) sorts by itself, with no reading.
JAPANESE_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Member:
    source: Source
    entry: Entry
    id: str
    section: int  # index into BookPlan.sections
    reading: str | None = None  # Japanese: the reading the order used
    derived: bool = False  # the reading was derived from the title, not given

    @property
    def title(self) -> str:
        return self.entry.title


@dataclass(frozen=True)
class BookSection:
    label: str
    id: str
    members: tuple[Member, ...]


@dataclass(frozen=True)
class BookPlan:
    spec: BookSpec
    lang: str
    sections: tuple[BookSection, ...]

    @property
    def members(self) -> list[Member]:
        return [member for section in self.sections for member in section.members]

    def member(self, relpath: PurePosixPath) -> Member | None:
        return next((m for m in self.members if m.entry.relpath == relpath), None)


def _given_reading(source: Source) -> str | None:
    try:
        metadata, _, _ = split_front_matter(decode(source.path.read_bytes()))
    except Exception:  # unreadable: the article's own conversion reports why
        return None
    reading = metadata.get("reading")
    return hiragana(reading.strip()) if isinstance(reading, str) and reading.strip() else None


def book_language(spec: BookSpec, entries: list[Entry]) -> str:
    if spec.language:
        return spec.language
    counts = Counter(entry.lang for entry in entries)
    return min(counts, key=lambda lang: (-counts[lang], lang)) if counts else "en"


def make_plan(
    spec: BookSpec,
    sources: list[Source],
    manifest_sections: list[tuple[str, list[Source]]],
    *,
    collection: Collection,
) -> BookPlan:
    """Order the readable articles (the others are left out and reported by the caller)."""
    readable = [(s, collection.entry(s.relpath)) for s in sources]
    members = [(s, e) for s, e in readable if e is not None]
    lang = book_language(spec, [e for _, e in members])
    japanese = lang.split("-")[0].lower() == "ja"
    readings: dict[PurePosixPath, tuple[str | None, bool]] = {}
    placed: dict[PurePosixPath, Placed] = {}
    for source, entry in members:
        reading, derived = None, False
        if japanese and JAPANESE_SCRIPT.search(entry.title):
            reading = _given_reading(source)
            if reading is None:
                reading, derived = derive_reading(entry.title), True
        readings[entry.relpath] = (reading, derived)
        placed[entry.relpath] = place(entry.title, lang=lang, reading=reading)

    groups: list[tuple[str, list[tuple[Source, Entry]]]]
    if manifest_sections:
        by_path = {s.path: (s, e) for s, e in members}
        groups = [
            (title, [by_path[s.path] for s in group if s.path in by_path])
            for title, group in manifest_sections
        ]
    else:
        labels = sections_in_order(list(placed.values()))
        groups = [
            (label, [(s, e) for s, e in members if placed[e.relpath].section == label])
            for label in labels
        ]
    if spec.order == "collation":
        groups = [
            (title, sorted(group, key=lambda m: (placed[m[1].relpath].key, str(m[1].relpath))))
            for title, group in groups
        ]
    groups = [(title, group) for title, group in groups if group]
    ids = iter(article_ids(e.slug or e.relpath.name for _, group in groups for _, e in group))
    sections = []
    for number, (label, group) in enumerate(groups, start=1):
        section_members = tuple(
            Member(s, e, next(ids), number - 1, *readings[e.relpath]) for s, e in group
        )
        sections.append(BookSection(label, f"part-{number}", section_members))
    return BookPlan(spec, lang, tuple(sections))
