"""The inter-character justification and punctuation hooks, and the pin that guards them."""

from __future__ import annotations

import hashlib
import importlib
import inspect

import pytest
import weasyprint

from convert import typeset
from convert.errors import ConvertError
from convert.typeset import justify, punctuation
from convert.typeset.justify import widened_gaps
from convert.typeset.punctuation import squeezed_marks

# The WeasyPrint 70.0 code that convert/typeset/justify.py and convert/typeset/footnotes.py rely
# on: how a line is broken (and hyphenated), justified and drawn, how each layout gets its text,
# how footnote calls are built and notes are moved.
# When a test below fails, WeasyPrint changed: read the new code, check the hook and the
# footnote relayout against it, run tests/test_pdf_typesetting.py, then update the hashes.
PINNED_SOURCES = {
    "layout.inline:text_align": "e953d41b87ccfc30",
    "layout.inline:add_word_spacing": "879516e71f1b80fa",
    "text.line_break:Layout.__init__": "c17d3975d808536e",
    "text.line_break:Layout.set_text": "fe23ca9937dbf520",
    "text.line_break:Layout.setup": "fb227a55094f41d4",
    "text.line_break:split_first_line": "39ad1016863ca34d",
    "layout.inline:split_text_box": "8c564329599ef23f",
    "text.line_break:Layout.reactivate": "0b89ee097104b713",
    "text.line_break:Layout.deactivate": "bfec3ec8406e1c82",
    "draw.text:draw_text": "ebaf96239c6ca363",
    "draw.text:draw_first_line": "1bb8eae6d88e71b1",
    "layout.block:_linebox_layout": "e07bbe000974787e",
    "formatting_structure.build:element_to_box": "2d0a37e45b7f3e0c",
}


# Replaced by the hooks once installed: their source is WeasyPrint's own, kept by the hook.
HOOKED = {"text.line_break:Layout.set_text": punctuation._original_set_text}


def _source_hash(name: str) -> str:
    module_name, attribute = name.split(":")
    target: object = importlib.import_module(f"weasyprint.{module_name}")
    for part in attribute.split("."):
        target = getattr(target, part)
    target = HOOKED.get(name, target)
    return hashlib.sha256(inspect.getsource(target).encode()).hexdigest()[:16]  # type: ignore[arg-type]


def test_weasyprint_is_the_pinned_version() -> None:
    assert weasyprint.__version__ == typeset.PINNED_WEASYPRINT


@pytest.mark.parametrize("name", PINNED_SOURCES)
def test_hooked_weasyprint_code_is_unchanged(name: str) -> None:
    assert _source_hash(name) == PINNED_SOURCES[name], (
        f"WeasyPrint's {name} changed: re-check convert/typeset against it"
    )


def test_original_justify_line_is_unchanged() -> None:
    source = inspect.getsource(justify._original_justify_line)
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == "f83b21ff8793ba6b"


def test_install_replaces_weasyprints_justify_line_and_set_text() -> None:
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    justify.install()
    assert inline.justify_line is justify.justify_line
    assert line_break.Layout.set_text is punctuation.set_text
    assert inline.split_first_line is punctuation.split_first_line
    assert line_break.pyphen.language_fallback("ja") == "en_US"
    assert line_break.pyphen.language_fallback("de") == "de"


def test_install_refuses_another_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pytest.raises(ConvertError, match="WeasyPrint 70.0"):
        justify.install()


@pytest.mark.parametrize(
    ("text", "gaps"),
    [
        ("", []),
        ("abc", []),  # Latin words are never letter-spaced
        ("株", []),
        ("株式", [0]),
        ("株式市場。", [0, 1, 2, 3]),
        ("株式 market", [0, 2]),  # 株|式, and the space once, after it
        ("ETF株式", [2, 3]),
        ("a株b", [0, 1]),
        ("「株」、", [0, 1]),  # no spacing between the two squeezed marks
        ("損失――この", [0, 1, 3, 4]),  # nor inside the dash
        ("株\u2060式", [0]),  # a word joiner takes no gap of its own
    ],
)
def test_widened_gaps_are_around_cjk_characters(text: str, gaps: list[int]) -> None:
    assert widened_gaps(text) == gaps


@pytest.mark.parametrize(
    ("text", "marks"),
    [
        ("株式", []),
        ("「株」", []),
        ("（空売り）」の", [4]),  # closing before closing: the first gives up its half
        ("）、", [0]),
        ("。「", [0]),  # closing before opening: half an em stays between them
        ("（「株", [1]),  # opening after opening: the second gives up its half
        ("・「", [1]),
        ("」・", [0]),
        ("」\u2060、", [0]),
        ("、、、", [0, 1]),
        ("？」", []),  # a question mark is full width in Japanese: no blank half
    ],
)
def test_squeezed_marks_follow_jlreq(text: str, marks: list[int]) -> None:
    assert squeezed_marks(text) == marks
