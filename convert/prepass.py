"""Source repairs that must happen before CommonMark parsing.

CommonMark requires a space after the `#` of a heading and the `-` of a list item; translators
often leave it out (`##見出し`, `-項目`). Each repair is reported so editors can fix the source.
Fenced code blocks are left untouched.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# `##見出し`, `＃＃見出し`, `## 見出し` (ideographic space): hashes not followed by an ASCII space.
HEADING = re.compile(r"^( {0,3})([#＃]{1,6})(?![#＃])(\u3000|(?=\S))(.*)$")
# `-項目`: a hyphen straight before a letter; `-5%`, `--`, `->` are left as text.
BULLET = re.compile(r"^( {0,3})-(?=(\S))")
ORDERED = re.compile(r"^( {0,3})(\d{1,9})([.)])(?=(\S))")


@dataclass(frozen=True)
class Repair:
    line: int  # 1-based, within the text handed to repair_source
    message: str


def _is_letter(char: str) -> bool:
    return unicodedata.category(char).startswith("L")


def _repair_heading(line: str) -> tuple[str, str] | None:
    match = HEADING.match(line)
    if not match:
        return None
    indent, hashes, gap, rest = match.groups()
    level = len(hashes)
    ascii_hashes = "#" * level
    if not rest.strip():
        return None
    # A single ASCII `#` before ASCII text is more likely a hashtag than a heading.
    if hashes == "#" and not gap and rest[0].isascii():
        return None
    if hashes == ascii_hashes and not gap and rest[0] == " ":
        return None
    return f"{indent}{ascii_hashes} {rest.strip()}", f"heading without a space after '{hashes}'"


def _repair_list_item(line: str) -> tuple[str, str] | None:
    match = BULLET.match(line)
    if match and _is_letter(match.group(2)):
        indent = match.group(1)
        return f"{indent}- {line[match.end() :]}", "list item without a space after '-'"
    match = ORDERED.match(line)
    if match and _is_letter(match.group(4)) and not match.group(4).isascii():
        indent, number, delimiter, _ = match.groups()
        return (
            f"{indent}{number}{delimiter} {line[match.end() :]}",
            f"list item without a space after '{number}{delimiter}'",
        )
    return None


def repair_source(text: str) -> tuple[str, list[Repair]]:
    """Fix headings and list items that CommonMark would not recognise; report each fix."""
    repairs: list[Repair] = []
    out: list[str] = []
    fence: str | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        fence_match = FENCE.match(line)
        if fence is not None:
            if (
                fence_match
                and fence_match.group(1)[0] == fence[0]
                and len(fence_match.group(1)) >= len(fence)
            ):
                fence = None
            out.append(line)
            continue
        if fence_match:
            fence = fence_match.group(1)
            out.append(line)
            continue
        fixed = _repair_heading(line) or _repair_list_item(line)
        if fixed:
            line, message = fixed
            repairs.append(Repair(number, message))
        out.append(line)
    return "\n".join(out), repairs
