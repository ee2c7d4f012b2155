from __future__ import annotations

import panflute as pf

from convert.passes.context import PassContext
from convert.tree import elements


def number_heading_ids(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """Give headings stable ASCII ids (`section-1`, …) that every format accepts as anchors,
    and point in-article `#links` at the new ids."""
    renamed: dict[str, str] = {}
    found = elements(doc)
    headers = [elem for elem in found if isinstance(elem, pf.Header)]
    for count, header in enumerate(headers, start=1):
        new_id = f"section-{count}"
        if header.identifier:
            renamed.setdefault(header.identifier, new_id)
        header.identifier = new_id
    for elem in found:
        if isinstance(elem, pf.Link) and elem.url.startswith("#"):
            elem.url = "#" + renamed.get(elem.url[1:], elem.url[1:])
    return doc
