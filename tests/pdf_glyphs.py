"""Where each glyph of a typeset PDF is drawn, read from its content stream with pikepdf (in pt,
y down), and the measures of Japanese and Chinese punctuation taken from those positions.

pdftotext reports words, not glyphs; the blank halves of full-width punctuation only show in
the glyphs' origins. The reader knows the few operators WeasyPrint 70 writes text with: `q`,
`Q`, `cm`, `BT`, `Tm`, `Tf`, `TJ` (Identity-H fonts, two-byte codes, a `ToUnicode` map).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pikepdf

# Where the ink of a full-width mark lies in its square, in em: opening brackets in the right
# half, closing brackets, commas and full stops in the left half (as Japanese and Simplified
# Chinese faces draw them), middle dots in the middle.
OPENING = set("「『（［｛〔【〈《｟〘〖")
CLOSING = set("」』）］｝〕】〉》｠〙〗、。，．")
MIDDLE = set("・")
INK = {**dict.fromkeys(OPENING, (0.5, 1.0)), **dict.fromkeys(CLOSING, (0.0, 0.5))}
INK |= dict.fromkeys(MIDDLE, (0.25, 0.75))
# The blank JLREQ (3.1.4, 3.1.6) leaves between two adjacent marks, in em: none between two
# closing or two opening marks, half an em between a closing and an opening one, a quarter on
# the side of a middle dot.
KIND = {**dict.fromkeys(OPENING, "O"), **dict.fromkeys(CLOSING, "C"), **dict.fromkeys(MIDDLE, "M")}
ALLOWED_BLANK = {"CC": 0.0, "OO": 0.0, "CO": 0.5, "CM": 0.25, "MO": 0.25}
TOLERANCE_EM = 0.05


@dataclass(frozen=True)
class Glyph:
    char: str
    x: float  # the origin the glyph is drawn at
    y: float  # its baseline
    em: float  # the font size
    advance: float  # the glyph's own width in the font
    run: int  # which text run (one `TJ`, one text box of the layout) drew it

    @property
    def ink(self) -> tuple[float, float]:
        low, high = INK[self.char]
        return self.x + low * self.em, self.x + high * self.em


def _multiply(a: list[float], b: list[float]) -> list[float]:
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def _to_unicode(font: pikepdf.Dictionary) -> dict[int, str]:
    cmap = font.ToUnicode.read_bytes().decode("latin-1")
    mapping = {}
    for source, target in re.findall(r"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>", cmap):
        mapping[int(source, 16)] = bytes.fromhex(target).decode("utf-16-be")
    return mapping


def _widths(font: pikepdf.Dictionary) -> dict[int, float]:
    descendant = font.DescendantFonts[0]
    default = float(descendant.get("/DW", 1000))
    widths: dict[int, float] = {}
    items = list(descendant.get("/W", []))
    index = 0
    while index < len(items):
        first, second = int(items[index]), items[index + 1]
        if isinstance(second, pikepdf.Array):
            for offset, width in enumerate(second):
                widths[first + offset] = float(width)
            index += 2
        else:
            for code in range(first, int(second) + 1):
                widths[code] = float(items[index + 2])
            index += 3
    widths[-1] = default
    return widths


def read_glyphs(path: Path) -> list[list[Glyph]]:
    """The glyphs of each page, in the order they are drawn."""
    pages = []
    with pikepdf.open(path) as pdf:
        fonts: dict[tuple[int, int], tuple[dict[int, str], dict[int, float]]] = {}
        for page in pdf.pages:
            height = float(page.mediabox[3])
            glyphs: list[Glyph] = []
            stack: list[list[float]] = []
            ctm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
            tm = ctm
            font: tuple[dict[int, str], dict[int, float]] = ({}, {})
            size = 0.0
            run = 0
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op == "q":
                    stack.append(ctm)
                elif op == "Q":
                    ctm = stack.pop()
                elif op == "cm":
                    ctm = _multiply([float(v) for v in operands], ctm)
                elif op == "BT":
                    tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
                elif op == "Tm":
                    tm = [float(v) for v in operands]
                elif op == "Tf":
                    resource = page.Resources.Font[str(operands[0])]
                    key = resource.objgen
                    if key not in fonts:
                        fonts[key] = (_to_unicode(resource), _widths(resource))
                    font, size = fonts[key], float(operands[1])
                elif op == "TJ":
                    run += 1
                    to_unicode, widths = font
                    tx = 0.0
                    for item in operands[0]:
                        if not isinstance(item, pikepdf.String):
                            tx -= float(item) / 1000 * size
                            continue
                        data = bytes(item)
                        for index in range(0, len(data), 2):
                            code = int.from_bytes(data[index : index + 2], "big")
                            width = widths.get(code, widths[-1]) / 1000 * size
                            matrix = _multiply(_multiply([1, 0, 0, 1, tx, 0], tm), ctm)
                            scale = abs(matrix[0])
                            glyphs.append(
                                Glyph(
                                    to_unicode.get(code, ""),
                                    matrix[4],
                                    height - matrix[5],
                                    size * scale,
                                    width * scale,
                                    run,
                                )
                            )
                            tx += width
            pages.append(glyphs)
    return pages


def glyph_lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped by baseline and font size, each line from left to right."""
    lines: dict[tuple[float, float], list[Glyph]] = {}
    for glyph in glyphs:
        lines.setdefault((round(glyph.y, 1), round(glyph.em, 1)), []).append(glyph)
    return [sorted(line, key=lambda g: g.x) for _, line in sorted(lines.items())]


