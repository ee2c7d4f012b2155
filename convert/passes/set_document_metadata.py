from __future__ import annotations

import panflute as pf

from convert.language import direction, regional_tag
from convert.passes.context import PassContext


def set_document_metadata(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """DOCX: title, subtitle (the description), subject, language and writing direction, which
    pandoc puts in the document and its properties (`dir: rtl`: `w:bidi` on every paragraph,
    `w:rtl` on every run)."""
    meta = ctx.meta
    doc.metadata["title"] = pf.MetaString(meta.title)
    doc.metadata["lang"] = pf.MetaString(regional_tag(meta.lang))
    if direction(meta.lang) == "rtl":
        doc.metadata["dir"] = pf.MetaString("rtl")
    if meta.description:
        doc.metadata["subtitle"] = pf.MetaString(meta.description)
        doc.metadata["subject"] = pf.MetaString(meta.description)
    return doc
