"""The printed book: chunks of articles laid out on the worker pool twice. The first layout
gives each chunk's page count and where each heading lands; from those, each chunk's first page
(sections start on a right-hand page), the volumes (`--max-pages`, at section boundaries) and
every page a cross-reference, the contents or the index prints; the second layout prints them and
makes the PDFs, which are joined per volume. Where the numbers moved a page break, the second
layout is done again from its own positions. The contents and the index are cut into chunks
too: one WeasyPrint layout of a long document grows faster than its pages."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from convert import __version__
from convert.book.index import index_terms
from convert.book.labels import book_labels, where
from convert.book.plan import BookPlan, Member
from convert.config import Config
from convert.errors import BookFormatError
from convert.executor import TaskFailure, worker_pool
from convert.output import partial_file
from convert.passes.keep_hangul_words import join_hangul_word
from convert.pictures import Picture
from convert.writers.html import render

if TYPE_CHECKING:
    from convert.writers.book_pdf import Chunk
    from convert.writers.pdf_layout import LaidOut

CHUNK_ARTICLES = 24  # about 60 A4 pages of the collection's articles: a second or two each
CONTENTS_ENTRIES_PER_CHUNK = 1200  # lines of the contents: about 30 A4 pages
INDEX_PLACES_PER_CHUNK = 1500  # articles named by the index: about 30 A4 pages
MAX_ROUNDS = 3  # second layouts, when printed numbers move a page break
HTML_CHARACTERS_PER_PAGE = 5000  # the collection's articles on A4, HTML markup included
SLOT = re.compile(r'(<span class="page-(?:ref|num)" data-target="([^"]+)">)[^<]*(</span>)')
FRONT, INDEX = "front", "index"
Item = TypeVar("Item")


@dataclass(frozen=True)
class Part:
    """A chunk of one section's articles."""

    key: str
    section: int
    first: bool  # opens its section (which starts on a right-hand page)
    members: tuple[Member, ...]


@dataclass
class Placement:
    volume: int  # 1-based
    start: int  # first page number within its volume
    blanks: int  # blank pages put before it


def _parts(plan: BookPlan, present: Mapping[str, object]) -> list[Part]:
    parts: list[Part] = []
    for number, section in enumerate(plan.sections):
        members = [m for m in section.members if m.id in present]
        for first in range(0, len(members), CHUNK_ARTICLES):
            chunk = tuple(members[first : first + CHUNK_ARTICLES])
            parts.append(Part(f"body-{len(parts) + 1}", number, first == 0, chunk))
    return parts


def _packed(
    groups: Iterable[Sequence[Item]], limit: int, weight: Callable[[Item], int] = lambda _: 1
) -> list[list[Item]]:
    """Consecutive groups as chunks weighing at most `limit` (or one item, if it weighs more),
    cut between groups where they can be: a group heavier than `limit` is cut inside."""
    chunks: list[list[Item]] = [[]]
    used = 0
    for group in groups:
        if chunks[-1] and used + sum(map(weight, group)) > limit:
            chunks.append([])
            used = 0
        for item in group:
            if chunks[-1] and used + weight(item) > limit:
                chunks.append([])
                used = 0
            chunks[-1].append(item)
            used += weight(item)
    return chunks


def _volumes(parts: list[Part], pages: Mapping[str, int], max_pages: int | None) -> list[int]:
    """The volume of each part: whole sections, packed while they fit in `max_pages`."""
    volumes, volume, used, section = [], 1, 0, -1
    for part in parts:
        if part.section != section:  # a section boundary: the only place to cut
            section = part.section
            size = sum(pages[p.key] for p in parts if p.section == section)
            if max_pages and used and used + size > max_pages:
                volume, used = volume + 1, 0
            used += size
        volumes.append(volume)
    return volumes


