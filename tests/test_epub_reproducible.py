"""The same input gives the same EPUB bytes: no clock, fixed zip entries, a stable identifier."""

from __future__ import annotations

import datetime
import os
import shutil
import zipfile
from pathlib import Path

import pytest
from conftest import run_convert
from epub_checks import EN_FIXTURE, NS, xml_entry

EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z
FILE_TIME = 1_600_000_000  # 2020-09-13T12:26:40Z


def _build(source: Path, out: Path) -> Path:
    result = run_convert("build", str(source), "--format", "epub", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / "epub" / f"{source.stem}.epub"


def _copy_article(folder: Path, *, mtime: int) -> Path:
    shutil.copytree(EN_FIXTURE.parent, folder)
    source = folder / EN_FIXTURE.name
    os.utime(source, (mtime, mtime))
    return source


def _zip_time(epoch: int) -> tuple[int, ...]:
    return datetime.datetime.fromtimestamp(epoch, tz=datetime.UTC).timetuple()[:6]


def test_two_builds_from_different_copies_are_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    first = _build(_copy_article(tmp_path / "a" / "en", mtime=FILE_TIME), tmp_path / "out-a")
    second = _build(_copy_article(tmp_path / "b" / "en", mtime=FILE_TIME + 999), tmp_path / "out-b")
    assert first.read_bytes() == second.read_bytes()

    with zipfile.ZipFile(first) as book:
        entries = book.infolist()
    assert entries[0].filename == "mimetype"
    assert entries[0].compress_type == zipfile.ZIP_STORED
    assert entries[0].extra == b""
    assert first.read_bytes()[30:38] == b"mimetype"  # the name right after the first header
    assert {entry.date_time for entry in entries} == {_zip_time(EPOCH)}
    modified = xml_entry(first, "content.opf").xpath(
        "//opf:meta[@property='dcterms:modified']/text()", namespaces=NS
    )
    assert modified == ["2023-11-14T22:13:20Z"]


def test_without_source_date_epoch_the_source_file_time_is_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first = _build(_copy_article(tmp_path / "src" / "en", mtime=FILE_TIME), tmp_path / "out-a")
    second = _build(tmp_path / "src" / "en" / EN_FIXTURE.name, tmp_path / "out-b")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as book:
        assert {entry.date_time for entry in book.infolist()} == {_zip_time(FILE_TIME)}
    modified = xml_entry(first, "content.opf").xpath(
        "//opf:meta[@property='dcterms:modified']/text()", namespaces=NS
    )
    assert modified == ["2020-09-13T12:26:40Z"]


def test_the_identifier_survives_an_edit_of_the_text(tmp_path: Path) -> None:
    source = _copy_article(tmp_path / "src" / "en", mtime=FILE_TIME)
    before = xml_entry(_build(source, tmp_path / "out-a"), "content.opf")
    source.write_text(source.read_text("utf-8") + "\nOne more sentence.\n", encoding="utf-8")
    after = xml_entry(_build(source, tmp_path / "out-b"), "content.opf")
    identifier = "//dc:identifier/text()"
    assert before.xpath(identifier, namespaces=NS) == after.xpath(identifier, namespaces=NS)
