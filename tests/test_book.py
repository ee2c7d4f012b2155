"""Books: one volume of many articles, built from a generated linked collection (bench/corpus.py)
in every format, and checked on the outputs: order and sections against ICU (and gojūon), ids,
printed page references against the pages the headings land on, epubcheck, DOCX bookmarks."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import icu
import pikepdf
import pymupdf
import pytest
from conftest import ROOT, SEEDS, run_convert
from epub_checks import epubcheck_messages
from fontTools.ttLib import TTFont
from lxml import etree
from PIL import Image
from pypdf import PdfReader

sys.path.insert(0, str(ROOT / "bench"))
from corpus import write_corpus  # noqa: E402

from convert.book.ids import BOOKMARK_LIMIT  # noqa: E402
from convert.book.readings import derive_reading  # noqa: E402

# 30 Japanese, 30 Korean; CONVERT_BOOK_ARTICLES=1000 runs the same checks on books of 500 each.
ARTICLES = int(os.environ.get("CONVERT_BOOK_ARTICLES", "60"))
VOLUME_PAGES = 24 * ARTICLES // 60  # two volumes or more
GOJUON_ROWS = ["あ行", "か行", "さ行", "た行", "な行", "は行", "ま行", "や行", "ら行", "わ行"]
HANGUL_INITIALS = list("ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ")
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
GIVEN_READING = "ぜろばんめのかぶしき"  # given to one article: it must sort by it
MOVES = {"rmoveto", "hmoveto", "vmoveto"}  # a Type 2 charstring's path starts with one


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("book")
    write_corpus(root / "src", count=ARTICLES, seeds_dir=SEEDS)
    given = root / "src" / "Japanese" / "ja-term-00000.md"
    given.write_text(
        given.read_text("utf-8").replace("---\n", f"---\nreading: {GIVEN_READING}\n", 1), "utf-8"
    )
    for language in ("Japanese", "Korean"):
        result = run_convert(
            "book", str(root / "src" / language), "--format", "all", "--out", str(root / "out")
        )
        assert result.returncode == 0, result.stderr
        assert re.search(r"\d+ cross-references, \d+ footnotes .* \d+ dangling", result.stderr)
    # The chunks' and the volumes' PDFs were temporary files there: none is left.
    assert not list((root / "out" / "books").glob(".*.part"))
    return root / "out" / "books"


def _outline(reader: PdfReader) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """(section, page, [(article, page)]) as the PDF's bookmarks give them."""
    found: list[tuple[str, int, list[tuple[str, int]]]] = []
    for item in reader.outline:
        if isinstance(item, list):
            found[-1][2].extend((c.title, reader.get_destination_page_number(c) + 1) for c in item)
        else:
            found.append((item.title, reader.get_destination_page_number(item) + 1, []))
    return found


def _page_texts(pdf: Path, count: int) -> list[str]:
    return [
        subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.replace("\u2060", "")
        for n in range(1, count + 1)
    ]


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


CONTENTS_LINE = re.compile(r"^(.+?)\s*\.{3,}\s*(\d+)$", re.MULTILINE)  # title ..... page
REFERENCES = {
    "Japanese": re.compile(r"（→([^（）→]+?)p\.(\d+)）"),
    "Korean": re.compile(r"\(→([^()→]+?),(\d+)쪽\)"),
}


@pytest.mark.parametrize("language", ["Japanese", "Korean"])
def test_every_printed_page_reference_is_the_page_its_heading_lands_on(
    books: Path, language: str
) -> None:
    pdf = books / f"{language}.pdf"
    reader = PdfReader(pdf)
    texts = _page_texts(pdf, len(reader.pages))
    landed = {
        _squeezed(title): page for _, _, articles in _outline(reader) for title, page in articles
    }
    references = 0
    for text in texts:
        for title, page in REFERENCES[language].findall(_squeezed(text)):
            references += 1
            assert landed[title] == int(page), title
            lines = {_squeezed(line) for line in texts[int(page) - 1].splitlines()}
            assert title in lines, f"{title} is not on page {page}"
    assert references > 50


