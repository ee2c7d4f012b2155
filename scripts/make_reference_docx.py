"""Make styles/reference.docx from pandoc's default reference document.

Run: .venv/bin/python scripts/make_reference_docx.py [--out PATH]
The result is committed; the DOCX writer sets each article's language faces and paper on a copy
at build time (convert/writers/docx_styles.py). Same pandoc, same bytes.

The styles follow the PDF (styles/pdf/print.css): body 10.5 pt at 1.75 lines, headings in the
text colour, a ruled block quote, tight lists, 8 pt footnotes. Headings keep Word's outline levels
(the navigation pane), and the title gets level 1 so that the pane shows the title with its
sections under it, as the PDF's bookmarks do.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import zipfile
from io import BytesIO
from pathlib import Path

import pypandoc
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from convert.writers.docx_styles import REFERENCE_DOCX, reference_for, rewrite_docx  # noqa: E402
from convert.writers.docx_xml import prop, to_bytes, w  # noqa: E402

TEXT_COLOUR = "111111"
NOTE_COLOUR = "555555"
LINK_COLOUR = "1F4E79"
RULE_COLOUR = "BBBBBB"

# Sizes in half-points; spacing and indents in twentieths of a point.
BODY_SIZE = 21  # 10.5 pt
BODY_LINE = 420  # 1.75 lines
BODY_LEVEL = 9  # outline level of body text: the subtitle is based on the title, not a heading

# styleId → run properties: size, colour, underline.
RUN_STYLES: dict[str, dict[str, str | int]] = {
    "Title": {"size": 40, "colour": TEXT_COLOUR},
    "Subtitle": {"size": 20, "colour": "333333"},
    "Heading1": {"size": 30, "colour": TEXT_COLOUR},
    "Heading2": {"size": 26, "colour": TEXT_COLOUR},
    "Heading3": {"size": 23, "colour": TEXT_COLOUR},
    "FootnoteText": {"size": 16, "colour": NOTE_COLOUR},
    "Hyperlink": {"colour": LINK_COLOUR, "underline": "single"},
}
# styleId → paragraph properties: space before and after, line, outline level, indents, rule.
PARAGRAPH_STYLES: dict[str, dict[str, int]] = {
    "Title": {"before": 0, "after": 120, "line": 320, "outline": 0},
    "Subtitle": {"before": 0, "after": 240, "line": 320, "outline": BODY_LEVEL},
    "Heading1": {"before": 400, "after": 140, "line": 320, "outline": 0},
    "Heading2": {"before": 400, "after": 140, "line": 320, "outline": 1},
    "Heading3": {"before": 280, "after": 110, "line": 320, "outline": 2},
    "BodyText": {"before": 0, "after": 160},
    "Compact": {"before": 0, "after": 60},  # list items and table cells
    "BlockText": {"before": 220, "after": 220, "left": 320, "right": 0, "rule": 12},
    "FootnoteText": {"before": 0, "after": 40, "line": 280},
}


def _colour(rpr: etree._Element, colour: str) -> None:
    element = prop(rpr, "color")
    element.attrib.clear()
    element.set(w("val"), colour)


def _size(rpr: etree._Element, half_points: int) -> None:
    for tag in ("sz", "szCs"):
        prop(rpr, tag).set(w("val"), str(half_points))


def _tune_runs(style: etree._Element, settings: dict[str, str | int]) -> None:
    rpr = prop(style, "rPr")
    if "size" in settings:
        _size(rpr, int(settings["size"]))
    if "colour" in settings:
        _colour(rpr, str(settings["colour"]))
    if "underline" in settings:
        prop(rpr, "u").set(w("val"), str(settings["underline"]))


def _tune_paragraphs(style: etree._Element, settings: dict[str, int]) -> None:
    ppr = prop(style, "pPr")
    spacing = prop(ppr, "spacing")
    spacing.set(w("before"), str(settings["before"]))
    spacing.set(w("after"), str(settings["after"]))
    if "line" in settings:
        spacing.set(w("line"), str(settings["line"]))
        spacing.set(w("lineRule"), "auto")
    if "outline" in settings:
        prop(ppr, "outlineLvl").set(w("val"), str(settings["outline"]))
    if "left" in settings:
        indent = prop(ppr, "ind")
        indent.attrib.clear()
        indent.set(w("left"), str(settings["left"]))
        indent.set(w("right"), str(settings["right"]))
    if "rule" in settings:
        left = prop(prop(ppr, "pBdr"), "left")
        for name, value in (("val", "single"), ("sz", "12"), ("space", str(settings["rule"]))):
            left.set(w(name), value)
        left.set(w("color"), RULE_COLOUR)


def tune_styles(styles_xml: bytes) -> bytes:
    root = etree.fromstring(styles_xml)
    defaults = root.find(f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}")
    _size(defaults, BODY_SIZE)
    _colour(defaults, TEXT_COLOUR)
    paragraph = root.find(f"{w('docDefaults')}/{w('pPrDefault')}/{w('pPr')}")
    spacing = prop(paragraph, "spacing")
    spacing.set(w("line"), str(BODY_LINE))
    spacing.set(w("lineRule"), "auto")
    for style in root.iter(w("style")):
        style_id = style.get(w("styleId"), "")
        if style_id in PARAGRAPH_STYLES:
            _tune_paragraphs(style, PARAGRAPH_STYLES[style_id])
        if style_id in RUN_STYLES:
            _tune_runs(style, RUN_STYLES[style_id])
    return to_bytes(root)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "styles" / REFERENCE_DOCX)
    out: Path = parser.parse_args().out
    default = subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
        capture_output=True,
        check=True,
    ).stdout
    with zipfile.ZipFile(BytesIO(default)) as docx:
        styles = docx.read("word/styles.xml")
    tuned = rewrite_docx(default, {"word/styles.xml": tune_styles(styles)})
    out.write_bytes(reference_for(tuned, lang="ja", paper="a4"))
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
