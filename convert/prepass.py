"""Source repairs that must happen before CommonMark parsing.

CommonMark requires a space after the `#` of a heading and the `-` of a list item; translators
often leave it out (`##見出し`, `-項目`), also inside quotes and list items (`>###見出し`), or
write the marks full width (`＃＃ よくある質問`). CommonMark refuses bold that punctuation
touches (`**税金。**アカウント`), which CJK text does all the time. Machine translation also
leaves a link's address unclosed (`[Gig work](/gig-economy, for example`), mangles comments
(`<! - 428F ->`) and escapes entities twice (`&amp;amp;`, `＆amp;`); the collection has a
placeholder heading `TTT` where a table was. Each repair is reported so editors can fix the
source. Code blocks and code spans are left untouched.
"""

from __future__ import annotations

import html
import itertools
import re
import unicodedata
from dataclasses import dataclass

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
# `##見出し`, `＃＃見出し`, `＃＃ 見出し`, `##\u3000見出し`: hashes, then what separates them.
HEADING = re.compile(r"^([#＃]{1,6})(?![#＃])([ \t\u3000]*)(.*)$")
# `-項目`, `-**項目**`, `-[已婚联合申请](/mfj)`, `-529プラン`, `-80-20の法則`, `-10-K`,
# `-401（k）`: a hyphen straight before a letter, bold or a link, or a number (or range) that a
# letter follows; `-5%`, `-1.5`, `-5-10%`, `--`, `->` are left as text.
BULLET = re.compile(r"^-(?:\*\*|__|\[(?=[^\[\]]*\]\())?(\d+(?:-\d+)*)?(\S)(\S?)")
# `1.項目`, `1.**高速チェーンモデル**は`, `1.AlphabetInc.クラスA`: a number and its full stop
# straight before a letter that is not ASCII, before bold, or before any letter in a line of
# letters that are not ASCII (`1.5`, `2.Cash` stay).
ORDERED = re.compile(r"^(\d{1,9})([.)])(?=(\*\*)?(\S))")
# Quote and list markers opening a line; each one nests a level deeper.
CONTAINER_MARKER = re.compile(r"[ \t]*(?:>|[-*+](?=[ \t])|\d{1,9}[.)](?=[ \t]))")
CONTAINER_PREFIX = re.compile(rf"(?:{CONTAINER_MARKER.pattern})*[ \t]*")
LEADING_SPACE = re.compile(r"^[ \t]+")
BACKTICKS = re.compile(r"`+")
# `[text](/slug, more text`: the address of an article, then what cannot be part of one,
# with no `)` closing it. A title (`(/slug "title")`) or a closed address is left alone.
UNCLOSED_LINK = re.compile(
    r"(\[[^\[\]]*\]\()((?:/|\.\./)[A-Za-z0-9][\w-]*(?:/[\w-]+)*(?:#[\w-]+)?)"
    r"(?=[,、。，；;:：！？!?」』]|\.(?:\s|$)|\s+(?![\s\"'(])|\s*$)"
)
# A full-width parenthesis closing an address: `[株式](/stock）`.
FULL_WIDTH_CLOSE = re.compile(
    r"(\[[^\[\]]*\]\()((?:/|\.\./)?[A-Za-z0-9][\w-]*(?:/[\w-]+)*(?:#[\w-]+)?)）"
)
# `[initial public offering](/initial public offering)`: the link's own words as an article's
# address, spaces and all, which CommonMark reads as no link at all; written in `<…>`, where
# spaces are allowed. (Other words after an address are an unclosed link, UNCLOSED_LINK.)
SPACED_ADDRESS = re.compile(r"(\[([^\[\]]*)\]\()((?:/|\.\./)([\w-]+(?:[ \t]+[\w-]+)+))\)")
# `[credito globale](/credit-crisis),. mentre`: translation left a full stop after the comma.
STRAY_FULL_STOP = re.compile(r"(\]\([^()\s]*\)),\.(?=\s)")
# `<! - 428F15 ->`, `<!- hide ->`, `<! - - note - - >`: a comment whose dashes translation
# spaced out. A real `<!-- … -->` is left to the parser.
MANGLED_COMMENT = re.compile(r"<!\s*-[\s-]*[^<>]*?-\s*>")
REAL_COMMENT = re.compile(r"<!--(?!-?>).*?-->", re.DOTALL)
# `<mi>B< /mi>`, `</ span>`, `>< span class="vlist">`: tags of formulas (KaTeX's HTML and
# MathML) that translation spaced out, which are then no tags to pandoc and would print as they
# stand. Only the names of such elements, and an opening tag only when attributes or, for a name
# of two letters or more, `>` follow, so `a < b > c` stays text.
TAG_NAMES = (
    r"(?:span|div|math|semantics|annotation|mrow|mi|mo|mn|ms|mtext|mfrac|msub|msup|msubsup"
    r"|mstyle|mtable|mtr|mtd|mspace|msqrt|mroot|mover|munder|munderover|menclose|mpadded"
    r"|mphantom|a|b|i|u|s|p|em|strong|sub|sup|h[1-6])"
)
SPACED_TAG = re.compile(
    rf"<(?:[ \t]+/[ \t]*|/[ \t]+)({TAG_NAMES})[ \t]*>"
    rf"|<[ \t]+({TAG_NAMES})(?=[ \t]+[\w-]+[ \t]*=[ \t]*[\"']|(>))"
)
# `1.Microsoft Corporation`, `1 Berkshire Hathaway Inc.`, `1。**営業…**` between items `1. Apple
# Inc.`: in Latin text `1.Word` could be a name, so only one empty line from an ordered item does
# it get its space (and `。` its neighbour's `.`); a number with no mark needs items on both sides.
ORDERED_ITEM = re.compile(r"^\d{1,9}([.)])[ \t]+\S")
LIST_NUMBER = re.compile(r"^(\d{1,9})(?:([.)。])|[ \t]+)(?=\*\*|[^\W\d_])")
# `-[($15,000 x 14) + …] ÷ 31`, `-= $17,193.55`: a `-` straight before what is no letter is
# left as text by BULLET (`-5%`); below a `- ` item, or in a run of two or more such lines one
# empty line apart, it is an item.
HYPHEN_ITEM = re.compile(r"^-(?=[^\s\-–—>])")
# `</table>` and, on the very next line, `## Features` or text: an HTML block runs on to the next
# empty line, so the Markdown below the table (the English articles have no empty lines) would be
# read as HTML and print as text, `##` and all. An empty line is put after the table's end.
TABLE_END = re.compile(r"^ {0,3}(?:\S.*)?</table\s*>[ \t]*$", re.IGNORECASE)
# `– Du kan ikke investere…` among items that start `- `: a list marker that translation made a
# dash of punctuation. Only there, one empty line from a `- ` item or a run of such lines that
# leads to one, or in a run of two or more below a line ending with `:` (`Disse dagene regnes
# som:`) or below a heading (`##Höjdpunkter`), is it read as a marker; a dash opening a
# paragraph elsewhere (dialogue) stays.
DASH_ITEM = re.compile(r"^[–—][ \t]+(?=\S)")
MAX_DASH_ITEMS = 64  # how far below a run of them is followed
# `<h5><a href="…">TTT</a></h5>`: where the source site had a table of pros and cons, the
# collection has this placeholder, which would print as a heading "TTT"; translation spaced some
# out (`<h5> <a href=""> TTT </a> </ h5>`), and a closing tag with a space is no tag to pandoc;
# in Russian it became Cyrillic `ТТТ`, in one Portuguese article `TT`.
PLACEHOLDER_HEADING = re.compile(
    r"[ \t]*<h[1-6]>\s*(?:<a\b[^>]*>)?\s*(?:TTT?|ТТТ)\s*(?:</\s*a>)?\s*</\s*h[1-6]>\s*"
)
# `**太字。**です`: CommonMark reads no bold where `**` sits between punctuation and a letter,
# which CJK text does all the time; such a pair becomes `<strong>`.
BOLD = re.compile(r"(?<![*\\])\*\*(?![*\s])((?:[^*]|\*(?!\*))+?)(?<![*\s\\])\*\*(?!\*)")
# `** 수요 견인 인플레이션**은`: translation put a space after the opening `**`, so CommonMark
# reads no bold; the pair becomes `<strong>`.
SPACED_BOLD = re.compile(r"(?<![*\\])\*\*[ \t]+([^\s*](?:[^*]*?[^\s*\\])?)\*\*(?!\*)")
# `في هذا الوقت ** تخضع ** لضريبة`, `24％は** $ 1,615.20 **であり`: a space before the closing `**`
# too, which then closes nothing in CommonMark. The marks of a line are taken in pairs, first with
# second, so that `**a** and **b**` is never read as `** and **`.
BOLD_MARK = re.compile(r"(?<![*\\])\*\*(?!\*)")
# `katkılar **vergi* olmadığı`: bold closed with one `*`, which CommonMark reads as a stray `*` and
# italics; taken as bold when the line has no other `*`.
HALF_CLOSED_BOLD = re.compile(r"^([^*]*)(?<!\\)\*\*([^*\s](?:[^*]*[^*\s\\])?)\*([^*]*)$")
WORD = re.compile(r"[^\W\d_]{2}")
# An entity escaped twice (`&amp;amp;`, `&amp;#39;`), or an escaped ampersand made full width
# (`＆amp;`); a single `&amp;` is how Markdown writes `&`.
ESCAPED_AMPERSAND = re.compile(
    r"＆(?:amp;)+|&amp;(?:amp;)*(?=(?:[A-Za-z]+|#\d+|#[xX][\dA-Fa-f]+);)"
)
FULL_WIDTH_AMPERSAND = re.compile(r"＆(?:amp;)+")
# `Poor＆＃39; s`: a numeric entity whose `&#` translation made full width.
FULL_WIDTH_ENTITY = re.compile(r"＆[#＃](\d{1,7});")
# `[($15,000 x 14) + ($19,000 x 17)] \\u00f7 31`: a character left as the escape of a JSON or
# Python string, which Markdown prints as it is.
UNICODE_ESCAPE = re.compile(r"(?<!\\)\\u([0-9A-Fa-f]{4})")
ENTITY = re.compile(r"&(?:[A-Za-z]+|#\d+|#[xX][\dA-Fa-f]+);")
# An entity that translation spaced out and gave an Arabic semicolon: `&amp; # 39 ؛`.
# Arabic translation also turned `amp` into the word `أمبير`: `&amp; أمبير ؛`.
SPACED_ENTITY = re.compile(r"&(?:amp;)*[ \t]*(amp|quot|apos|lt|gt|#[ \t]*\d+|أمبير)[ \t]*[;؛]")
# In the body, only the forms that cannot be text: spaced, or with an Arabic semicolon.
SPACED_BODY_ENTITY = re.compile(
    r"&(?:amp;)*(?:[ \t]+(amp|quot|apos|#[ \t]*\d+|أمبير)[ \t]*[;؛]|(amp|quot|apos|#\d+)؛)"
)
# `El estándar y amperio; El índice Poor&#39;s`: Spanish translation turned `&amp;` into the word
# for "and" and the unit `amperio`; in metadata that is `&`.
TRANSLATED_AMPERSAND = re.compile(r"\by amperio;")
# `description: The float is basically twofold counted money: funds inside…`: a plain YAML value
# with `: ` in it is an error, and with ` #` in it loses the rest as a comment. Such a value of a
# text key, on one line and not quoted, is quoted as it stands.
FRONT_MATTER_TEXT = re.compile(
    r"^(title|description|keywords|slug)([ \t]*:[ \t]+)([^'\"\[{|>&*!%@`\s].*?)[ \t]*$"
)
FRONT_MATTER_FENCE = re.compile(r"^-{3,}[ \t]*$")
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


