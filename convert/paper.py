"""Paper sizes and page margins: the one table the PDF and the DOCX are both laid out by."""

from __future__ import annotations

from dataclasses import dataclass

MM_PER_INCH = 25.4
TWIPS_PER_INCH = 1440


@dataclass(frozen=True)
class Margins:
    """Page margins in mm. Inner is the binding side, so duplex pages mirror each other."""

    top: float
    bottom: float
    inner: float
    outer: float


@dataclass(frozen=True)
class Paper:
    css_size: str  # the CSS `size` keyword
    width: float  # mm, portrait
    height: float
    margins: Margins


# ISO B5 (176 × 250 mm), not JIS B5, which CSS's `B5` is not.
PAPERS: dict[str, Paper] = {
    "a4": Paper("A4", 210, 297, Margins(top=20, bottom=22, inner=20, outer=16)),
    "letter": Paper("letter", 215.9, 279.4, Margins(top=20, bottom=22, inner=20, outer=16)),
    "b5": Paper("B5", 176, 250, Margins(top=18, bottom=20, inner=18, outer=14)),
    "a5": Paper("A5", 148, 210, Margins(top=16, bottom=18, inner=16, outer=12)),
}
PAPER_NAMES = tuple(PAPERS)


def mm_to_twips(mm: float) -> int:
    """Word's unit: a twentieth of a point."""
    return round(mm / MM_PER_INCH * TWIPS_PER_INCH)