def _programs(pdf: pikepdf.Pdf) -> tuple[int, dict[str, TTFont]]:
    """How many font dictionaries the PDF has, and each face's embedded program by the face's
    name (the subset tag left out), each program one object for every dictionary naming it."""
    dictionaries, programs, objects = 0, {}, {}
    for found in pdf.objects:
        if not isinstance(found, pikepdf.Dictionary) or found.get("/Type") != "/FontDescriptor":
            continue
        dictionaries += 1
        stream = found.get("/FontFile3") or found.get("/FontFile2")
        name = str(found.FontName).split("+", 1)[-1]
        assert objects.setdefault(name, stream.objgen) == stream.objgen, f"{name}: two programs"
        if name not in programs:
            programs[name] = TTFont(io.BytesIO(stream.read_bytes()))
    return dictionaries, programs


@pytest.mark.parametrize("language", ["Japanese", "Korean"])
def test_each_face_is_embedded_once_with_every_glyph_its_chunks_draw(
    books: Path, language: str
) -> None:
    """The chunks are laid out apart, each naming its own font dictionaries; they share one
    program per face, subset for the glyphs of all of them."""
    path = books / f"{language}.pdf"
    with pikepdf.open(path) as pdf:
        dictionaries, programs = _programs(pdf)
    assert dictionaries > 2 * len(programs) > 0
    outlined: dict[str, set[int]] = {}
    drawn = 0
    for page in pymupdf.open(path):
        for span in page.get_texttrace():
            name = span["font"].split("+", 1)[-1]
            font = programs[name]
            order = font.getGlyphOrder()
            if name not in outlined:
                charstrings = font["CFF "].cff.topDictIndex[0].CharStrings
                outlined[name] = set()
                for glyph, glyph_name in enumerate(order):
                    charstring = charstrings[glyph_name]
                    charstring.decompile()
                    if MOVES & set(charstring.program):  # an empty glyph has no path
                        outlined[name].add(glyph)
            for unicode, glyph, *_ in span["chars"]:
                if chr(unicode).isspace() or unicode == 0x2060 or glyph < 0:
                    continue  # blank, or a character drawn by the glyph before it (a ligature)
                drawn += 1
                assert glyph in outlined[name], f"{name}: glyph {glyph} ({chr(unicode)}) empty"
    assert drawn > 5000


@pytest.mark.parametrize("language", ["Japanese", "Korean"])
def test_sections_start_on_right_hand_pages_and_contents_print_their_pages(
    books: Path, language: str
) -> None:
    pdf = books / f"{language}.pdf"
    reader = PdfReader(pdf)
    texts = _page_texts(pdf, len(reader.pages))
    outline = _outline(reader)
    # The contents: from the page after the title page's back to the first section's.
    contents = _squeezed("".join(texts[2 : outline[0][1] - 1]))
    for section, page, articles in outline:
        if section in ("索引", "찾아보기"):
            continue
        assert page % 2 == 1, section
        assert f"{_squeezed(section)}...".rstrip(".") in contents
        for title, article_page in articles[:3]:
            assert re.search(re.escape(_squeezed(title)) + r"\.+" + str(article_page), contents)
    footer = [line.strip() for line in texts[10].splitlines() if line.strip()][-1]
    assert footer == "11"


def test_japanese_order_is_gojuon_of_the_readings_in_sections_a_to_wa(books: Path) -> None:
    outline = _outline(PdfReader(books / "Japanese.pdf"))
    sections = [section for section, _, _ in outline][:-1]  # the index last
    own = [section for section in sections if section in GOJUON_ROWS]
    assert own == sorted(own, key=GOJUON_ROWS.index)
    assert sections[len(own) :] == ["A–Z"]  # the Latin titles after the kana rows
    collator = icu.Collator.createInstance(icu.Locale("ja"))
    given = {"株式 0": GIVEN_READING}
    readings = [
        given.get(title, derive_reading(title))
        for section, _, articles in outline[: len(own)]
        for title, _ in articles
    ]
    assert readings == sorted(readings, key=collator.getSortKey)
    report = (books / "Japanese.readings.tsv").read_text("utf-8")
    assert "株式 0" not in report  # given, not derived
    assert "\t為替 2\tかわせ2" in report


