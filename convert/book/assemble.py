"""The book's document as pandoc's JSON (the DOCX), in parts of a bounded number of articles and
size, each written by pandoc on its own and joined afterwards (`convert/writers/docx_join.py`):
the title, the front matter and the contents; each section's heading, each article's title
heading (its id, a bookmark), description and blocks; the back matter and the index with a
PAGEREF field for each place. A part starts at a section where it can. The articles' blocks are
joined as the text they came from the workers in, never parsed again (parsed, a book of 1,000
articles took 400 MB in Python objects)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import panflute as pf

from convert.book.index import index_terms
from convert.book.labels import book_labels
from convert.book.plan import BookPlan
from convert.language import regional_tag
from convert.paper import PAPERS, mm_to_twips
from convert.passes.cross_references import PLACEHOLDER
from convert.writers.html import render

INDEX_ID = "book-index"
# A page of its own for the title, the front matter, the contents, each section, the back matter
# and the index, as in the printed book (there each section also starts on a right-hand page).
PAGE_BREAK = pf.RawBlock('<w:p><w:r><w:br w:type="page"/></w:r></w:p>', format="openxml")


BLOCKS_KEY = b', "blocks": '  # as convert.pandoc.doc_to_json writes a document, blocks last
META_KEY = b', "meta": '


def _blocks(*elements: pf.Element) -> list[bytes]:
    return [json.dumps(element.to_json(), ensure_ascii=False).encode() for element in elements]


def _article_blocks(data: bytes) -> tuple[bytes, bytes]:
    """An article's pandoc JSON cut, without parsing it, into its API version (JSON) and its
    blocks (JSON text of the array's items). The blocks come last, and no key inside them is
    "blocks" (nodes are `{"t", "c"}`; a quote inside a string is escaped)."""
    start = data.rindex(BLOCKS_KEY) + len(BLOCKS_KEY)
    version = data[data.index(b":") + 1 : data.index(META_KEY)]
    return version.strip(), data[start:].strip()[1:-2].strip()


def _paragraphs(text: str) -> list[pf.Para]:
    return [pf.Para(pf.Str(p.strip())) for p in text.split("\n\n") if p.strip()]


def _page_field(plan: BookPlan, bookmark: str) -> list[pf.Inline]:
    parts: list[pf.Inline] = []
    for piece in PLACEHOLDER.split(book_labels(plan.lang)["page"]):
        if piece == "{page}":
            xml = render("book/docx/pageref.xml.j2", bookmark=bookmark).strip()
            parts.append(pf.RawInline(xml, format="openxml"))
        elif piece:
            parts.append(pf.Str(piece))
    return parts


def _contents(plan: BookPlan, articles: Mapping[str, object], *, paper: str) -> pf.RawBlock:
    """The contents: a linked entry per section and article, each with a PAGEREF field."""
    entries = []
    for section in plan.sections:
        present = [m for m in section.members if m.id in articles]
        if present:
            entries.append({"level": 1, "id": section.id, "text": section.label})
            entries += [{"level": 2, "id": m.id, "text": m.title} for m in present]
    size = PAPERS[paper]
    xml = render(
        "book/docx/contents.xml.j2",
        heading=book_labels(plan.lang)["contents"],
        entries=entries,
        tab=mm_to_twips(size.width - size.margins.inner - size.margins.outer),
        indent=mm_to_twips(5),
    )
    return pf.RawBlock(xml, format="openxml")


@dataclass(frozen=True)
class DocxPart:
    members: tuple[str, ...]  # the ids of its articles
    document: bytes  # pandoc's JSON


@dataclass(frozen=True)
class Limits:
    """How much of the book one part may hold."""

    articles: int
    size: int  # bytes of pandoc's JSON; a part holds one unit at least, whatever its size


@dataclass(frozen=True)
class _Unit:
    """What a part is made of: the title and contents, a section's heading, an article, the back
    matter, the index's heading, an index entry."""

    blocks: list[bytes]
    member: str | None = None  # an article's id
    opens_section: bool = False

    @property
    def size(self) -> int:
        return sum(len(block) + 2 for block in self.blocks)


def _index(plan: BookPlan, keywords: Mapping[str, tuple[str, ...]]) -> Iterator[_Unit]:
    terms = index_terms(plan, keywords)
    if not terms:
        return
    labels = book_labels(plan.lang)
    heading = pf.Header(pf.Str(labels["index"]), level=1, identifier=INDEX_ID)
    yield _Unit(_blocks(PAGE_BREAK, heading))
    for term in terms:
        inlines: list[pf.Inline] = [pf.Strong(pf.Str(term.text))]
        for number, member in enumerate(term.members):
            inlines += [pf.Str("," if number else ""), pf.Space()]
            inlines += [pf.Link(pf.Str(member.title), url=f"#{member.id}"), pf.Space()]
            inlines += _page_field(plan, member.id)
        yield _Unit(_blocks(pf.Para(*inlines)))


def _units(
    plan: BookPlan,
    articles: Mapping[str, tuple[bytes, str]],
    keywords: Mapping[str, tuple[str, ...]],
    *,
    paper: str,
) -> Iterator[_Unit]:
    """The book in order, one unit at a time."""
    spec = plan.spec
    front = _paragraphs(spec.front_matter)
    contents = _contents(plan, articles, paper=paper)
    yield _Unit(_blocks(*([PAGE_BREAK, *front] if front else []), PAGE_BREAK, contents))
    for section in plan.sections:
        header = pf.Header(pf.Str(section.label), level=1, identifier=section.id)
        yield _Unit(_blocks(PAGE_BREAK, header), opens_section=True)
        for member in section.members:
            if member.id not in articles:
                continue
            data, description = articles[member.id]
            own = _article_blocks(data)[1]
            blocks = _blocks(pf.Header(pf.Str(member.title), level=2, identifier=member.id))
            if description:
                blocks += _blocks(pf.Para(pf.Emph(pf.Str(description))))
            yield _Unit(blocks + ([own] if own else []), member=member.id)
    back = _paragraphs(spec.back_matter)
    if back:
        yield _Unit(_blocks(PAGE_BREAK, *back))
    yield from _index(plan, keywords)


def _parts(units: Iterator[_Unit], limits: Limits) -> Iterator[list[_Unit]]:
    """The units cut into parts within `limits`; a section starts a new part when the current
    one is at least half full."""
    part: list[_Unit] = []
    articles = size = 0
    for unit in units:
        full = size + unit.size > limits.size or (
            unit.member is not None and articles == limits.articles
        )
        half = 2 * size >= limits.size or 2 * articles >= limits.articles
        if part and (full or (unit.opens_section and half)):
            yield part
            part, articles, size = [], 0, 0
        part.append(unit)
        articles += unit.member is not None
        size += unit.size
    yield part


def _document(meta: pf.Doc, blocks: list[bytes], api_version: bytes | None) -> bytes:
    document = meta.to_json()
    document["blocks"] = []
    if api_version is not None:
        document["pandoc-api-version"] = json.loads(api_version)
    head = json.dumps(document, ensure_ascii=False).encode("utf-8")
    assert head.endswith(b"[]}"), "the document's blocks come last"
    return head[:-3] + b"[" + b", ".join(blocks) + b"]}"


def assemble_docx(
    plan: BookPlan,
    articles: Mapping[str, tuple[bytes, str]],
    keywords: Mapping[str, tuple[str, ...]],
    *,
    paper: str,
    limits: Limits,
) -> Iterator[DocxPart]:
    """`articles`: each member's JSON and description, by id. Each part is made as it is asked
    for, so one part's JSON is in memory at a time (and the articles')."""
    spec = plan.spec
    present = next((articles[m.id][0] for m in plan.members if m.id in articles), None)
    api_version = None if present is None else _article_blocks(present)[0]
    for number, part in enumerate(_parts(_units(plan, articles, keywords, paper=paper), limits)):
        meta = pf.Doc(metadata={"lang": regional_tag(plan.lang)})
        if number == 0:  # pandoc writes them at the start of its document
            meta.metadata["title"] = pf.MetaString(spec.title)
            if spec.subtitle:
                meta.metadata["subtitle"] = pf.MetaString(spec.subtitle)
        members = tuple(unit.member for unit in part if unit.member is not None)
        blocks = [block for unit in part for block in unit.blocks]
        yield DocxPart(members, _document(meta, blocks, api_version))
