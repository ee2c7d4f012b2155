"""The printed book: chunks of articles laid out on the worker pool twice. The first layout
gives each chunk's page count and where each heading lands; from those, each chunk's first page
(sections start on a right-hand page), the volumes (`--max-pages`, at section boundaries) and
every page a cross-reference, the contents or the index prints; the second layout prints them and
makes the PDFs, which are joined per volume. Where the numbers moved a page break, the second
layout is done again from its own positions."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from convert import __version__
from convert.book.index import index_terms
from convert.book.labels import book_labels, where
from convert.book.pictures import Picture
from convert.book.plan import BookPlan, Member
from convert.config import Config
from convert.executor import TaskFailure, worker_pool
from convert.output import partial_file
from convert.passes.keep_hangul_words import join_hangul_word
from convert.writers.html import render

if TYPE_CHECKING:
    from convert.writers.book_pdf import Chunk
    from convert.writers.pdf_layout import LaidOut

CHUNK_ARTICLES = 24  # about 60 A4 pages of the collection's articles: a second or two each
MAX_ROUNDS = 3  # second layouts, when printed numbers move a page break
HTML_CHARACTERS_PER_PAGE = 5000  # the collection's articles on A4, HTML markup included
SLOT = re.compile(r'(<span class="page-(?:ref|num)" data-target="([^"]+)">)[^<]*(</span>)')
FRONT, INDEX = "front", "index"


class BookLayoutError(Exception):
    pass


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

    def front_html(self, volume: int, parts: list[Part], volumes: int) -> str:
        contents = []
        for part in parts:
            if part.first:
                section = self.plan.sections[part.section]
                contents.append(
                    {
                        "kind": "section",
                        "id": section.id,
                        "text": section.label,
                        "page": self.placeholder,
                    }
                )
            contents += [
                {
                    "kind": "article",
                    "id": m.id,
                    "text": join_hangul_word(m.title),
                    "page": self.placeholder,
                }
                for m in part.members
            ]
        paragraphs = [p.strip() for p in self.plan.spec.front_matter.split("\n\n") if p.strip()]
        label = self.labels["volume"].format(volume=volume) if volumes > 1 else ""
        return self._page(
            self._common(),
            front=True,
            contents=contents,
            volume_label=label,
            front_matter=paragraphs if volume == 1 else [],
        )

    def index_html(self) -> str:
        keywords = {id: article[2] for id, article in self.articles.items()}
        terms = [
            {
                "text": join_hangul_word(term.text),
                "places": [
                    {"id": m.id, "title": join_hangul_word(m.title), "page": self.placeholder}
                    for m in term.members
                ],
            }
            for term in index_terms(self.plan, keywords)
        ]
        back = [p.strip() for p in self.plan.spec.back_matter.split("\n\n") if p.strip()]
        return self._page(self._common(), index=terms, back_matter=back)

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
                raise BookLayoutError(f"{chunk.key}: {result.reason}")
            results[chunk.key] = result
        return results

    def _place(
        self, laid: Mapping[str, LaidOut], volume_parts: dict[int, list[Part]]
    ) -> tuple[dict[str, Placement], dict[str, tuple[int, int, float]]]:
        """Each chunk's volume, first page and blank pages before it; each id's volume, page
        number and top."""
        placements: dict[str, Placement] = {}
        for volume, keys in _chunk_order(volume_parts).items():
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
        from convert.writers.book_pdf import Chunk
        from convert.writers.pdf_join import JoinPart, OutlineEntry, join_chunks
        from convert.writers.pdf_layout import LaidOut

        if not self.parts:
            raise BookLayoutError("no article to print")
        single = not self.max_pages
        html = {part.key: self.body_html(part) for part in self.parts}
        chunks = [
            Chunk(key, self._slotted(text), self.lang, start=1, folders=self.folders[key])
            for key, text in html.items()
        ]
        if single:
            html[f"{FRONT}-1"] = self.front_html(1, self.parts, 1)
        laid: dict[str, LaidOut] = self._lay_out(
            [
                *chunks,
                *(
                    [
                        Chunk(
                            f"{FRONT}-1",
                            self._slotted(html[f"{FRONT}-1"]),
                            self.lang,
                            1,
                            front=True,
                        )
                    ]
                    if single
                    else []
                ),
            ]
        )
        volume_of = _volumes(self.parts, {k: r.pages for k, r in laid.items()}, self.max_pages)
        count = max(volume_of)
        volume_parts = {
            v: [p for p, pv in zip(self.parts, volume_of, strict=True) if pv == v]
            for v in range(1, count + 1)
        }
        if not single:
            for volume, parts in volume_parts.items():
                html[f"{FRONT}-{volume}"] = self.front_html(volume, parts, count)
            laid.update(
                self._lay_out(
                    [
                        Chunk(
                            f"{FRONT}-{v}",
                            self._slotted(html[f"{FRONT}-{v}"]),
                            self.lang,
                            1,
                            front=True,
                        )
                        for v in volume_parts
                    ]
                )
            )
        html[INDEX] = self.index_html()
        volume_of_key = {f"{FRONT}-{v}": v for v in volume_parts}
        volume_of_key.update({p.key: v for p, v in zip(self.parts, volume_of, strict=True)})
        volume_of_key[INDEX] = count

        printed: dict[str, LaidOut] = {}
        done: dict[str, Chunk] = {}  # the chunk each printed result was laid out from
        for _ in range(MAX_ROUNDS):
            placements, anchors = self._place(
                {**laid, INDEX: printed.get(INDEX, LaidOut(INDEX))}, volume_parts
            )
            chunks = [
                Chunk(
                    key,
                    self._fill(html[key], volume_of_key[key], anchors),
                    self.lang,
                    start=placements[key].start,
                    front=key.startswith(FRONT),
                    write=True,
                    folders=self.folders.get(key, ()),
                    # A worker of this machine writes the PDF where the join reads it; one of a
                    # cluster returns it, and it is written there as it arrives.
                    scratch=None if self.config.scheduler else self.scratch,
                )
                for key in html
                if key in placements
            ]
            # Again, only the chunks whose printed numbers or first page changed.
            again = [chunk for chunk in chunks if done.get(chunk.key) != chunk]
            fresh = self._lay_out(again)
            for result in fresh.values():
                if isinstance(result.pdf, bytes):
                    data, result.pdf = result.pdf, partial_file(self.scratch, f"{result.key}.pdf")
                    result.pdf.write_bytes(data)
                if result.pdf is not None:
                    self._partials.append(result.pdf)
            printed = {**printed, **fresh}
            done.update({chunk.key: chunk for chunk in again})
            moved = [
                chunk.key
                for chunk in again
                if chunk.key != INDEX
                and self._pages_of(printed[chunk.key]) != self._pages_of(laid[chunk.key])
            ]
            laid.update({key: printed[key] for key in printed if key != INDEX})
            if not moved:
                break
        else:
            raise BookLayoutError("page numbers did not settle: " + ", ".join(moved))

        placements, anchors = self._place(laid | {INDEX: printed[INDEX]}, volume_parts)
        books = []
        for volume in volume_parts:
            keys = [key for key, _ in _chunk_order(volume_parts)[volume] if key in placements]
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
            if volume == count and INDEX in placements:
                destinations["book-index"] = (
                    placements[INDEX].start
                    - 1
                    + printed[INDEX].anchors.get("book-index", (0, 0))[0],
                    printed[INDEX].anchors.get("book-index", (0, 0.0))[1],
                )
                outline.append(OutlineEntry(self.labels["index"], "book-index"))
            target = partial_file(self.scratch, f"{self.plan.spec.name}.pdf")
            self._partials.append(target)
            join_chunks(
                [JoinPart(self._file(printed[key]), placements[key].blanks) for key in keys],
                destinations=destinations,
                outline=outline,
                link_scheme=BOOK_SCHEME,
                into=target,
            )
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


def _chunk_order(volume_parts: dict[int, list[Part]]) -> dict[int, list[tuple[str, bool]]]:
    """Each volume's chunks in print order, each with whether it starts on a right-hand page:
    the title page and contents, the sections' parts, and in the last volume the index."""
    last = max(volume_parts)
    order = {}
    for volume, parts in volume_parts.items():
        keys = [(f"{FRONT}-{volume}", False), *((part.key, part.first) for part in parts)]
        if volume == last:
            keys.append((INDEX, True))
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
