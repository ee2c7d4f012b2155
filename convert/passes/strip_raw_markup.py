from __future__ import annotations

import re

import lxml.html
import panflute as pf

from convert.passes.context import PassContext
from convert.tree import contains

_DROPPED_WITH_CONTENT = ("script", "style", "iframe", "object", "embed", "template", "noscript")
# The short allow-list: inline tags with a meaning every output format has, as AST elements.
_ALLOWED_INLINE: dict[str, type[pf.Inline]] = {
    "b": pf.Strong,
    "strong": pf.Strong,
    "i": pf.Emph,
    "em": pf.Emph,
    "u": pf.Underline,
    "s": pf.Strikeout,
    "del": pf.Strikeout,
    "sub": pf.Subscript,
    "sup": pf.Superscript,
}
_TAG = re.compile(r"^<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)\s*(/?)\s*>$")
# An opening or closing tag with any attributes: (closing slash, name, attributes, closing `/`).
_ANY_TAG = re.compile(r"^<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9]*)([^>]*?)(/?)\s*>$", re.DOTALL)
_CLASS = re.compile(r"""\bclass\s*=\s*["']([^"']*)["']""")
_VOID = ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "wbr")
_HEADING = re.compile(r"^h([1-6])$")


def _tag(raw: pf.RawInline) -> tuple[str, bool] | None:
    """The name of a bare allowed tag (no attributes) and whether it closes, else None."""
    match = _TAG.match(raw.text.strip()) if raw.format == "html" else None
    return (match.group(2).lower(), bool(match.group(1))) if match else None


def _is_hidden(name: str, classes: str) -> bool:
    """KaTeX writes each formula three times: as MathML (what a reader hears), as its TeX source
    in `<annotation>` (never shown) and as HTML drawn for the eye (`class="katex-html"`). Reduced
    to text, only the MathML's is kept; else a formula prints three times, once as TeX."""
    return name == "annotation" or "katex-html" in classes.split()


def _drop_hidden_text(items: list[pf.Element]) -> list[pf.Element]:
    """The inlines between the raw tags of an element `_is_hidden` names are dropped. Tags close
    the nearest open one of their name (and what it left open); unclosed, one lasts to the end of
    the paragraph."""
    out: list[pf.Element] = []
    opened: list[tuple[str, bool]] = []  # tag name, whether its content is hidden
    for item in items:
        found = _ANY_TAG.match(item.text.strip()) if isinstance(item, pf.RawInline) else None
        if found is not None and item.format == "html":
            closing, name, attributes, empty = found.groups()
            name = name.lower()
            if closing:
                names = [entry[0] for entry in opened]
                if name in names:
                    del opened[len(names) - 1 - names[::-1].index(name) :]
            elif not empty and name not in _VOID:
                classes = _CLASS.search(attributes)
                hidden = _is_hidden(name, classes.group(1) if classes else "")
                opened.append((name, hidden or bool(opened and opened[-1][1])))
        if isinstance(item, pf.RawInline) or not (opened and opened[-1][1]):
            out.append(item)
    return out


def _is_line_break(elem: pf.Element) -> bool:
    return isinstance(elem, pf.RawInline) and (_tag(elem) or ("", False))[0] == "br"


def _pair_allowed_tags(items: list[pf.Element]) -> list[pf.Element]:
    """`<sup>2</sup>` → Superscript; a tag left without its partner is dropped, its text kept."""
    out: list[pf.Element] = []
    opened: list[tuple[str, int]] = []  # tag name, index in `out` where its content starts
    for item in items:
        found = _tag(item) if isinstance(item, pf.RawInline) else None
        if found is None or found[0] not in _ALLOWED_INLINE:
            out.append(item)
            continue
        name, closing = found
        if not closing:
            opened.append((name, len(out)))
            continue
        for depth in range(len(opened) - 1, -1, -1):
            if opened[depth][0] == name:
                start = opened[depth][1]
                del opened[depth:]
                content, out[start:] = out[start:], []
                if content:
                    out.append(_ALLOWED_INLINE[name](*content))
                break
    return out


