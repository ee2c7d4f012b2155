"""Measures of a typeset PDF, from the word boxes pdftotext finds on each page (in pt, y down)."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

XHTML = {"x": "http://www.w3.org/1999/xhtml"}
MM = 72 / 25.4

# Glyph-box heights pdftotext reports: 10.5 pt body text is about 15.2 pt high, 13 pt headings
# 18.8, 8 pt footnotes and page furniture 11.6, 9 pt table text 13.0, footnote calls about 7.5.
BODY_HEIGHT = (14.0, 16.0)
NOTE_HEIGHT = (11.0, 12.0)
CALL_HEIGHT = (6.0, 9.0)
TABLE_HEIGHT = (12.5, 13.5)
HEADING_HEIGHT = (16.3, 20.0)  # h2 (13 pt) and h3 (11.5 pt)
BODY_LINE_PITCH = 10.5 * 1.75  # print.css: font-size and line-height of html

HANGUL = re.compile(r"[\uac00-\ud7af]")
HYPHENS = ("-", "\u2010")  # what a line ends with where a word was hyphenated
# Kinsoku shori: what may not start a line, and what may not end one.
NO_LINE_START = set(
    "、。，．」』）】〕！？・：；"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶー"
    "，。、；：！？”）》"
)
NO_LINE_END = set("「『（【〔“《")
# Full-width marks whose ink lies in the left half of their square.
CLOSING_MARKS = set("」』）］｝〕】〉》、。，．")
BODY_EM = 10.5


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float

    @property
    def height(self) -> float:
        return self.y_max - self.y_min


@dataclass(frozen=True)
class Line:
    words: tuple[Word, ...]
    page: int

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def text_without_calls(self) -> str:
        return " ".join(word.text for word in self.words if not is_call(word))

    @property
    def x_max(self) -> float:
        return max(word.x_max for word in self.words)

    @property
    def y_max(self) -> float:
        return max(word.y_max for word in self.words)

    @property
    def height(self) -> float:
        return max(word.height for word in self.words)

    def is_sized(self, bounds: tuple[float, float]) -> bool:
        return bounds[0] <= self.height <= bounds[1]


@dataclass(frozen=True)
class Page:
    number: int
    width: float
    height: float
    lines: tuple[Line, ...]

    @property
    def words(self) -> list[Word]:
        return [word for line in self.lines for word in line.words]


def is_call(word: Word) -> bool:
    return CALL_HEIGHT[0] <= word.height <= CALL_HEIGHT[1] and word.text.isdigit()


def _float(element: etree._Element, name: str) -> float:
    return float(element.get(name))


def _lines(words: list[Word], page: int) -> tuple[Line, ...]:
    """Words grouped into lines: a word whose vertical middle lies within the box of the line
    being built joins it (so a raised footnote call stays with its line)."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda w: (w.y_max, w.x_min)):
        middle = (word.y_min + word.y_max) / 2
        for line in lines:
            top, bottom = min(w.y_min for w in line), max(w.y_max for w in line)
            if top <= middle <= bottom:
                line.append(word)
                break
        else:
            lines.append([word])
    ordered = [tuple(sorted(line, key=lambda w: w.x_min)) for line in lines]
    ordered.sort(key=lambda line: max(w.y_max for w in line))
    return tuple(Line(line, page) for line in ordered)


def read_pages(path: Path) -> list[Page]:
    xml = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    ).stdout
    root = etree.fromstring(xml, parser=etree.XMLParser(huge_tree=True))
    pages = []
    for number, page in enumerate(root.iterfind(".//x:page", XHTML), start=1):
        words = [
            Word(
                word.text or "",
                _float(word, "xMin"),
                _float(word, "yMin"),
                _float(word, "xMax"),
                _float(word, "yMax"),
            )
            for word in page.iterfind("x:word", XHTML)
        ]
        pages.append(
            Page(number, _float(page, "width"), _float(page, "height"), _lines(words, number))
        )
    return pages


def body_lines(pages: list[Page]) -> list[Line]:
    """Lines of 10.5 pt text, in reading order over all pages."""
    return [line for page in pages for line in page.lines if line.is_sized(BODY_HEIGHT)]


def note_lines(pages: list[Page]) -> list[Line]:
    """Lines of the footnote areas (8 pt, below the body), in order."""
    return [line for page in pages for line in page.lines if _is_note_line(page, line)]


def _is_note_line(page: Page, line: Line) -> bool:
    top = line.words[0].y_min
    return line.is_sized(NOTE_HEIGHT) and page.height * 0.3 < top < page.height - 15 * MM


def _squeezed(text: str) -> str:
    return re.sub(r"\s+|\u2060", "", text)