def test_korean_order_is_icu_in_sections_by_initial_consonant(books: Path) -> None:
    outline = _outline(PdfReader(books / "Korean.pdf"))
    collator = icu.Collator.createInstance(icu.Locale("ko"))
    hangul = [(s, a) for s, _, a in outline if s in HANGUL_INITIALS]
    assert [s for s, _ in hangul] == sorted((s for s, _ in hangul), key=HANGUL_INITIALS.index)
    titles = [title for _, articles in hangul for title, _ in articles]
    assert titles == sorted(titles, key=collator.getSortKey)
    for section, articles in hangul:
        for title, _ in articles:
            initial = (ord(title[0]) - 0xAC00) // 588
            assert "ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ"[initial] in {
                section,
                chr(ord(section) + 1),
            }


@pytest.mark.parametrize("language", ["Japanese", "Korean"])
def test_epub_book_passes_epubcheck_with_links_into_chapter_files(
    books: Path, language: str
) -> None:
    epub = books / f"{language}.epub"
    assert epubcheck_messages(epub) == []
    with zipfile.ZipFile(epub) as book:
        parts = [n for n in book.namelist() if re.fullmatch(r"EPUB/part-\d+\.xhtml", n)]
        assert len(parts) > 5 and all(book.getinfo(n).file_size < 250_000 for n in parts)
        nav = book.read("EPUB/nav.xhtml").decode()
        assert nav.count("<ol>") > 5  # section → article
        links = re.findall(r'href="(part-\d+\.xhtml)#([^"]+)"', book.read(parts[2]).decode())
        assert links
        index = book.read("EPUB/index.xhtml").decode()
        assert 'epub:type="index-entry"' in index and 'epub:type="index-locator"' in index


@pytest.mark.parametrize("language", ["Japanese", "Korean"])
def test_docx_hyperlinks_and_pagerefs_name_existing_bookmarks(books: Path, language: str) -> None:
    with zipfile.ZipFile(books / f"{language}.docx") as docx:
        document = etree.fromstring(docx.read("word/document.xml"))
        settings = docx.read("word/settings.xml")
    bookmarks = {b.get(f"{W}name") for b in document.iter(f"{W}bookmarkStart")}
    anchors = {h.get(f"{W}anchor") for h in document.iter(f"{W}hyperlink")} - {None}
    pagerefs = {
        t.text.split()[1] for t in document.iter(f"{W}instrText") if "PAGEREF" in (t.text or "")
    }
    assert len(pagerefs) > 20 and anchors
    assert anchors <= bookmarks and pagerefs <= bookmarks
    assert all(len(name) <= BOOKMARK_LIMIT and name[0].isalpha() for name in pagerefs)
    assert b"updateFields" in settings


@pytest.mark.parametrize("language", ["Japanese", "Korean"])
def test_docx_title_contents_sections_and_index_each_start_a_page(
    books: Path, language: str
) -> None:
    with zipfile.ZipFile(books / f"{language}.docx") as docx:
        body = etree.fromstring(docx.read("word/document.xml")).find(f"{W}body")
    paragraphs = [p for p in body if p.tag == f"{W}p"]
    styles = [p.find(f"{W}pPr/{W}pStyle") for p in paragraphs]
    names = [style.get(f"{W}val") if style is not None else None for style in styles]
    breaks = [p.find(f"{W}r/{W}br[@{W}type='page']") is not None for p in paragraphs]
    openings = [n for n, name in enumerate(names) if name in ("TOCHeading", "Heading1")]
    sections = [s for s, _, _ in _outline(PdfReader(books / f"{language}.pdf"))]
    assert len(openings) == len(sections) + 1  # the contents, each section, the index
    assert all(breaks[n - 1] for n in openings)
    assert names[0] == "Title" and sum(breaks) == len(openings)


def test_ids_are_the_same_in_every_format(books: Path) -> None:
    with zipfile.ZipFile(books / "Japanese.docx") as docx:
        document = docx.read("word/document.xml").decode()
    with zipfile.ZipFile(books / "Japanese.epub") as epub:
        nav = epub.read("EPUB/nav.xhtml").decode()
    reader = PdfReader(books / "Japanese.pdf")
    pdf_ids = set(reader.named_destinations)
    epub_ids = set(re.findall(r'href="part-\d+\.xhtml#(ja-term-\d+)"', nav))
    assert len(epub_ids) == ARTICLES // 2
    assert epub_ids <= pdf_ids
    assert all(f'w:name="{id}"' in document for id in epub_ids)


