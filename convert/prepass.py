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
# Quote and list markers opening a line; each one nests a level deeper.
CONTAINER_MARKER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))")
LEADING_SPACE = re.compile(r"^[ \t]+")
# Deeper nesting than this is flattened: no real article needs it, and every later stage
# (pandoc's JSON, the passes, the renderers) walks the tree recursively.
MAX_MARKERS = 16
MAX_INDENT = 64


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


def _limit_nesting(line: str) -> tuple[str, str] | None:
    """Flatten a line nested too deep by its markers (`> > > …`) or its indentation."""
    position, markers = 0, 0
    while (match := CONTAINER_MARKER.match(line, position)) is not None:
        markers += 1
        if markers > MAX_MARKERS:
            rest = line[position:]
            while (extra := CONTAINER_MARKER.match(rest)) is not None:
                rest = rest[extra.end() :]
            return line[:position] + rest, f"nested deeper than {MAX_MARKERS} levels, flattened"
        position = match.end()
    indent = LEADING_SPACE.match(line)
    if indent and len(indent.group().expandtabs(4)) > MAX_INDENT:
        flattened = " " * MAX_INDENT + line[indent.end() :]
        return flattened, f"nested deeper than {MAX_INDENT} columns of indentation, flattened"
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
        flattened = _limit_nesting(line)
        if flattened:
            line, message = flattened
            if not any(repair.message == message for repair in repairs):
                repairs.append(Repair(number, message))  # once: the lines below repeat it
        fixed = _repair_heading(line) or _repair_list_item(line)
        if fixed:
            line, message = fixed
            repairs.append(Repair(number, message))
        out.append(line)
    return "\n".join(out), repairs
