"""Make styles/reference.docx from pandoc's default reference document.

Run: .venv/bin/python scripts/make_reference_docx.py
The result is committed; the DOCX writer sets each article's language faces and paper on a copy
at build time. Same pandoc, same bytes.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pypandoc
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convert.writers.docx_styles import REFERENCE_DOCX, W, reference_for, rewrite_docx  # noqa: E402

# Sizes in half-points; spacing in twentieths of a point.
BODY_SIZE = 21  # 10.5 pt, as the PDF
STYLE_SIZES = {
    "Title": 36,
    "Subtitle": 22,
    "Heading1": 30,
    "Heading2": 26,
    "Heading3": 23,
    "FootnoteText": 17,
}
BODY_LINE = 360  # 1.5 lines, roomy enough for CJK


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _size(rpr: etree._Element, half_points: int) -> None:
    for tag in ("sz", "szCs"):
        element = rpr.find(_w(tag))
        if element is None:
            element = etree.SubElement(rpr, _w(tag))
        element.set(_w("val"), str(half_points))


def tune_styles(styles_xml: bytes) -> bytes:
    root = etree.fromstring(styles_xml)
    defaults = root.find(f"{_w('docDefaults')}/{_w('rPrDefault')}/{_w('rPr')}")
    _size(defaults, BODY_SIZE)
    paragraph = root.find(f"{_w('docDefaults')}/{_w('pPrDefault')}/{_w('pPr')}")
    spacing = paragraph.find(_w("spacing"))
    spacing.set(_w("line"), str(BODY_LINE))
    spacing.set(_w("lineRule"), "auto")
    for style in root.iter(_w("style")):
        size = STYLE_SIZES.get(style.get(_w("styleId")))
        if size is not None:
            rpr = style.find(_w("rPr"))
            if rpr is None:
                rpr = etree.SubElement(style, _w("rPr"))
            _size(rpr, size)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def main() -> None:
    default = subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
        capture_output=True,
        check=True,
    ).stdout
    with zipfile.ZipFile(BytesIO(default)) as docx:
        styles = docx.read("word/styles.xml")
    tuned = rewrite_docx(default, {"word/styles.xml": tune_styles(styles)})
    REFERENCE_DOCX.write_bytes(reference_for(tuned, lang="ja", paper="a4"))
    print(f"wrote {REFERENCE_DOCX.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
