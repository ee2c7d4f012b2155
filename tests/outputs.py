"""Readers for real outputs, shared by the end-to-end tests."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

from lxml import etree, html

XHTML = {"x": "http://www.w3.org/1999/xhtml", "epub": "http://www.idpf.org/2007/ops"}
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
W = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def pdf_fonts(path: Path) -> list[str]:
    """Font names from pdffonts; a subset embedded has a tag prefix (`ABCDEF+Noto-Serif-CJK-KR`)."""
    lines = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    return [line.split()[0] for line in lines if line.strip()]


FOOTNOTE_LINE = re.compile(r"^\d+\. ")


def pdf_body_lines(text: str) -> list[str]:
    """The page text without footnote lines (`1. …`)."""
    return [line for line in text.splitlines() if not FOOTNOTE_LINE.match(line)]


def epub_document(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as book:
        return etree.fromstring(book.read(f"EPUB/{name}"))


def epub_opf(path: Path) -> etree._Element:
    return epub_document(path, "content.opf")


def docx_part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as docx:
        return etree.fromstring(docx.read(name))


def visible_text(element: etree._Element) -> str:
    return "".join(element.itertext())


def html_text(markup: str) -> str:
    return html.fromstring(markup).text_content()
