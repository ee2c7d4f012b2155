"""The footnote layout hooks (convert/typeset/footnote_area.py, convert/typeset/footnotes.py): the
pins that guard them, and the same pages as WeasyPrint's own footnote layout."""

from __future__ import annotations

import hashlib
import importlib
import inspect
import io
import sys
from collections.abc import Callable
from pathlib import Path, PurePosixPath

import pytest
import weasyprint
from conftest import ROOT
from pypdf import PdfReader

from convert.collection import Collection, Source
from convert.config import Config
from convert.errors import ConvertError
from convert.pipeline import convert_source
from convert.typeset import footnote_area, footnotes
from convert.typeset.footnote_area import NoteList

sys.path.insert(0, str(ROOT / "bench"))
from big_article import big_article  # noqa: E402

# The WeasyPrint 70.0 code the hooks rely on: how notes are placed, taken back and moved on, how
# the footnote area is measured, and how pages are made and made again. When a test below fails,
# WeasyPrint changed: read the new code, check both hooks against it, run this file and
# tests/test_pdf_typesetting.py, then update the hashes.
PINNED_SOURCES = {
    "layout:LayoutContext.__init__": "f687f507fee8883e",
    "layout:LayoutContext.layout_footnote": "5075f64aaae4a32d",
    "layout:LayoutContext.unlayout_footnote": "c7c223cf4a0fda54",
    "layout:LayoutContext.report_footnote": "f05bad3895c6824c",
    "layout:LayoutContext._update_footnote_area": "2e317e4b066fb80c",
    "layout:layout_document": "a5cbf437e99caf72",
    "layout.page:make_page": "656f183328e8b1b5",
    "layout.page:remake_page": "1ff09b2dffa17839",
    "layout.page:make_all_pages": "b5e4034894841caa",
    "layout.block:_linebox_layout": "e07bbe000974787e",
    "layout.block:block_container_layout": "65842ca53a8391eb",
    "layout.block:remove_placeholders": "ce16d97a1caacea0",
    "formatting_structure.build:element_to_box": "2d0a37e45b7f3e0c",
    "document:Document._render": "ebaceeb0fa8e79aa",
}
# Once the hooks are installed these names hold them: hash what they replaced.
REPLACED: dict[str, Callable[..., object]] = {
    "layout:LayoutContext.__init__": footnote_area._original_init,
    "layout:LayoutContext._update_footnote_area": footnote_area._original_update_footnote_area,
    "layout.page:remake_page": footnotes._original_remake_page,
}


def _source_hash(name: str) -> str:
    target: object = REPLACED.get(name)
    if target is None:
        module_name, attribute = name.split(":")
        target = importlib.import_module(f"weasyprint.{module_name}")
        for part in attribute.split("."):
            target = getattr(target, part)
    return hashlib.sha256(inspect.getsource(target).encode()).hexdigest()[:16]  # type: ignore[arg-type]


@pytest.mark.parametrize("name", PINNED_SOURCES)
def test_weasyprint_code_the_footnote_hooks_rely_on_is_unchanged(name: str) -> None:
    assert _source_hash(name) == PINNED_SOURCES[name], (
        f"WeasyPrint's {name} changed: re-check convert/typeset/footnote_area.py and footnotes.py"
    )


@pytest.mark.parametrize("hooks", [footnote_area, footnotes])
def test_install_refuses_another_weasyprint(hooks: object, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pytest.raises(ConvertError, match="WeasyPrint 70.0"):
        hooks.install()  # type: ignore[attr-defined]


def test_note_list_finds_its_members_by_identity() -> None:
    first, second = object(), object()
    notes = NoteList([first])
    notes.append(second)
    notes.remove(first)
    copy = notes.copy()
    assert second in notes and first not in notes and None not in notes
    assert isinstance(copy, NoteList) and list(copy) == [second] and second in copy
    with pytest.raises(NotImplementedError):
        notes.extend([first])


def _pdf_pages(source: Path, out: Path) -> list[str]:
    """The article as a PDF, each page's text."""
    entry = Source(source, PurePosixPath(source.stem))
    config = Config(out=out, formats=("pdf",))
    outcome = convert_source(
        entry, collection=Collection.from_sources([entry]), config=config, display=source.name
    )
    assert not outcome.failed, outcome.errors
    return [page.extract_text() for page in PdfReader(io.BytesIO(outcome.outputs["pdf"])).pages]


def test_pages_are_those_of_weasyprints_own_footnote_layout(tmp_path: Path) -> None:
    """A dense article (300 notes, about a dozen pages of 25 notes): the same text on every page
    whether the footnote area is measured note by note or laid out whole by WeasyPrint."""
    import convert.writers.pdf  # noqa: F401  (installs the hooks)

    source = tmp_path / "dense.md"
    source.write_text(big_article(lang="ja", size=26_000, sections=15, links=300), "utf-8")
    hooked = _pdf_pages(source, tmp_path / "hooked")
    footnote_area.uninstall()
    try:
        weasyprints = _pdf_pages(source, tmp_path / "weasyprint")
    finally:
        footnote_area.install()
    assert len(hooked) >= 10
    assert hooked == weasyprints