class BookPrinter:
    def __init__(
        self,
        plan: BookPlan,
        articles: Mapping[str, tuple[str, str, tuple[str, ...]]],
        *,
        pictures: Mapping[str, tuple[Picture, ...]],
        config: Config,
        max_pages: int | None,
        scratch: Path,
    ) -> None:
        self.plan, self.articles, self.config, self.max_pages = plan, articles, config, max_pages
        self.scratch = scratch  # where the chunks' and the volumes' PDFs are written, as
        # temporary files: the parent never holds them in memory
        self.lang = plan.lang
        self.labels = book_labels(plan.lang)
        self.parts = _parts(plan, articles)
        # Where each chunk's pictures are: the folders of its articles that show any.
        self.folders = {
            part.key: tuple(
                sorted({p.path.parent for m in part.members for p in pictures.get(m.id, ())})
            )
            for part in self.parts
        }
        # The first layout prints this where a page number goes: as many digits as most of the
        # book's numbers will have, so the second layout seldom breaks a line elsewhere.
        self.placeholder = "8" * len(
            str(max(1, sum(len(a[0]) for a in articles.values()) // HTML_CHARACTERS_PER_PAGE))
        )
        self._ids = {m.id for m in plan.members} | {s.id for s in plan.sections}

    # HTML of each chunk

    def _article(self, member: Member) -> dict[str, object]:
        body, description, keywords = self.articles[member.id]
        return {
            "id": member.id,
            "title": join_hangul_word(member.title),
            "body": body,
            "description": join_hangul_word(description),
            "keywords": [join_hangul_word(k) for k in keywords],
        }

    def _page(self, common: dict[str, object], **context: object) -> str:
        return render("book/pdf/chunk.html.j2", **{**common, **context})

    def _common(self) -> dict[str, object]:
        spec = self.plan.spec
        return {
            "lang": self.lang,
            "title": spec.title,
            "subtitle": spec.subtitle,
            "labels": self.labels,
            "version": __version__,
            "front": False,
            "section": None,
            "articles": [],
            "index": [],
            "index_continued": False,
            "front_matter": [],
            "back_matter": [],
            "contents": [],
            "volume_label": "",
        }

    def body_html(self, part: Part) -> str:
        section = self.plan.sections[part.section]
        return self._page(
            self._common(),
            section=section if part.first else None,
            articles=[self._article(m) for m in part.members],
        )

    def front_pages(self, volume: int, parts: list[Part], volumes: int) -> dict[str, str]:
        """The volume's title page and contents, by chunk key: the first chunk holds the title
        page and the contents' start, each next one more of its entries (cut at sections where
        it can be)."""
        groups: list[list[dict[str, str]]] = []
        for part in parts:
            if part.first:
                section = self.plan.sections[part.section]
                groups.append([{"kind": "section", "id": section.id, "text": section.label}])
            groups[-1] += [
                {"kind": "article", "id": m.id, "text": join_hangul_word(m.title)}
                for m in part.members
            ]
        for group in groups:
            for entry in group:
                entry["page"] = self.placeholder
        paragraphs = [p.strip() for p in self.plan.spec.front_matter.split("\n\n") if p.strip()]
        label = self.labels["volume"].format(volume=volume) if volumes > 1 else ""
        pages = {}
        for number, entries in enumerate(_packed(groups, CONTENTS_ENTRIES_PER_CHUNK), 1):
            first = number == 1
            key = f"{FRONT}-{volume}" if first else f"{FRONT}-{volume}-{number}"
            pages[key] = self._page(
                self._common(),
                front=first,
                contents=entries,
                volume_label=label,
                front_matter=paragraphs if first and volume == 1 else [],
            )
        return pages

    def index_pages(self) -> dict[str, str]:
        """The back matter and the index, by chunk key: the first chunk holds the back matter and
        the index's start, each next one more of its places. A term naming more articles than a
        chunk holds (a category of thousands) is cut, and goes on under its own name."""
        keywords = {id: article[2] for id, article in self.articles.items()}
        places = [
            [(term.text, member) for member in term.members]
            for term in index_terms(self.plan, keywords)
        ]
        back = [p.strip() for p in self.plan.spec.back_matter.split("\n\n") if p.strip()]
        pages = {}
        for number, chunk in enumerate(_packed(places, INDEX_PLACES_PER_CHUNK), 1):
            terms = [
                {
                    "text": join_hangul_word(text),
                    "places": [
                        {"id": m.id, "title": join_hangul_word(m.title), "page": self.placeholder}
                        for _, m in term_places
                    ],
                }
                for text, term_places in itertools.groupby(chunk, key=lambda place: place[0])
            ]
            pages[f"{INDEX}-{number}"] = self._page(
                self._common(),
                index=terms,
                index_continued=number > 1,
                back_matter=back if number == 1 else [],
            )
        return pages

    # layout

    def _lay_out(self, chunks: list[Chunk]) -> dict[str, LaidOut]:
        from convert.book.pdf_worker import lay_out, start_layout_worker

        pool = worker_pool(
            lay_out,
            config=self.config,
            timeout=self.config.render_timeout * 10,
            source=self.plan.spec.root,
            initializer=start_layout_worker,
            initargs=(self.config,),
        )
        results = {}
        for chunk, result in pool.run(chunks):
            if isinstance(result, TaskFailure):
                raise BookFormatError(f"{chunk.key}: {result.reason}")
            results[chunk.key] = result
        return results

    def _place(
        self, laid: Mapping[str, LaidOut], order: dict[int, list[tuple[str, bool]]]
    ) -> tuple[dict[str, Placement], dict[str, tuple[int, int, float]]]:
        """Each chunk's volume, first page and blank pages before it; each id's volume, page
        number and top."""
        placements: dict[str, Placement] = {}
        for volume, keys in order.items():
            page = 1
            for key, right in keys:
                if key not in laid:
                    continue
                blanks = 1 if right and page % 2 == 0 else 0
                placements[key] = Placement(volume, page + blanks, blanks)
                page += blanks + laid[key].pages
        wanted = self._ids
        anchors: dict[str, tuple[int, int, float]] = {}
        for key, placement in placements.items():
            for name, (index, top) in laid[key].anchors.items():
                if name in wanted:
                    anchors.setdefault(name, (placement.volume, placement.start + index, top))
        return placements, anchors

    def _fill(self, html: str, volume: int, anchors: Mapping[str, tuple[int, int, float]]) -> str:
        def number(match: re.Match[str]) -> str:
            found = anchors.get(match.group(2))
            if found is None:
                return match.group(1) + "–" + match.group(3)
            target_volume, page, _ = found
            if 'class="page-num"' in match.group(1):
                text = str(page)
            else:
                shown = target_volume if target_volume != volume else 0
                text = where(self.lang, page=page, volume=shown)
            return match.group(1) + text + match.group(3)

        return SLOT.sub(number, html)

    def print(self) -> list[tuple[Path, int]]:
        """Each volume's PDF, a temporary file in `scratch` for the caller to move into place,
        and its page count. The chunks' PDFs, temporary files there too, are removed."""
        self._partials: list[Path] = []
        books: list[tuple[Path, int]] = []
        try:
            books = self._print()
        finally:
            kept = {path for path, _ in books}
            for path in self._partials:
                if path not in kept:
                    path.unlink(missing_ok=True)
        return books

    def _print(self) -> list[tuple[Path, int]]:
        from convert.passes.link_book_articles import BOOK_SCHEME
        from convert.typeset.font_subset import merged_uses, programs_for
        from convert.writers.book_pdf import Chunk
        from convert.writers.pdf_join import JoinPart, OutlineEntry, join_chunks_apart

        if not self.parts:
            raise BookFormatError("no article to print")
        single = not self.max_pages
        html = {part.key: self.body_html(part) for part in self.parts}
        index = self.index_pages()
        html.update(index)
        fronts = {1: self.front_pages(1, self.parts, 1)} if single else {}
        for front in fronts.values():
            html.update(front)

        def first_layout(keys: Iterable[str]) -> list[Chunk]:
            """Every page number a placeholder; the title page has no running heads."""
            return [
                Chunk(
                    key,
                    self._slotted(html[key]),
                    self.lang,
                    start=1,
                    front=_is_title_page(key),
                    folders=self.folders.get(key, ()),
                )
                for key in keys
            ]

        laid = self._lay_out(first_layout(html))
        volume_of = _volumes(self.parts, {k: r.pages for k, r in laid.items()}, self.max_pages)
        count = max(volume_of)
        volume_parts = {
            v: [p for p, pv in zip(self.parts, volume_of, strict=True) if pv == v]
            for v in range(1, count + 1)
        }
        if not single:
            for volume, parts in volume_parts.items():
                fronts[volume] = self.front_pages(volume, parts, count)
                html.update(fronts[volume])
            laid.update(self._lay_out(first_layout(k for p in fronts.values() for k in p)))
        order = _chunk_order(volume_parts, fronts, list(index))
        volume_of_key = {key: volume for volume, keys in order.items() for key, _ in keys}

        printed: dict[str, LaidOut] = {}
        done: dict[str, Chunk] = {}  # the chunk each printed result was laid out from
        for _ in range(MAX_ROUNDS):
            placements, anchors = self._place(laid, order)
            chunks = [
                Chunk(
                    key,
                    self._fill(html[key], volume_of_key[key], anchors),
                    self.lang,
                    start=placements[key].start,
                    front=_is_title_page(key),
                    write=True,
                    folders=self.folders.get(key, ()),
                    # A worker of this machine writes the PDF where the join reads it; one of a
                    # cluster returns it, and it is written there as it arrives.
                    scratch=None if self.config.scheduler else self.scratch,
                    book=self.plan.spec.name,
                )
                for key in html
                if key in placements
            ]
            # Again, only the chunks whose printed numbers or first page changed.
            again = [chunk for chunk in chunks if done.get(chunk.key) != chunk]
            fresh = self._lay_out(again)
            for result in fresh.values():
                if isinstance(result.pdf, bytes):
                    data, result.pdf = (
                        result.pdf,
                        partial_file(self.scratch, f"{self.plan.spec.name}.{result.key}.pdf"),
                    )
                    result.pdf.write_bytes(data)
                if result.pdf is not None:
                    self._partials.append(result.pdf)
            printed = {**printed, **fresh}
            done.update({chunk.key: chunk for chunk in again})
            moved = [
                chunk.key
                for chunk in again
                if self._pages_of(printed[chunk.key]) != self._pages_of(laid[chunk.key])
            ]
            laid.update(fresh)
            if not moved:
                break
        else:
            raise BookFormatError("page numbers did not settle: " + ", ".join(moved))

        placements, anchors = self._place(laid, order)
        first_index = next(iter(index))
        books = []
        for volume, keys_in_order in order.items():
            keys = [key for key, _ in keys_in_order if key in placements]
            destinations = {
                name: (page - 1, top)
                for name, (target_volume, page, top) in anchors.items()
                if target_volume == volume
            }
            outline = [
                OutlineEntry(
                    section.label,
                    section.id,
                    tuple(OutlineEntry(m.title, m.id) for m in section.members),
                )
                for section in self.plan.sections
            ]
            if volume == count:
                page, top = printed[first_index].anchors.get("book-index", (0, 0.0))
                destinations["book-index"] = (placements[first_index].start - 1 + page, top)
                outline.append(OutlineEntry(self.labels["index"], "book-index"))
            target = partial_file(self.scratch, f"{self.plan.spec.name}.pdf")
            self._partials.append(target)
            try:
                faces = programs_for(merged_uses(printed[key].faces for key in keys))
            except RuntimeError as error:
                raise BookFormatError(str(error)) from None
            try:
                join_chunks_apart(
                    [JoinPart(self._file(printed[key]), placements[key].blanks) for key in keys],
                    destinations=destinations,
                    outline=outline,
                    link_scheme=BOOK_SCHEME,
                    into=target,
                    faces=faces,
                )
            except BrokenProcessPool:
                raise BookFormatError("the process joining the chunks died") from None
            pages = sum(placements[k].blanks + printed[k].pages for k in keys)
            books.append((target, pages))
        return books

    @staticmethod
    def _file(laid: LaidOut) -> Path:
        assert isinstance(laid.pdf, Path), f"{laid.key}: no PDF written"
        return laid.pdf

    def _pages_of(self, laid: LaidOut) -> tuple[int, dict[str, int]]:
        """What the printed numbers depend on: a chunk's page count, the page of each heading."""
        wanted = self._ids
        anchors = laid.anchors
        return laid.pages, {name: anchors[name][0] for name in anchors if name in wanted}

    def _slotted(self, html: str) -> str:
        """The first layout's HTML: every page number a placeholder as wide as the widest."""
        placeholder = where(self.lang, page=self.placeholder)

        def fill(match: re.Match[str]) -> str:
            text = self.placeholder if 'class="page-num"' in match.group(1) else placeholder
            return match.group(1) + text + match.group(3)

        return SLOT.sub(fill, html)


def _is_title_page(key: str) -> bool:
    """The first of a volume's front chunks (`front-2`), not a continuation (`front-2-3`)."""
    return key.startswith(f"{FRONT}-") and key.count("-") == 1


def _chunk_order(
    volume_parts: dict[int, list[Part]], fronts: Mapping[int, Mapping[str, str]], index: list[str]
) -> dict[int, list[tuple[str, bool]]]:
    """Each volume's chunks in print order, each with whether it starts on a right-hand page:
    the title page and contents, the sections' parts, and in the last volume the index."""
    last = max(volume_parts)
    order = {}
    for volume, parts in volume_parts.items():
        keys = [(key, False) for key in fronts[volume]]
        keys += [(part.key, part.first) for part in parts]
        if volume == last:
            keys += [(key, number == 0) for number, key in enumerate(index)]
        order[volume] = keys
    return order


def make_book_pdf(
    plan: BookPlan,
    articles: Mapping[str, tuple[str, str, tuple[str, ...]]],
    *,
    pictures: Mapping[str, tuple[Picture, ...]],
    config: Config,
    max_pages: int | None,
    scratch: Path,
) -> list[tuple[Path, int]]:
    """Each volume's PDF, a temporary file in `scratch` for the caller to move into place, and
    its page count (one volume unless `max_pages` splits the book); `pictures`: the picture
    files each article's HTML shows, by id."""
    printer = BookPrinter(
        plan, articles, pictures=pictures, config=config, max_pages=max_pages, scratch=scratch
    )
    return printer.print()
