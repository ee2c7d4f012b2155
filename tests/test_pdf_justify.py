"""The inter-character justification hook, and the pin that guards it."""

from __future__ import annotations

import hashlib
import importlib
import inspect

import pytest
import weasyprint

from convert import typeset
from convert.errors import ConvertError
from convert.typeset import justify
from convert.typeset.justify import expandable_gaps

# The WeasyPrint 70.0 code that convert/typeset/justify.py and convert/typeset/footnotes.py rely
# on: how a line is justified and drawn, how footnote calls are built and notes are moved.
# When a test below fails, WeasyPrint changed: read the new code, check the hook and the
# footnote relayout against it, run tests/test_pdf_typesetting.py, then update the hashes.
PINNED_SOURCES = {
    "layout.inline:text_align": "e953d41b87ccfc30",
    "layout.inline:add_word_spacing": "879516e71f1b80fa",
    "text.line_break:Layout.__init__": "c17d3975d808536e",
    "text.line_break:Layout.set_text": "fe23ca9937dbf520",
    "text.line_break:Layout.reactivate": "0b89ee097104b713",
    "text.line_break:Layout.deactivate": "bfec3ec8406e1c82",
    "draw.text:draw_text": "ebaf96239c6ca363",
    "layout.block:_linebox_layout": "e07bbe000974787e",
    "formatting_structure.build:element_to_box": "2d0a37e45b7f3e0c",
}


def _source_hash(name: str) -> str:
    module_name, attribute = name.split(":")
    target: object = importlib.import_module(f"weasyprint.{module_name}")
    for part in attribute.split("."):
        target = getattr(target, part)
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


def test_install_replaces_weasyprints_justify_line() -> None:
    from weasyprint.layout import inline

    justify.install()
    assert inline.justify_line is justify.justify_line


def test_install_refuses_another_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pytest.raises(ConvertError, match="WeasyPrint 70.0"):
        justify.install()


@pytest.mark.parametrize(
    ("text", "gaps"),
    [
        ("", 0),
        ("abc", 0),  # Latin words are never letter-spaced
        ("株", 0),  # one character alone: both halves fall at the ends
        ("株式", 1),
        ("株式市場。", 4),
        ("株式 market", 2.5),  # 株|式 and 式|space in full, half between the space and `m`
        ("ETF株式", 1.5),
        ("a株b", 1),
    ],
)
def test_expandable_gaps_counts_the_halves_pango_draws(text: str, gaps: float) -> None:
    assert expandable_gaps(text) == gaps
