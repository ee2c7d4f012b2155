"""A book as one DOCX: pandoc's Word writer on each part of the assembled document (a bounded
number of articles and size: pandoc holds a whole document, and written at once a book of about
2,000 articles reached its heap limit), with the language's reference document, the parts joined
by `docx_join` (East Asian runs, and for Arabic every paragraph and run right to left, marked as
they are copied); fields marked to be updated when the document is opened (Word and LibreOffice
then fill in the contents and every PAGEREF)."""

from __future__ import annotations

import functools
import io
import zipfile
from collections.abc import Iterable, Mapping

from lxml import etree

from convert.book.assemble import Limits, assemble_docx
from convert.book.plan import BookPlan
from convert.config import Config
from convert.language import direction
from convert.pandoc import write_json
from convert.pictures import Picture, each_once
from convert.writers.docx_bidi import mark_right_to_left_in
from convert.writers.docx_join import join_docx
from convert.writers.docx_runs import mark_east_asian
from convert.writers.docx_styles import reference_docx_path
from convert.writers.docx_xml import prop, to_bytes, w

SETTINGS = "word/settings.xml"
BOOK_TIMEOUT_PER_ARTICLE = 0.5  # seconds pandoc may take per article, on top of the usual
# What pandoc writes at a time. Its peak grows with the JSON it is given, about 120 MB and 25 MB
# per MB: 400 of the generated collection's articles are 9.4 MB, 380 MB.
PART_ARTICLES = 400
PART_BYTES = 6 << 20


def _update_fields(settings_xml: bytes) -> bytes:
    root = etree.fromstring(settings_xml)
    prop(root, "updateFields").set(w("val"), "true")
    return to_bytes(root)


def _mark_runs(item: etree._Element, *, lang: str) -> None:
    """What the single-article writer does to a whole part, to an item of the book."""
    mark_east_asian(item, lang=lang)
    if direction(lang) == "rtl":
        mark_right_to_left_in(item)


def write_book_docx(
    plan: BookPlan,
    articles: Mapping[str, tuple[bytes, str, tuple[str, ...]]],
    *,
    pictures: Mapping[str, Iterable[Picture]],
    config: Config,
) -> bytes:
    """`articles`: each member's JSON, description and keywords, by id; `pictures`: the files
    each one's images show, which pandoc embeds (each once in a part, and the join keeps one
    file of the same bytes)."""
    reference = str(reference_docx_path(plan.lang, config.paper))
    parts = []
    for part in assemble_docx(
        plan,
        {id: (data, description) for id, (data, description, _) in articles.items()},
        {id: keywords for id, (_, _, keywords) in articles.items()},
        paper=config.paper,
        limits=Limits(articles=PART_ARTICLES, size=PART_BYTES),
    ):
        shown = each_once(p for id in part.members for p in pictures.get(id, ()))
        parts.append(
            write_json(
                part.document,
                to="docx",
                options={"reference_doc": reference},
                media={p.name: (p.path, p.media_type) for p in shown},
                timeout=config.pandoc_timeout + BOOK_TIMEOUT_PER_ARTICLE * len(part.members),
            )
        )
    with zipfile.ZipFile(io.BytesIO(parts[0])) as first:
        settings = _update_fields(first.read(SETTINGS))
    return join_docx(
        parts,
        replacements={SETTINGS: settings},
        edit=functools.partial(_mark_runs, lang=plan.lang),
    )
