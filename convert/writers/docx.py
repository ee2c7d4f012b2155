"""DOCX: pandoc's Word writer on the rewritten AST, with a reference document for the language and
the article's pictures."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from convert.config import Config
from convert.language import direction
from convert.model import Article
from convert.pandoc import doc_to_json, write_json
from convert.pictures import each_once, name_pictures
from convert.reproducible import source_datetime
from convert.writers.docx_bidi import mark_right_to_left
from convert.writers.docx_runs import mark_east_asian_runs
from convert.writers.docx_styles import reference_docx_path, rewrite_docx

CORE_PROPERTIES = "docProps/core.xml"
TEXT_PARTS = ("word/document.xml", "word/footnotes.xml", "word/comments.xml")
NS = {
    "cp": "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
    "dcterms": "http://purl.org/dc/terms/",
}


def _core_properties(core_xml: bytes, article: Article, *, epoch: int | None) -> bytes:
    """Keywords, and created/modified dates from the source (pandoc's sandbox stamps 1970)."""
    root = etree.fromstring(core_xml)
    keywords = root.find("cp:keywords", NS)
    if keywords is None:
        keywords = etree.SubElement(root, f"{{{NS['cp']}}}keywords")
    keywords.text = ", ".join(article.meta.keywords)
    stamp = source_datetime(article.source, epoch=epoch).strftime("%Y-%m-%dT%H:%M:%SZ")
    for name in ("created", "modified"):
        element = root.find(f"dcterms:{name}", NS)
        if element is not None:
            element.text = stamp
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def write_docx(article: Article, *, config: Config) -> bytes:
    reference = reference_docx_path(article.meta.lang, config.paper)
    doc, pictures = name_pictures(article.doc, folder=article.source.parent)
    data = write_json(
        doc_to_json(doc),
        to="docx",
        options={"reference_doc": str(reference)},
        media={picture.name: (picture.path, picture.media_type) for picture in each_once(pictures)},
        timeout=config.pandoc_timeout,
    )
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        replacements = {
            CORE_PROPERTIES: _core_properties(
                docx.read(CORE_PROPERTIES), article, epoch=config.source_date_epoch
            )
        }
        for part in TEXT_PARTS:
            if part in docx.namelist():
                xml = mark_east_asian_runs(docx.read(part), lang=article.meta.lang)
                if direction(article.meta.lang) == "rtl":
                    xml = mark_right_to_left(xml)
                replacements[part] = xml
    return rewrite_docx(data, replacements)
