"""A book reads its articles by the project's rules, as `convert all` does: the settings' size
limit and language folders."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import run_convert
from epub_checks import epubcheck_messages
from lxml import etree
from pypdf import PdfReader


def test_a_book_keeps_the_settings_size_limit_and_language_folders(
    write_article, tmp_path: Path
) -> None:
    (tmp_path / "convert.toml").write_text(
        'max_article_bytes = 2000\nfolder_languages = { Persian = "fa" }\n'
    )
    write_article("Persian/small.md", "---\ntitle: کوچک\n---\n\nمتن کوتاه\n")
    write_article("Persian/big.md", "---\ntitle: بزرگ\n---\n\n" + "متن بلند " * 300 + "\n")
    result = run_convert("book", "Persian", "--format", "epub", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert any(
        line.startswith("Persian/big.md: too large") for line in result.stderr.splitlines()
    ), result.stderr
    with zipfile.ZipFile(tmp_path / "dist" / "books" / "Persian.epub") as book:
        opf = etree.fromstring(book.read("EPUB/content.opf"))
        text = b"".join(book.read(name) for name in book.namelist() if name.endswith(".xhtml"))
    language = opf.findtext(".//{http://purl.org/dc/elements/1.1/}language")
    assert language == "fa"
    assert "متن کوتاه".encode() in text and "متن بلند".encode() not in text


# Two articles a language: the first links to the second, which is long enough to start on a later
# page; each book must print the language's own words around the cross-reference.
BOOKS = {
    "English": ("en", "Bond", "Stock", "(→ Stock, p. {page})", "Index"),
    "Russian": ("ru", "Облигация", "Акция", "(→ Акция, с. {page})", "Предметный указатель"),
    "Hindi": ("hi", "बॉन्ड", "शेयर", "(→ शेयर, पृ. {page})", "अनुक्रमणिका"),
    "Arabic": ("ar", "سند", "سهم", "(انظر سهم، ص {page})", "فهرس المصطلحات"),
}
FILLER = {
    "en": "A share of a company's capital.",
    "ru": "Доля в капитале компании.",
    "hi": "किसी कंपनी की पूंजी का हिस्सा।",
    "ar": "حصة في رأس مال شركة.",
}


def _write_book(folder: Path, lang: str, first: str, second: str) -> None:
    folder.mkdir(parents=True)
    (folder / "a.md").write_text(
        f"---\ntitle: {first}\nkeywords: [{first}]\n---\n\n{FILLER[lang]} [{second}](/b)\n",
        "utf-8",
    )
    body = "\n\n".join([FILLER[lang] * 12] * 30)
    (folder / "b.md").write_text(
        f"---\ntitle: {second}\nkeywords: [{second}]\n---\n\n{body}\n", "utf-8"
    )


@pytest.mark.parametrize("folder", sorted(BOOKS))
def test_a_book_prints_its_own_languages_words(folder: str, tmp_path: Path) -> None:
    lang, first, second, reference, index = BOOKS[folder]
    _write_book(tmp_path / folder, lang, first, second)
    result = run_convert("book", folder, "--format", "all", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "1 cross-references" in result.stderr
    books = tmp_path / "dist" / "books"

    reader = PdfReader(books / f"{folder}.pdf")
    [(_, landed)] = [
        (item.title, reader.get_destination_page_number(item) + 1)
        for item in _articles(reader.outline)
        if item.title == second
    ]
    text = _squeezed(
        subprocess.run(
            ["pdftotext", "-raw", str(books / f"{folder}.pdf"), "-"],
            capture_output=True, text=True, check=True,
        ).stdout
    )  # fmt: skip
    assert _printed(reference.format(page=landed), text, right_to_left=lang == "ar")
    assert _printed(index, text, right_to_left=lang == "ar")

    assert epubcheck_messages(books / f"{folder}.epub") == []
    with zipfile.ZipFile(books / f"{folder}.epub") as epub:
        nav = epub.read("EPUB/nav.xhtml").decode()
    assert index in nav

    with zipfile.ZipFile(books / f"{folder}.docx") as docx:
        document = docx.read("word/document.xml").decode()
    words = reference.split("{page}")[0]
    assert words.strip() in re.sub(r"<[^>]+>", "", document)
    assert index in document
    marked = _right_to_left_marks(document.encode())
    assert marked == ({True} if lang == "ar" else {False}), marked


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _right_to_left_marks(document_xml: bytes) -> set[bool]:
    """For each paragraph with text and each run of text: is it marked right to left?"""
    root = etree.fromstring(document_xml)
    paragraphs = [p for p in root.iter(f"{W}p") if p.find(f".//{W}t") is not None]
    runs = [r for r in root.iter(f"{W}r") if r.find(f"{W}t") is not None]
    assert paragraphs and runs
    return {p.find(f"{W}pPr/{W}bidi") is not None for p in paragraphs} | {
        r.find(f"{W}rPr/{W}rtl") is not None for r in runs
    }


def _squeezed(text: str) -> str:
    """Without spaces, word joiners and the bidi controls pdftotext puts around Arabic runs."""
    return re.sub(r"[\s\u2060\u202a-\u202e\u2066-\u2069]", "", text)


def _printed(words: str, text: str, *, right_to_left: bool) -> bool:
    if right_to_left:  # pdftotext gives the runs of mixed right-to-left text out of order
        return all(_squeezed(word) in text for word in re.findall(r"[^\s()]+", words))
    return _squeezed(words) in text


def _articles(outline: list) -> list:
    """The outline's entries at every level."""
    found = []
    for item in outline:
        found.extend(_articles(item) if isinstance(item, list) else [item])
    return found