def test_the_same_inputs_give_the_same_bytes_and_nothing_is_rebuilt(books: Path) -> None:
    source = books.parent.parent / "src" / "Korean"
    before = {p.name: p.read_bytes() for p in books.glob("Korean.*")}
    result = run_convert("book", str(source), "--format", "all", "--out", str(books.parent))
    assert result.returncode == 0, result.stderr
    assert "pdf, epub, docx unchanged; 0 files written" in result.stderr
    result = run_convert(
        "book", str(source), "--format", "epub", "--out", str(books.parent), "--force"
    )
    assert result.returncode == 0, result.stderr
    assert {p.name: p.read_bytes() for p in books.glob("Korean.*")} == before


def test_a_manifest_names_articles_order_and_sections(tmp_path: Path, books: Path) -> None:
    source = books.parent.parent / "src" / "Japanese"
    manifest = tmp_path / "book.toml"
    manifest.write_text(
        f'name = "picked"\ntitle = "選んだ用語"\norder = "manifest"\n'
        f'[[sections]]\ntitle = "第一部"\narticles = ["{source}/ja-term-00002.md", '
        f'"{source}/ja-term-00001.md"]\n[[sections]]\ntitle = "第二部"\n'
        f'articles = ["{source}/ja-term-0001*.md"]\n',
        "utf-8",
    )
    result = run_convert("book", str(manifest), "--format", "epub", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "12 articles in 2 sections" in result.stderr
    with zipfile.ZipFile(tmp_path / "books" / "picked.epub") as epub:
        nav = epub.read("EPUB/nav.xhtml").decode()
    titles = re.findall(r'#ja-term-\d+">([^<]+)<', nav)
    assert titles[:2] == ["為替 2", "債券 1"]  # the manifest's order
    assert "第一部" in nav and "第二部" in nav


def test_a_bad_manifest_stops_before_reading_any_article(tmp_path: Path) -> None:
    (tmp_path / "book.toml").write_text('title = "x"\norder = "random"\n', "utf-8")
    result = run_convert("book", str(tmp_path / "book.toml"), "--out", str(tmp_path))
    assert result.returncode == 2
    assert "order: must be one of collation, manifest" in result.stderr


def test_books_listed_in_the_settings_are_made_by_name_or_all_at_once(
    tmp_path: Path, books: Path
) -> None:
    source = books.parent.parent / "src"
    for language, prefix in (("Japanese", "ja"), ("Korean", "ko")):
        (tmp_path / "texts" / language).mkdir(parents=True)
        for number in range(4):
            name = f"{prefix}-term-{number:05d}.md"
            shutil.copy(source / language / name, tmp_path / "texts" / language / name)
    (tmp_path / "convert.toml").write_text(
        'source = "texts"\nout = "build"\nformats = ["epub"]\nembed_fonts = false\n'
        '[[books]]\nname = "ja-picked"\ntitle = "選んだ用語"\norder = "manifest"\n'
        'articles = ["texts/Japanese/ja-term-00002.md", "texts/Japanese/ja-term-0000[01].md"]\n'
        '[[books]]\nname = "ko-all"\ntitle = "용어"\narticles = "texts/Korean"\n',
        "utf-8",
    )
    (tmp_path / "deeper").mkdir()
    result = run_convert("book", "ja-picked", cwd=tmp_path / "deeper")
    assert result.returncode == 0, result.stderr
    assert "book ja-picked: 3 articles" in result.stderr
    assert sorted(p.name for p in (tmp_path / "build" / "books").glob("*.epub")) == [
        "ja-picked.epub"
    ]
    with zipfile.ZipFile(tmp_path / "build" / "books" / "ja-picked.epub") as epub:
        nav = epub.read("EPUB/nav.xhtml").decode()
    assert re.findall(r'#ja-term-\d+">([^<]+)<', nav) == ["為替 2", "株式 0", "債券 1"]

    result = run_convert("book", cwd=tmp_path)  # every book of the settings
    assert result.returncode == 0, result.stderr
    assert "book ja-picked: 3 articles" in result.stderr and "epub unchanged" in result.stderr
    assert "book ko-all: 4 articles" in result.stderr
    assert (tmp_path / "build" / "books" / "ko-all.epub").is_file()

    result = run_convert("book", "nothing-by-that-name", cwd=tmp_path)
    assert result.returncode == 2
    assert "the settings' books: ja-picked, ko-all" in result.stderr


def test_a_bad_book_in_the_settings_stops_the_run_naming_the_file_and_key(
    tmp_path: Path,
) -> None:
    (tmp_path / "convert.toml").write_text(
        '[[books]]\nname = "x"\narticles = "texts/*.md"\n[books.sections]\n', "utf-8"
    )
    result = run_convert("book", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"convert: {tmp_path / 'convert.toml'}: books[1].sections must be a list of tables "
        "([[sections]])"
    ]
    (tmp_path / "convert.toml").write_text(
        '[[books]]\nname = "x"\narticles = "texts/*.md"\n', "utf-8"
    )
    result = run_convert("book", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"convert: {tmp_path / 'convert.toml'}: books[1]: texts/*.md: names no article"
    ]


def _add_before_first_heading(path: Path, markdown: str) -> None:
    text = path.read_text("utf-8")
    cut = text.index("\n##")
    path.write_text(text[:cut] + "\n\n" + markdown + "\n" + text[cut:], "utf-8")


def test_pictures_of_the_articles_are_in_every_format_each_file_once(
    tmp_path: Path, books: Path
) -> None:
    """Pictures in an article's own folder, as `convert all` takes them: two articles show one
    file, a third the same bytes under another name and a picture of its own, and one outside
    its folder, which keeps its description."""
    source, texts = books.parent.parent / "src" / "Japanese", tmp_path / "texts"
    (texts / "images").mkdir(parents=True)
    (texts / "sub").mkdir()
    for number, folder in ((0, texts), (1, texts), (2, texts), (3, texts / "sub")):
        shutil.copy(source / f"ja-term-{number:05d}.md", folder)
    growth = ROOT / "tests" / "fixtures" / "epub" / "en" / "images" / "growth.png"
    shutil.copy(growth, texts / "images" / "growth.png")
    shutil.copy(growth, texts / "sub" / "chart.png")
    Image.new("RGB", (40, 30), (200, 40, 40)).save(texts / "sub" / "red.png")
    _add_before_first_heading(texts / "ja-term-00000.md", "![成長のグラフ](images/growth.png)")
    _add_before_first_heading(texts / "ja-term-00001.md", "文中の ![小さな図](images/growth.png)")
    _add_before_first_heading(
        texts / "sub" / "ja-term-00003.md",
        "![図表](chart.png)\n\n![赤](red.png)\n\n![外の図](../images/growth.png)",
    )
    out = tmp_path / "out"
    result = run_convert("book", str(texts), "--format", "all", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "image not in the article's folder, its description kept: ../images/growth.png" in (
        result.stderr
    )
    book = out / "books" / "texts"

    epub = book.with_suffix(".epub")
    assert epubcheck_messages(epub) == []
    with zipfile.ZipFile(epub) as package:
        opf = package.read("EPUB/content.opf").decode()
        shown = [
            src
            for name in package.namelist()
            if re.fullmatch(r"EPUB/part-\d+\.xhtml", name)
            for src in re.findall(r'<img src="([^"]+)"', package.read(name).decode())
        ]
        pictures = {src: package.read(f"EPUB/{src}") for src in set(shown)}
    assert len(shown) == 4 and len(pictures) == 2  # growth.png's bytes once, red.png
    assert sorted(len(data) for data in pictures.values()) == sorted(
        [growth.stat().st_size, (texts / "sub" / "red.png").stat().st_size]
    )
    assert all(opf.count(f'href="{src}"') == 1 for src in pictures)
    assert '<meta property="schema:accessMode">visual</meta>' in opf

    with zipfile.ZipFile(book.with_suffix(".docx")) as docx:
        media = [name for name in docx.namelist() if name.startswith("word/media/")]
        document = docx.read("word/document.xml").decode()
    assert len(media) == 2
    assert document.count("<a:blip ") == 4
    assert 'descr="成長のグラフ"' in document and "外の図" in document

    placed = subprocess.run(
        ["pdfimages", "-list", str(book.with_suffix(".pdf"))],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()[2:]
    assert sorted((line.split()[3], line.split()[4]) for line in placed) == [
        ("320", "200"),
        ("320", "200"),
        ("320", "200"),
        ("40", "30"),
    ]

    Image.new("RGB", (40, 30), (40, 40, 200)).save(texts / "sub" / "red.png")
    result = run_convert("book", str(texts), "--format", "epub", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "unchanged" not in result.stderr  # a picture changed: the book is made again


def test_volumes_split_at_sections_and_references_name_the_volume(books: Path) -> None:
    source = books.parent.parent / "src" / "Japanese"
    out = books.parent.parent / "volumes"
    result = run_convert(
        "book", str(source), "--format", "pdf", "--out", str(out), "--max-pages", str(VOLUME_PAGES)
    )
    assert result.returncode == 0, result.stderr
    volumes = sorted((out / "books").glob("Japanese-*.pdf"))
    assert len(volumes) >= 2
    assert not list((out / "books").glob(".*.part"))
    texts = {n: _page_texts(v, len(PdfReader(v).pages)) for n, v in enumerate(volumes, start=1)}
    named = 0
    for text in (page for pages in texts.values() for page in pages):
        for title, volume, page in re.findall(
            r"（→([^（）→]+?)第(\d+)巻p\.(\d+)）", _squeezed(text)
        ):
            named += 1
            lines = {_squeezed(line) for line in texts[int(volume)][int(page) - 1].splitlines()}
            assert title in lines
    assert named > 0


def test_long_contents_and_index_are_laid_out_in_chunks_with_their_pages(
    books: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A whole-language book has thousands of contents lines and index places: each is laid out
    # in chunks as the articles are. Here the chunks are made small enough to cut this book's.
    from click.testing import CliRunner

    import convert.book.pdf
    from convert.cli import main

    monkeypatch.setattr(convert.book.pdf, "CONTENTS_ENTRIES_PER_CHUNK", 4)  # sections are cut
    monkeypatch.setattr(convert.book.pdf, "INDEX_PLACES_PER_CHUNK", 9)  # terms are cut
    source = books.parent.parent / "src" / "Japanese"
    result = CliRunner().invoke(
        main, ["book", str(source), "--format", "pdf", "--out", str(tmp_path)]
    )
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "books" / "Japanese.pdf"
    reader = PdfReader(pdf)
    texts = _page_texts(pdf, len(reader.pages))
    outline = _outline(reader)
    landed = {_squeezed(t): page for _, _, articles in outline for t, page in articles}
    index_page = next(page for section, page, _ in outline if section == "索引")

    # Every contents line prints the page its article lands on, across the contents' chunks.
    def lines(pages: list[str]) -> list[str]:
        """The pages' lines but their feet (page numbers), squeezed."""
        return [
            _squeezed(line)
            for text in pages
            for line in text.strip().splitlines()[:-1]
            if line.strip()
        ]

    contents = lines(texts[2 : outline[0][1] - 1])
    for title, page in landed.items():
        assert f"{title}{'.' * 3}" in "".join(contents), title
        entry = next(line for line in contents if line.startswith(title + "."))
        assert entry.rstrip("0123456789").endswith(".") and entry.endswith(f".{page}"), entry
    assert sum(1 for text in texts[2 : outline[0][1] - 1] if text.strip()) >= len(landed) // 4

    # The index: one heading, every place printed with its article's page, over several pages.
    index = "|".join(lines(texts[index_page - 1 :]))
    assert index.count("索引") == 1
    places = 0
    for title, page in landed.items():
        for printed in re.findall(re.escape(title) + r"p\.(\d+)", index):
            places += 1
            assert int(printed) == page, title
    assert places >= 2 * len(landed)
    assert len(texts) - index_page + 1 >= places // 9

    # Page numbers run on through the chunks: each numbered page's foot is its own number.
    for number, text in enumerate(texts[2:], start=3):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if lines:
            assert lines[-1] == str(number), number


def test_a_run_clears_only_its_own_leftover_temporary_files(books: Path, tmp_path: Path) -> None:
    # A killed run leaves temporary files; the next run clears them, but never another command's,
    # which may be running on the same output folder now (a book's chunks take minutes).
    leftovers = {
        name: tmp_path / name
        for name in (
            "epub/.a.epub.x1.part",
            "books/.Japanese.body-3.pdf.x2.part",
            "books/.Japanese.pdf.x3.part",
            "books/.Korean.body-1.pdf.x4.part",
        )
    }
    for path in leftovers.values():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"%PDF-1.7\n")
    result = run_convert("all", "--source", str(SEEDS), "--format", "epub", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert {name for name, path in leftovers.items() if path.exists()} == {
        "books/.Japanese.body-3.pdf.x2.part",
        "books/.Japanese.pdf.x3.part",
        "books/.Korean.body-1.pdf.x4.part",
    }
    source = books.parent.parent / "src" / "Japanese"
    result = run_convert("book", str(source), "--format", "epub", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert {name for name, path in leftovers.items() if path.exists()} == {
        "books/.Korean.body-1.pdf.x4.part"
    }


@pytest.mark.slow
def test_libreoffice_fills_in_the_docx_page_references(books: Path, tmp_path: Path) -> None:
    """LibreOffice headless updates the PAGEREF fields as it opens the book: each printed page,
    in the text and in the contents, is the page of its LibreOffice PDF the heading is on. (A
    `TOC` field would not do: LibreOffice 7.4 shows its cached text as it is, every number 0.)"""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(books / "Korean.docx"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    pdf = tmp_path / "Korean.pdf"
    texts = _page_texts(pdf, len(PdfReader(pdf).pages))
    checked = 0
    for text in texts:
        for title, page in REFERENCES["Korean"].findall(_squeezed(text)):
            assert int(page) > 0
            lines = {_squeezed(line) for line in texts[int(page) - 1].splitlines()}
            checked += title in lines
    assert checked > 20
    entries = [
        [(title, int(page)) for title, page in CONTENTS_LINE.findall(text)] for text in texts
    ]
    first_section = next(found[0][1] for found in entries if found)
    contents = [entry for found in entries[: first_section - 1] for entry in found]
    sections = [s for s, _, _ in _outline(PdfReader(books / "Korean.pdf")) if s != "찾아보기"]
    assert len(contents) == ARTICLES // 2 + len(sections)  # every section and article
    for title, page in contents:
        assert title.strip() in {line.strip() for line in texts[page - 1].splitlines()}, title


def test_article_ids_are_short_ascii_unique_and_start_with_a_letter() -> None:
    from convert.book.ids import article_ids, heading_id

    slugs = ["risk", "risk", "RISK!", "401k-plan", "株式", "x" * 80, "x" * 80]
    ids = article_ids(slugs)
    assert len(set(ids)) == len(ids)
    for id in ids:
        assert re.fullmatch(r"[a-z][a-z0-9-]*", id) and len(id) <= 32
        assert len(heading_id(id, 9999)) <= BOOKMARK_LIMIT
    assert ids[:4] == ["risk", "risk-2", "risk-3", "a-401k-plan"]


@pytest.mark.parametrize(
    ("lang", "titles", "sections"),
    [
        ("de", ["Zins", "Äquivalenz", "Anleihe"], ["A", "A", "Z"]),  # Ä with A
        ("sv", ["Zins", "Ärende", "Anleihe"], ["A", "Z", "Ä"]),  # Ä after Z
        ("zh", ["银行", "股票", "债券"], ["G", "Y", "Z"]),  # pinyin
        ("ko", ["하늘", "까치", "가나", "ETF"], ["ㄱ", "ㄱ", "ㅎ", "A–Z"]),
    ],
)
def test_order_and_sections_follow_the_language(
    lang: str, titles: list[str], sections: list[str]
) -> None:
    from convert.book.order import place

    placed = sorted((place(t, lang=lang) for t in titles), key=lambda p: (p.rank, p.key))
    assert [p.section for p in placed] == sections


def test_an_articles_blocks_are_cut_from_its_json_without_parsing_it() -> None:
    import json

    import panflute as pf

    from convert.book.assemble import _article_blocks
    from convert.pandoc import doc_to_json

    doc = pf.Doc(
        pf.Para(pf.Str('"blocks": ["x"]}')),
        pf.Header(pf.Str("見出し"), level=3, identifier="a-h3"),
        metadata={"blocks": "meta may name a key so", "title": "t"},
    )
    data = doc_to_json(doc)
    version, blocks = _article_blocks(data)
    assert json.loads(version) == json.loads(data)["pandoc-api-version"]
    assert json.loads(b"[" + blocks + b"]") == json.loads(data)["blocks"]
    assert _article_blocks(doc_to_json(pf.Doc()))[1] == b""