def _same_paragraph(line: Line, following: Line, paragraphs: list[str]) -> bool:
    """Whether `following` goes on with the paragraph of `line`: the end of one and the start of
    the other run on in the source."""
    if following.page == line.page and following.y_max - line.y_max > BODY_LINE_PITCH + 1:
        return False
    end, start = _squeezed(line.text_without_calls), _squeezed(following.text_without_calls)
    joints = {end[-6:] + start[:6]}
    if end.endswith(HYPHENS):  # a word hyphenated at the line's end
        joints.add(end[:-1][-6:] + start[:6])
    return any(joint in paragraph for joint in joints for paragraph in paragraphs)


def _paragraphs(source: str) -> list[str]:
    return [_squeezed(paragraph) for paragraph in source.splitlines()]


def lines_inside_paragraphs(lines: list[Line], source: str) -> list[Line]:
    """The lines followed by a line of the same paragraph. `source`: the article as plain text,
    one paragraph per line."""
    paragraphs = _paragraphs(source)
    return [
        line
        for line, following in zip(lines, lines[1:], strict=False)
        if _same_paragraph(line, following, paragraphs)
    ]


def widows_and_orphans(lines: list[Line], source: str) -> list[str]:
    """Paragraphs split by a page break that leave one line alone: their first line at the foot
    of a page (orphan) or their last at the head of the next (widow)."""
    paragraphs = _paragraphs(source)
    found = []
    for index in range(len(lines) - 1):
        line, following = lines[index], lines[index + 1]
        if line.page == following.page or not _same_paragraph(line, following, paragraphs):
            continue
        first = index == 0 or not _same_paragraph(lines[index - 1], line, paragraphs)
        last = index + 2 == len(lines) or not _same_paragraph(
            following, lines[index + 2], paragraphs
        )
        if first:
            found.append(f"orphan on page {line.page}: {line.text}")
        if last:
            found.append(f"widow on page {following.page}: {following.text}")
    return found


def ends_with_heading(page: Page, *, top_margin: float) -> bool:
    """Whether the last line of the page's text (above its notes) is a heading."""
    text = [
        line
        for line in page.lines
        if line.words[0].y_min > top_margin
        and not _is_note_line(page, line)
        and not line.is_sized(NOTE_HEIGHT)
        and not line.is_sized(CALL_HEIGHT)
    ]
    return bool(text) and HEADING_HEIGHT[0] <= text[-1].height <= HEADING_HEIGHT[1]


def broken_hangul_words(lines: list[Line], source: str) -> list[str]:
    """Line ends that split a word: a line ending in a Hangul syllable, the next starting with
    one, where the source has no space between the two. `source` is the article's plain text."""
    text = " ".join(source.replace("\u2060", "").split())
    broken = []
    for line, following in zip(lines, lines[1:], strict=False):
        end, start = line.words[-1].text, following.words[0].text
        if not (HANGUL.match(end[-1]) and HANGUL.match(start[0])):
            continue
        if f"{end} {start}" in text:
            continue
        broken.append(f"{end} / {start}" if f"{end}{start}" in text else f"{end} / {start} (?)")
    return broken


def is_flush_right(
    line: Line, right: float, *, em: float = BODY_EM, tolerance: float = 1.0
) -> bool:
    """Whether the line ends at `right`: the square of its last glyph does, or the ink of a
    closing mark that ends it without its blank half (squeezed for the opening mark that starts
    the next line, JLREQ's line-end adjustment), since pdftotext reports the whole square."""
    overshoot = line.x_max - right
    if abs(overshoot) <= tolerance:
        return True
    return line.text[-1] in CLOSING_MARKS and abs(overshoot - em / 2) <= tolerance


def kinsoku_violations(lines: list[Line]) -> list[str]:
    found = []
    for line in lines:
        text = line.text.replace(" ", "")
        if text[0] in NO_LINE_START:
            found.append(f"starts with {text[0]}: {text[:12]}")
        if text[-1] in NO_LINE_END:
            found.append(f"ends with {text[-1]}: {text[-12:]}")
    return found


def footnote_numbers(page: Page) -> tuple[list[int], list[int]]:
    """The numbers of the footnote calls in the page's text, and of its notes, in order."""
    calls = [
        int(word.text)
        for line in page.lines
        for word in line.words
        if CALL_HEIGHT[0] <= word.height <= CALL_HEIGHT[1] and word.text.isdigit()
    ]
    notes = [
        int(match.group(1))
        for line in page.lines
        if _is_note_line(page, line) and (match := re.match(r"(\d+)\.$", line.words[0].text))
    ]
    return calls, notes


def running_head(page: Page, *, top_margin: float) -> str:
    return " ".join(w.text for line in page.lines for w in line.words if w.y_max < top_margin)


def page_foot(page: Page, *, bottom_margin: float) -> str:
    limit = page.height - bottom_margin
    return " ".join(w.text for line in page.lines for w in line.words if w.y_min > limit)
