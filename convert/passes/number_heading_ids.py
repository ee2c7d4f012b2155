from __future__ import annotations

import panflute as pf

from convert.passes.context import PassContext


def number_heading_ids(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """Give headings stable ASCII ids (`section-1`, …) that every format accepts as anchors,
    and point in-article `#links` at the new ids."""
    renamed: dict[str, str] = {}
    count = 0

    def rename(elem: pf.Element, doc: pf.Doc) -> None:
        nonlocal count
        if isinstance(elem, pf.Header):
            count += 1
            new_id = f"section-{count}"
            if elem.identifier:
                renamed.setdefault(elem.identifier, new_id)
            elem.identifier = new_id

    def relink(elem: pf.Element, doc: pf.Doc) -> None:
        if isinstance(elem, pf.Link) and elem.url.startswith("#"):
            elem.url = "#" + renamed.get(elem.url[1:], elem.url[1:])

    doc.walk(rename)
    return doc.walk(relink)
