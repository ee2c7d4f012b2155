"""A long article's body, as pandoc wrote it in HTML, cut before top-level sections into parts
of near equal length, for a layout each (`pdf_chunks`). The cuts are found from the AST's section
ids; pandoc writes `<h2 id="…"`, `<a href="#…` and `<span class="footnote">` as tags only (a `<` in
text is `&lt;`), so they are found in the HTML as they are."""

from __future__ import annotations

import re

import panflute as pf

from convert.notes import FLOATED_NOTE_CLASS

# About 110 A4 pages of the collection's densest Japanese (3,600 characters of HTML a page,
# notes included), laid out in 10–15 s and 300 MB.
CHUNK_CHARACTERS = 400_000
# An in-page link (`#id`), until the parts are joined and it can point into any of them.
ANCHOR_SCHEME = "anchor:"
NOTE_TAG = f'<span class="{FLOATED_NOTE_CLASS}">'
SECTION_HEADING = re.compile(r'<h2 id="([^"]+)"')


def section_ids(doc: pf.Doc) -> list[str]:
    """The ids of the article's top-level section headings, in order."""
    return [
        block.identifier
        for block in doc.content
        if isinstance(block, pf.Header) and block.level == 2 and block.identifier
    ]


def cut_at_sections(body: str, ids: list[str], *, size: int) -> list[str]:
    """The body HTML cut before top-level section headings (`ids`, each found once in it) into
    about len(body) / size parts of near equal length; one part when that rounds to one."""
    count = round(len(body) / size)
    if count <= 1:
        return [body]
    found: dict[str, list[int]] = {}
    for match in SECTION_HEADING.finditer(body):
        found.setdefault(match.group(1), []).append(match.start())
    starts = [found[id][0] for id in ids if len(found.get(id, ())) == 1]
    cuts: list[int] = []
    for part in range(1, count):
        target = len(body) * part // count
        after = [start for start in starts if start > (cuts[-1] if cuts else 0)]
        if after:
            cuts.append(min(after, key=lambda start: abs(start - target)))
    cuts = sorted(set(cuts))
    return [body[start:end] for start, end in zip([0, *cuts], [*cuts, len(body)], strict=True)]


def link_across_parts(part: str) -> str:
    """In-page links as links to the join's destinations, which may be in another part."""
    return part.replace('<a href="#', f'<a href="{ANCHOR_SCHEME}')


def notes_in(part: str) -> int:
    """The footnotes in a part: the numbers the next part's go on from."""
    return part.count(NOTE_TAG)
