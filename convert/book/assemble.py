"""The book's document as pandoc's JSON (the DOCX), in parts of a bounded number of articles,
each written by pandoc on its own and joined afterwards (`convert/writers/docx_join.py`): the
first part has the title, the front matter and the contents, every part its share of the sections'
and articles' headings (an article's id, a bookmark), descriptions and blocks, the last part the
back matter and the index with a PAGEREF field for each place. The articles' blocks are joined as
the text they came from the workers in, never parsed again (parsed, a book of 1,000 articles took
400 MB in Python objects)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import panflute as pf

from convert.book.index import index_terms
from convert.book.labels import book_labels
from convert.book.plan import BookPlan, BookSection, Member
from convert.language import regional_tag
from convert.paper import PAPERS, mm_to_twips
from convert.passes.cross_references import PLACEHOLDER
from convert.writers.html import render

INDEX_ID = "book-index"


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


def _cut(
    plan: BookPlan, articles: Mapping[str, object], part_articles: int
) -> list[list[BookSection | Member]]:
    """The sections and articles in order, cut into parts of at most `part_articles` articles: a
    section starts a new part when the current one is at least half full."""
    parts: list[list[BookSection | Member]] = [[]]
    count = 0
    for section in plan.sections:
        if 2 * count >= part_articles:
            parts.append([])
            count = 0
        parts[-1].append(section)
        for member in section.members:
            if member.id not in articles:
                continue
            if count == part_articles:
                parts.append([])
                count = 0
            parts[-1].append(member)
            count += 1
    return parts


def _index(plan: BookPlan, keywords: Mapping[str, tuple[str, ...]]) -> list[bytes]:
    terms = index_terms(plan, keywords)
    if not terms:
        return []
    labels = book_labels(plan.lang)
    blocks = _blocks(pf.Header(pf.Str(labels["index"]), level=1, identifier=INDEX_ID))
    for term in terms:
        inlines: list[pf.Inline] = [pf.Strong(pf.Str(term.text))]
        for number, member in enumerate(term.members):
            inlines += [pf.Str("," if number else ""), pf.Space()]
            inlines += [pf.Link(pf.Str(member.title), url=f"#{member.id}"), pf.Space()]
            inlines += _page_field(plan, member.id)
        blocks += _blocks(pf.Para(*inlines))
    return blocks


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
    part_articles: int,
) -> Iterator[DocxPart]:
    """`articles`: each member's JSON and description, by id. Each part is made as it is asked
    for, so one part's JSON is in memory at a time."""
    spec = plan.spec
    parts = _cut(plan, articles, part_articles)
    api_version = None
    for number, items in enumerate(parts):
        blocks: list[bytes] = []
        if number == 0:
            blocks += _blocks(
                *_paragraphs(spec.front_matter), _contents(plan, articles, paper=paper)
            )
        members = []
        for item in items:
            if isinstance(item, BookSection):
                blocks += _blocks(pf.Header(pf.Str(item.label), level=1, identifier=item.id))
                continue
            data, description = articles[item.id]
            api_version, own = _article_blocks(data)
            blocks += _blocks(pf.Header(pf.Str(item.title), level=2, identifier=item.id))
            if description:
                blocks += _blocks(pf.Para(pf.Emph(pf.Str(description))))
            if own:
                blocks.append(own)
            members.append(item.id)
        if number == len(parts) - 1:
            blocks += _blocks(*_paragraphs(spec.back_matter)) + _index(plan, keywords)
        meta = pf.Doc(metadata={"lang": regional_tag(plan.lang)})
        if number == 0:  # pandoc writes them at the start of its document
            meta.metadata["title"] = pf.MetaString(spec.title)
            if spec.subtitle:
                meta.metadata["subtitle"] = pf.MetaString(spec.subtitle)
        yield DocxPart(tuple(members), _document(meta, blocks, api_version))