def _reduce_inlines(elem: pf.Element, doc: pf.Doc) -> None:
    content = getattr(elem, "content", None)
    if not isinstance(content, pf.ListContainer) or not any(
        isinstance(item, pf.RawInline) for item in content
    ):
        return
    shown = _drop_hidden_text(list(content))
    items = [pf.LineBreak() if _is_line_break(item) else item for item in shown]
    content[:] = [item for item in _pair_allowed_tags(items) if not isinstance(item, pf.RawInline)]


def _text_of_html(html: str) -> tuple[str, int | None]:
    """The text of an HTML block, and its heading level when the block is one heading."""
    try:
        fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml rejects some broken markup outright; it has no text worth keeping
        return "", None
    for element in list(fragment.iter(*_DROPPED_WITH_CONTENT)):
        element.drop_tree()
    for element in [e for e in fragment.iter() if _is_hidden(str(e.tag), e.get("class") or "")]:
        if element.getparent() is not None:
            element.drop_tree()
    children = list(fragment)
    level = None
    if len(children) == 1 and not (fragment.text or "").strip():
        heading = _HEADING.match(str(children[0].tag))
        level = int(heading.group(1)) if heading else None
    return " ".join(fragment.text_content().split()), level


def _table_of_html(html: str) -> pf.Table | None:
    """An HTML block that is one `<table>` (the English articles have them where the others have
    the placeholder `TTT`) as a table: rows of `<th>`/`<td>` cells, each cell its text, `<thead>`
    rows (or leading rows of `<th>` only) as its head. Nested tables, or text around the table,
    leave it to be reduced to text."""
    try:
        fragment = lxml.html.fragment_fromstring(html, create_parent="div")
    except Exception:  # lxml rejects some broken markup outright
        return None
    children = list(fragment)
    if len(children) != 1 or children[0].tag != "table" or children[0].xpath(".//table"):
        return None
    table = children[0]
    if (fragment.text or "").strip() or (table.tail or "").strip():
        return None
    rows = [(row, [cell for cell in row if cell.tag in ("th", "td")]) for row in table.iter("tr")]
    rows = [(row, cells) for row, cells in rows if cells]
    if not rows:
        return None
    width = max(len(cells) for _, cells in rows)

    def table_row(cells: list[lxml.html.HtmlElement]) -> pf.TableRow:
        texts = [" ".join(cell.text_content().split()) for cell in cells]
        texts += [""] * (width - len(texts))
        plains = (pf.Plain(pf.Str(text)) if text else pf.Plain() for text in texts)
        return pf.TableRow(*(pf.TableCell(plain) for plain in plains))

    head = [cells for row, cells in rows if row.getparent().tag == "thead"]
    if not head:
        for _, cells in rows:
            if any(cell.tag != "th" for cell in cells):
                break
            head.append(cells)
    body = [cells for _, cells in rows[len(head) :]] or [[]]
    return pf.Table(
        pf.TableBody(*(table_row(cells) for cells in body)),
        head=pf.TableHead(*(table_row(cells) for cells in head)),
        colspec=[("AlignDefault", "ColWidthDefault")] * width,
    )


def _reduce_blocks(elem: pf.Element, doc: pf.Doc) -> list[pf.Element] | pf.Element | None:
    if isinstance(elem, pf.RawInline):
        return []  # one a pair of allowed tags enclosed, which the walk does not revisit
    if not isinstance(elem, pf.RawBlock):
        return None
    table = _table_of_html(elem.text) if elem.format == "html" and "<table" in elem.text else None
    if table is not None:
        return table
    text, level = _text_of_html(elem.text) if elem.format == "html" else ("", None)
    if not text:
        return []
    if level is not None:
        return pf.Header(pf.Str(text), level=level)
    return pf.Para(pf.Str(text))


def strip_raw_markup(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """Raw HTML and raw blocks never reach an output. A short allow-list of inline tags
    (`<b>`, `<i>`, `<u>`, `<s>`, `<sub>`, `<sup>`, `<br>`) becomes the matching element; any other
    HTML is reduced to its text (scripts and styles dropped), so markup mangled by translation
    tools neither shows nor breaks a file. Other raw formats (`{=openxml}`, …) are dropped."""
    if not contains(doc, (pf.RawInline, pf.RawBlock)):
        return doc  # most articles have none: two walks saved
    doc = doc.walk(_reduce_inlines)
    return doc.walk(_reduce_blocks)