def _repair_heading(content: str) -> tuple[str, str] | None:
    match = HEADING.match(content)
    if not match:
        return None
    hashes, gap, rest = match.groups()
    ascii_hashes = "#" * len(hashes)
    if not rest.strip():
        return None
    if hashes == ascii_hashes and gap[:1] in (" ", "\t"):
        return None  # a heading already
    # A single ASCII `#` before ASCII text is more likely a hashtag than a heading.
    if hashes == "#" and not gap and rest[0].isascii():
        return None
    if hashes != ascii_hashes:
        return f"{ascii_hashes} {rest.strip()}", f"heading marked with full-width '{hashes}'"
    return f"{ascii_hashes} {rest.strip()}", f"heading without a space after '{hashes}'"


def _is_punctuation(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def _latin_line(text: str) -> bool:
    return all(char.isascii() for char in text if _is_letter(char))


def _repair_list_item(content: str) -> tuple[str, str] | None:
    match = BULLET.match(content)
    if match:
        digits, first, second = match.groups()
        number_then_word = digits and first in "-(（" and second and _is_letter(second)
        if _is_letter(first) or number_then_word:
            return f"- {content[1:]}", "list item without a space after '-'"
    match = ORDERED.match(content)
    if match and _is_letter(match.group(4)) and (match.group(3) or not _latin_line(content)):
        number, delimiter, _, _ = match.groups()
        return (
            f"{number}{delimiter} {content[match.end() :]}",
            f"list item without a space after '{number}{delimiter}'",
        )
    return None


def _repair_block_start(line: str) -> tuple[str, str] | None:
    """A heading or list item after any quote and list markers (`>###見出し`, `- ＃＃ 見出し`)."""
    prefix = CONTAINER_PREFIX.match(line)
    start = prefix.end() if prefix else 0
    content = line[start:]
    fixed = _repair_heading(content) or _repair_list_item(content)
    if not fixed:
        return None
    return line[:start] + fixed[0], fixed[1]


def _close_links(text: str, messages: list[str]) -> str:
    def close(match: re.Match[str]) -> str:
        messages.append(f"link to '{match.group(2)}' not closed with ')'; closed after the address")
        return f"{match.group(1)}{match.group(2)})"

    def enclose(match: re.Match[str]) -> str:
        opening, words, address, address_words = match.groups()
        if address_words.lower().split() != words.lower().split():
            return match.group()
        messages.append(f"link address with spaces '{address}'; written in '<…>'")
        return f"{opening}<{address}>)"

    text = SPACED_ADDRESS.sub(enclose, text)
    return UNCLOSED_LINK.sub(close, FULL_WIDTH_CLOSE.sub(close, text))


def _drop_stray_full_stops(text: str, messages: list[str]) -> str:
    def drop(match: re.Match[str]) -> str:
        messages.append("',.' after a link; the full stop dropped")
        return f"{match.group(1)},"

    return STRAY_FULL_STOP.sub(drop, text)


def _drop_mangled_comments(text: str, messages: list[str]) -> str:
    def drop(match: re.Match[str]) -> str:
        if REAL_COMMENT.fullmatch(match.group()):
            return match.group()
        messages.append(f"mangled comment '{match.group()[:24]}' dropped")
        return ""

    return MANGLED_COMMENT.sub(drop, text)


def _close_up_spaced_tags(text: str, messages: list[str]) -> str:
    found: list[str] = []

    def close_up(match: re.Match[str]) -> str:
        closing, opening, bare = match.groups()
        if opening is not None and bare and len(opening) < 2:
            return match.group()
        found.append(match.group())
        return f"</{closing}>" if closing is not None else f"<{opening}"

    text = SPACED_TAG.sub(close_up, text)
    if found:
        messages.append(f"{len(found)} tag(s) spaced out by translation ('{found[0]}') closed up")
    return text


def _strengthen_bold(text: str, messages: list[str]) -> str:
    """`**…**` that CommonMark's flanking rules refuse because of punctuation or a space after
    the opening `**`."""

    def strengthen(match: re.Match[str]) -> str:
        before = text[match.start() - 1] if match.start() else " "
        after = text[match.end()] if match.end() < len(text) else " "
        first, last = match.group(1)[0], match.group(1)[-1]
        opens = not _is_punctuation(first) or before.isspace() or _is_punctuation(before)
        closes = not _is_punctuation(last) or after.isspace() or _is_punctuation(after)
        if opens and closes:
            return match.group()
        messages.append("'**' beside punctuation is not bold in CommonMark; made bold")
        return f"<strong>{match.group(1)}</strong>"

    def close_up(match: re.Match[str]) -> str:
        messages.append("'** ' with a space inside is not bold in CommonMark; made bold")
        return f"<strong>{match.group(1)}</strong>"

    if "**" not in text:
        return text
    half_closed = HALF_CLOSED_BOLD.match(text)
    if half_closed:
        messages.append("'**' closed with one '*'; made bold")
        before, words, after = half_closed.groups()
        return f"{before}<strong>{words}</strong>{after}"
    text = _close_up_spaced_pairs(text, messages)
    text = SPACED_BOLD.sub(close_up, text)
    return BOLD.sub(strengthen, text)


def _pairs_hold_words(text: str, marks: list[int]) -> bool:
    inners = [text[start + 2 : end] for start, end in zip(marks[::2], marks[1::2], strict=True)]
    return all(
        inner.strip() and not _is_punctuation(inner[0]) and not _is_punctuation(inner[-1])
        for inner in inners
    )


def _close_up_spaced_pairs(text: str, messages: list[str]) -> str:
    """Pairs of `**` with white space before the closing one: `<strong>` round what they hold
    (an empty pair, `** **`, is dropped). `a ** b ** c` and `2 ** 3 ** 4` stay: a pair is taken
    only round a word of two letters or next to letters that are not ASCII."""
    marks = [match.start() for match in BOLD_MARK.finditer(text)]
    if len(marks) % 2 and len(marks) > 1:
        # `يتحقق **. … ** غير محققة **`: the first or the last mark pairs with none, whichever
        # leaves pairs that hold no punctuation at their edges (a paragraph's lone `**` is
        # then dropped by _drop_unpaired_bold).
        fits = [rest for rest in (marks[1:], marks[:-1]) if _pairs_hold_words(text, rest)]
        marks = fits[0] if len(fits) == 1 else marks
    if not marks or len(marks) % 2 or not text.strip(" \t*"):
        return text
    pieces, position = [], 0
    for start, end in zip(marks[::2], marks[1::2], strict=True):
        inner = text[start + 2 : end]
        beside = text[start - 1 : start] + text[end + 2 : end + 3]
        if not inner[-1:].isspace() or not (
            WORD.search(inner) or any(_is_letter(c) and not c.isascii() for c in inner + beside)
        ):
            if inner.strip():
                continue
        pieces.append(text[position:start])
        if inner.strip():
            messages.append("'** ' with a space inside is not bold in CommonMark; made bold")
            pieces.append(f"<strong>{inner.strip()}</strong>")
        else:
            messages.append("empty bold '** **' dropped")
            if text[end + 2 : end + 3].isspace() and (not pieces[-1] or pieces[-1][-1:].isspace()):
                end += 1
        position = end + 2
    return "".join([*pieces, text[position:]])


def _unescape_ampersands(text: str, messages: list[str]) -> str:
    def unescape(match: re.Match[str]) -> str:
        plain = "＆" if match.group().startswith("＆") else "&"
        messages.append(f"ampersand escaped as '{match.group()}'; written '{plain}'")
        return plain

    def decode(match: re.Match[str]) -> str:
        char = chr(int(match.group(1))) if int(match.group(1)) < 0x110000 else ""
        if not char.isprintable() or unicodedata.category(char) == "Cs":
            return match.group()
        messages.append(f"entity escaped as '{match.group()}'; written '{char}'")
        return char

    def close_up(match: re.Match[str]) -> str:
        entity = f"&{_entity_name(match.group(1) or match.group(2))};"
        messages.append(f"entity spaced out as '{match.group()}'; written '{entity}'")
        return entity

    text = SPACED_BODY_ENTITY.sub(close_up, text)
    return FULL_WIDTH_ENTITY.sub(decode, ESCAPED_AMPERSAND.sub(unescape, text))


def _decode_unicode_escapes(text: str, messages: list[str]) -> str:
    def decode(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        if not char.isprintable() or unicodedata.category(char) == "Cs":
            return match.group()
        messages.append(f"escape '{match.group()}' written as '{char}'")
        return char

    return UNICODE_ESCAPE.sub(decode, text)


INLINE_REPAIRS = (
    _close_links,
    _drop_stray_full_stops,
    _drop_mangled_comments,
    _close_up_spaced_tags,
    _strengthen_bold,
    _unescape_ampersands,
    _decode_unicode_escapes,
)


def _code_spans(line: str) -> list[tuple[int, int]]:
    """Where the code spans of a line are: a run of backticks up to the next run of the same
    length (CommonMark's rule), found in one pass so that unmatched runs cost nothing."""
    runs = list(BACKTICKS.finditer(line))
    closer: dict[int, int | None] = {}
    following: dict[int, int] = {}
    for index in reversed(range(len(runs))):
        length = len(runs[index].group())
        closer[index] = following.get(length)
        following[length] = index
    spans, index = [], 0
    while index < len(runs):
        close = closer[index]
        if close is None:
            index += 1
            continue
        spans.append((runs[index].start(), runs[close].end()))
        index = close + 1
    return spans


def _repair_inline(line: str) -> tuple[str, list[str]]:
    """Each inline repair on the text of a line outside its code spans."""
    if not any(mark in line for mark in ("](", "<", "**", "&", "\\u", "＆")):
        return line, []
    messages: list[str] = []
    pieces, position = [], 0
    for start, end in [*_code_spans(line), (len(line), len(line))]:
        text = line[position:start]
        for repair in INLINE_REPAIRS:
            text = repair(text, messages)
        pieces += [text, line[start:end]]
        position = end
    return "".join(pieces), messages


def _entity_name(spaced: str) -> str:
    name = spaced.replace(" ", "").replace("\t", "")
    return "amp" if name == "أمبير" else name


def unescape_entities(text: str) -> str:
    """Metadata is plain text: `Standard &amp;amp; Poor&amp;#39;s` there means `Standard & Poor's`
    (escaped twice on the way), `Standard＆amp;` means `Standard＆`."""
    text = FULL_WIDTH_AMPERSAND.sub("＆", text)
    text = TRANSLATED_AMPERSAND.sub("&amp;", text)
    text = FULL_WIDTH_ENTITY.sub(lambda match: f"&#{match.group(1)};", text)
    text = SPACED_ENTITY.sub(lambda match: f"&{_entity_name(match.group(1))};", text)
    for _ in range(3):  # escaped more than once
        if not ENTITY.search(text):
            break
        text = html.unescape(text)
    return text


def quote_front_matter_values(text: str) -> tuple[str, list[Repair]]:
    """Quote the one-line title, description, keywords or slug of a `---` block whose plain value
    YAML would misread (`: ` inside, or ` #`); each quoted value is reported by its line."""
    lines = text.split("\n")
    if not lines or not FRONT_MATTER_FENCE.match(lines[0]):
        return text, []
    repairs: list[Repair] = []
    for index in range(1, len(lines) - 1):
        if FRONT_MATTER_FENCE.match(lines[index]):
            break
        match = FRONT_MATTER_TEXT.match(lines[index])
        if not match or lines[index + 1][:1] in (" ", "\t"):
            continue
        key, colon, value = match.groups()
        mark = next((mark for mark in (": ", " #") if mark in value), None)
        if mark is None and not value.endswith(":"):
            continue
        quoted = value.replace("'", "''")
        lines[index] = f"{key}{colon}'{quoted}'"
        message = f"front matter '{key}': '{mark or ':'}' in a plain value; quoted"
        repairs.append(Repair(index + 1, message))
    return "\n".join(lines), repairs


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
    """Fix headings, list items, links and comments CommonMark would misread; report each fix."""
    repairs: list[Repair] = []
    out: list[str] = []
    fence: str | None = None
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
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
        if PLACEHOLDER_HEADING.fullmatch(line):
            repairs.append(Repair(number, "placeholder heading 'TTT' dropped"))
            out.append("")
            continue
        fixed = (
            _repair_block_start(line)
            or _dash_item(line, out, lines, number)
            or _number_in_a_list(line, out, lines[number : number + 2])
            or _hyphen_item(line, out, lines[number : number + 2])
        )
        if fixed:
            line, message = fixed
            repairs.append(Repair(number, message))
        line, messages = _repair_inline(line)
        repairs += [Repair(number, message) for message in messages]
        if not "".join(lines[max(0, number - 2) : number - 1] + lines[number : number + 1]).strip():
            line, dropped = _drop_unpaired_bold(line)
            repairs += [Repair(number, dropped)] if dropped else []
        out.append(line)
        if TABLE_END.match(line) and number < len(lines) and lines[number].strip():
            repairs.append(Repair(number, "no empty line after '</table>'; one added"))
            out.append("")
    return "\n".join(out), repairs


def _number_in_a_list(line: str, above: list[str], below: list[str]) -> tuple[str, str] | None:
    """`1.Word`, `1。Word` or `1 Word` among ordered items: see ORDERED_ITEM."""
    match = LIST_NUMBER.match(line)
    if not match:
        return None
    item_above = len(above) >= 2 and not above[-1].strip() and ORDERED_ITEM.match(above[-2])
    item_below = len(below) >= 2 and not below[0].strip() and ORDERED_ITEM.match(below[1])
    neighbour = item_above or item_below
    number, delimiter = match.groups()
    rest = line[match.end() :]
    if delimiter in (".", ")") and neighbour:
        message = f"list item without a space after '{number}{delimiter}'"
        return f"{number}{delimiter} {rest}", message
    if delimiter == "。" and neighbour:
        mark = neighbour.group(1)
        return f"{number}{mark} {rest}", f"list item marked '{number}。'; written '{number}{mark}'"
    if not delimiter and item_above and item_below:
        mark = item_above.group(1)
        return f"{number}{mark} {rest}", (
            f"list item '{number}' without '{mark}' among ordered items; '{mark}' added"
        )
    return None


def _hyphen_item(line: str, above: list[str], below: list[str]) -> tuple[str, str] | None:
    """`-[…`, `-= …` as a list item: see HYPHEN_ITEM."""
    if not HYPHEN_ITEM.match(line):
        return None
    item_above = len(above) >= 2 and not above[-1].strip() and above[-2].startswith("- ")
    next_is_item = len(below) >= 2 and not below[0].strip() and bool(HYPHEN_ITEM.match(below[1]))
    if not (item_above or next_is_item):
        return None
    return f"- {line[1:]}", "list item without a space after '-'"


def _dash_item(line: str, above: list[str], lines: list[str], at: int) -> tuple[str, str] | None:
    """`– item` among `- ` items, or in a run of such lines below a line ending with `:`; each
    one empty line apart (`lines[at]` is the line after it). See DASH_ITEM."""
    match = DASH_ITEM.match(line)
    if not match or (above and above[-1].strip()):
        return None
    below = lines[at : at + 2 * MAX_DASH_ITEMS]
    previous = above[-2] if len(above) >= 2 else ""
    following = [below[at] for at in range(1, len(below), 2) if not below[at - 1].strip()]
    run = list(itertools.takewhile(lambda next_line: DASH_ITEM.match(next_line), following))
    item_below = len(following) > len(run) and following[len(run)].startswith("- ")
    opens_a_run = bool(run) and (
        previous.rstrip().endswith((":", "：")) or bool(HEADING.match(previous))
    )
    if not (previous.startswith("- ") or item_below or opens_a_run):
        return None
    return f"- {line[match.end() :]}", f"list item marked with '{line[0]}'; written '-'"


def _drop_unpaired_bold(line: str) -> tuple[str, str | None]:
    """`세금이 **되지 않기 때문에`: one `**` in a paragraph of one line, beside a word or a
    punctuation mark, shows as it is; it is dropped. (`x ** 2`, `2**3` and code stay.)"""
    spans = _code_spans(line)
    outside = [
        match.start()
        for match in BOLD_MARK.finditer(line)
        if not any(start <= match.start() < end for start, end in spans)
    ]
    if len(outside) != 1 or line.count("*") - sum(line.count("*", a, b) for a, b in spans) != 2:
        return line, None
    at = outside[0]
    before, after = line[at - 1 : at] or " ", line[at + 2 : at + 3] or " "
    if before.isspace() == after.isspace() and not any(map(_is_punctuation, before + after)):
        return line, None  # `x ** 2`, `2**3`: an operator, not a mark
    return line[:at] + line[at + 2 :], "unpaired '**' dropped"
