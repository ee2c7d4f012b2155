from __future__ import annotations

import panflute as pf

from convert.passes.context import PassContext
from convert.tree import elements

# Attributes that could make a renderer load something or run something.
_UNSAFE = ("style", "src", "href", "srcset", "background", "poster", "data", "xmlns")


def _is_unsafe(name: str) -> bool:
    name = name.lower()
    return name in _UNSAFE or name.startswith(("on", "xlink:", "xml:"))


def _drop_unsafe(elem: pf.Element) -> None:
    attributes = getattr(elem, "attributes", None)
    if attributes and any(_is_unsafe(name) for name in attributes):
        for name in [name for name in attributes if _is_unsafe(name)]:
            del attributes[name]


def drop_unsafe_attributes(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """`{style="background:url(file:///etc/passwd)"}` and event handlers written as Markdown
    attributes are dropped: an output never loads or runs anything an article names."""
    for elem in elements(doc):
        _drop_unsafe(elem)
    return doc