def punctuation_blanks(line: list[Glyph]) -> list[tuple[str, float]]:
    """Each pair of adjacent punctuation marks on the line whose blank between the two inks is
    wider than JLREQ leaves: the pair, and the blank in em."""
    found = []
    for first, second in zip(line, line[1:], strict=False):
        pair = KIND.get(first.char, "") + KIND.get(second.char, "")
        if pair not in ALLOWED_BLANK or abs(first.em - second.em) > 0.1:
            continue
        blank = (second.ink[0] - first.ink[1]) / first.em
        if blank > ALLOWED_BLANK[pair] + TOLERANCE_EM:
            found.append((first.char + second.char, round(blank, 2)))
    return found


def adjacent_mark_pairs(line: list[Glyph]) -> int:
    """How many pairs of adjacent punctuation marks the line holds."""
    return sum(
        KIND.get(first.char, "") + KIND.get(second.char, "") in ALLOWED_BLANK
        for first, second in zip(line, line[1:], strict=False)
    )


def wide_gaps(line: list[Glyph], *, limit_em: float = 0.5) -> list[tuple[str, float]]:
    """The gaps inside one text run wider than `limit_em`: space added between two glyphs
    beyond their own widths, the two characters and the gap in em."""
    found = []
    for first, second in zip(line, line[1:], strict=False):
        if first.run != second.run:
            continue
        gap = (second.x - first.x - first.advance) / first.em
        if gap > limit_em + TOLERANCE_EM:
            found.append((first.char + second.char, round(gap, 2)))
    return found


def half_width_marks(line: list[Glyph]) -> list[str]:
    """The marks of the line set without their blank half though no mark stands next to them
    (squeezed to fit a line, JIS X 4051's 追い込み), each with the glyph before and after it."""
    found = []
    for index, glyph in enumerate(line):
        before = line[index - 1] if index else None
        after = line[index + 1] if index + 1 < len(line) else None
        if (before and before.char in KIND) or (after and after.char in KIND):
            continue
        if glyph.char in CLOSING and after and after.x - glyph.x < 0.75 * glyph.em:
            found.append(glyph.char + after.char)
        elif (
            glyph.char in OPENING
            and before
            and glyph.x - before.x - before.advance < -0.25 * glyph.em
        ):
            found.append(before.char + glyph.char)
    return found
