"""A book as one DOCX: pandoc's Word writer on the assembled document with a contents field, the
language's reference document; fields marked to be updated when the document is opened (Word and
LibreOffice then fill in the contents and every PAGEREF)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Mapping

from lxml import etree

from convert.book.assemble import assemble_docx
from convert.book.plan import BookPlan
from convert.config import Config
from convert.pandoc import write_json
from convert.pictures import Picture, each_once
from convert.writers.docx import TEXT_PARTS
from convert.writers.docx_runs import mark_east_asian_runs
from convert.writers.docx_styles import reference_docx_path, rewrite_docx
from convert.writers.docx_xml import prop, to_bytes, w

SETTINGS = "word/settings.xml"
BOOK_TIMEOUT_PER_ARTICLE = 0.5  # seconds pandoc may take per article, on top of the usual


def _update_fields(settings_xml: bytes) -> bytes:
    root = etree.fromstring(settings_xml)
    prop(root, "updateFields").set(w("val"), "true")
    return to_bytes(root)


def write_book_docx(
    plan: BookPlan,
    articles: Mapping[str, tuple[bytes, str, tuple[str, ...]]],
    *,
    pictures: Iterable[Picture] = (),
    config: Config,
) -> bytes:
    """`articles`: each member's JSON, description and keywords, by id; `pictures`: the files
    their images show, which pandoc embeds (each once)."""
    document = assemble_docx(
        plan,
        {id: (data, description) for id, (data, description, _) in articles.items()},
        {id: keywords for id, (_, _, keywords) in articles.items()},
        paper=config.paper,
    )
    data = write_json(
        document,
        to="docx",
        options={
            "reference_doc": str(reference_docx_path(plan.lang, config.paper)),
        },
        media={p.name: (p.path, p.media_type) for p in each_once(pictures)},
        timeout=config.pandoc_timeout + BOOK_TIMEOUT_PER_ARTICLE * len(articles),
    )
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        replacements = {SETTINGS: _update_fields(docx.read(SETTINGS))}
        for part in TEXT_PARTS:
            if part in docx.namelist():
                replacements[part] = mark_east_asian_runs(docx.read(part), lang=plan.lang)
    return rewrite_docx(data, replacements)
