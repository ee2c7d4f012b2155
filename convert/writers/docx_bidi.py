"""Right-to-left paragraphs and runs in a Word part (document, footnotes), for Arabic.

Pandoc's `dir: rtl` (the set_document_metadata pass) marks the body's paragraphs `w:bidi` and
their runs `w:rtl`, but not the title and subtitle it makes from the metadata, nor the notes.
Here every paragraph and every run of text says it; the reference document's styles say it too
(docx_styles), for a paragraph an editor adds."""

from __future__ import annotations

from lxml import etree

from convert.writers.docx_xml import prop, to_bytes, w


def _paragraph_properties(paragraph: etree._Element) -> etree._Element:
    """A paragraph's `w:pPr`, its first child, added when missing."""
    found = paragraph.find(w("pPr"))
    if found is None:
        found = etree.Element(w("pPr"))
        paragraph.insert(0, found)
    return found


def mark_right_to_left_in(element: etree._Element) -> None:
    """Every paragraph and run of text in `element` (a part, or a paragraph, table or note of
    one) marked right to left."""
    for paragraph in element.iter(w("p")):
        prop(_paragraph_properties(paragraph), "bidi")
    for run in element.iter(w("r")):
        if run.find(w("t")) is not None:
            prop(prop(run, "rPr"), "rtl")


def mark_right_to_left(part_xml: bytes) -> bytes:
    root = etree.fromstring(part_xml)
    mark_right_to_left_in(root)
    return to_bytes(root)
