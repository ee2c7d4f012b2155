"""Glyph coverage: which characters none of an article's faces can draw."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from convert.fonts import Face, code_points

# Characters that are never drawn as a glyph: controls, format characters (word joiner, soft
# hyphen, …), separators, and variation selectors.
INVISIBLE_CATEGORIES = ("Cc", "Cf", "Zs", "Zl", "Zp")


def _is_drawn(char: str) -> bool:
    if unicodedata.category(char) in INVISIBLE_CATEGORIES:
        return False
    return not ("\ufe00" <= char <= "\ufe0f" or "\U000e0100" <= char <= "\U000e01ef")


def missing_characters(text: str, faces: Iterable[Face]) -> list[str]:
    """The characters of `text`, in order of first use, that none of `faces` can draw; most
    texts have none."""
    uncovered = set(map(ord, text))
    for face in faces:
        # Look the text's few thousand characters up in the face, not the face's tens of
        # thousands in the text: `difference_update` would walk the whole character set.
        covered = code_points(face)
        uncovered = {point for point in uncovered if point not in covered}
        if not uncovered:
            return []
    return [char for char in dict.fromkeys(text) if ord(char) in uncovered and _is_drawn(char)]
