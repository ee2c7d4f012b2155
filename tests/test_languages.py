"""Every language folder of the public collection, one real article each (fixtures/languages/,
sources in its SOURCES.md), built in all three formats and checked on the outputs: the language
taken from the folder and tagged in each format, no glyph drawn as .notdef or as a dotted circle,
clean EPUBs, Arabic right to left in all three, Devanagari's danda never opening a line, and
justified Latin and Cyrillic lines without rivers now that they are hyphenated."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

import panflute as pf
import pymupdf
import pytest
from conftest import ROOT, run_convert
from epub_checks import epubcheck_messages
from fontTools.ttLib import TTCollection, TTFont
from lxml import etree
from outputs import OPF, XHTML, W, docx_part, epub_document, epub_opf
from pdf_measure import MM, Line, Page, lines_inside_paragraphs, read_pages
from pypdf import PdfReader

from convert.fonts import _load_config
from convert.language import FOLDER_LANGUAGES, regional_tag
from convert.model import ArticleMeta
from convert.pandoc import parse_markdown, write_doc
from convert.paper import PAPERS
from convert.passes.bind_closing_punctuation import bind_closing_punctuation
from convert.passes.context import PassContext
from convert.passes.isolate_embedded_runs import isolate_embedded_runs, mark_embedded_runs
from convert.read import read_article

FIXTURES = Path(__file__).parent / "fixtures" / "languages"
TEXTS = FIXTURES / "Texts"
SLUG = "virtual-assistant"
FOLDERS = sorted(path.name for path in TEXTS.iterdir())
TAGS = {folder: FOLDER_LANGUAGES[folder.lower()] for folder in FOLDERS}
# Written in Latin or Cyrillic letters, justified and hyphenated: where rivers would show.
HYPHENATED = [f for f in FOLDERS if f not in ("Arabic", "Hindi", "Chinese", "Japanese", "Korean")]
DOTTED_CIRCLE = 0x25CC
RIVER_EM = 0.6  # a word gap wider than this, in em of the body text, makes a river
BODY_SIZE = 10.5  # pt, print.css
ODF = {
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}


@dataclass(frozen=True)
class Built:
    out: Path
    stderr: str

    def path(self, fmt: str, folder: str) -> Path:
        return self.out / fmt / folder / f"{SLUG}.{fmt}"


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    out = tmp_path_factory.mktemp("languages")
    result = run_convert("all", "--source", str(TEXTS), "--out", str(out), "--format", "all")
    assert result.returncode == 0, result.stderr
    return Built(out, result.stderr)


def source_text(folder: str) -> str:
    """The article as plain text, one paragraph per line, with its description."""
    path = TEXTS / folder / f"{SLUG}.md"
    article = read_article(path, relpath=PurePosixPath(folder, SLUG), timeout=30)
    plain = write_doc(article.doc, to="plain", options={"wrap_text": "none"}, timeout=30).decode()
    return re.sub(r"\[\d+\]", "", plain) + "\n" + article.meta.description


def headings(folder: str) -> list[str]:
    text = (TEXTS / folder / f"{SLUG}.md").read_text("utf-8")
    return [line.lstrip("#＃ ").strip() for line in text.splitlines() if line.startswith("##")]


def headings_title(folder: str) -> str:
    text = (TEXTS / folder / f"{SLUG}.md").read_text("utf-8")
    return re.search(r"^title: (.+)$", text, re.MULTILINE).group(1)


def squeezed(text: str) -> str:
    return re.sub(r"[\s\u2060\u00a0]+", "", text)


def body_lines(pages: list[Page]) -> list[Line]:
    """Lines of body text: those of the height most lines have (faces differ by script)."""
    heights = Counter(round(line.height, 1) for page in pages for line in page.lines)
    body = heights.most_common(1)[0][0]
    return [line for page in pages for line in page.lines if abs(line.height - body) < 0.6]


# The sources -----------------------------------------------------------------------------------


def test_the_fixtures_are_the_collections_files_byte_for_byte() -> None:
    rows = re.findall(r"^\| (Texts/\S+) \| [0-9a-f]{40} \| ([0-9a-f]{64}) \|$",
                      (FIXTURES / "SOURCES.md").read_text("utf-8"), re.MULTILINE)  # fmt: skip
    assert len(rows) == len(FOLDER_LANGUAGES) == len(FOLDERS) == 19
    for name, digest in rows:
        assert hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest() == digest, name


# Language from the folder, tagged in every format ------------------------------------------------


def test_the_run_counts_articles_by_language(built: Built) -> None:
    summary = built.stderr.splitlines()[-1]
    expected = ", ".join(f"{tag} 1" for tag in sorted(TAGS.values()))
    assert summary.endswith(f"articles by language: {expected}"), summary


@pytest.mark.parametrize("folder", FOLDERS)
def test_the_language_is_tagged_in_every_format(built: Built, folder: str) -> None:
    tag = TAGS[folder]
    epub = built.path("epub", folder)
    assert epub_opf(epub).xpath("string(//dc:language)", namespaces=OPF) == tag
    for page in ("article.xhtml", "nav.xhtml", "cover.xhtml"):
        assert epub_document(epub, page).get("lang") == tag
    assert PdfReader(built.path("pdf", folder)).trailer["/Root"]["/Lang"] == tag
    styles = docx_part(built.path("docx", folder), "word/styles.xml")
    lang = styles.find(".//w:docDefaults//w:rPr/w:lang", W)
    assert lang.get(f"{{{W['w']}}}val") == regional_tag(tag)


@pytest.mark.parametrize("folder", FOLDERS)
def test_every_epub_passes_epubcheck(built: Built, folder: str) -> None:
    assert epubcheck_messages(built.path("epub", folder)) == []


# Glyphs ----------------------------------------------------------------------------------------


def _dotted_circle_glyphs() -> dict[str, set[int]]:
    """By font name as WeasyPrint writes it (`Noto-Serif-Devanagari`, `…-Bold` cut short), the
    glyph ids of the dotted circle HarfBuzz draws for a mark that has lost its letter, in every
    face of each family the fonts table names (regular and bold files, found by fontconfig)."""
    glyphs: dict[str, set[int]] = {}
    for family in _load_config()["files"]:
        listed = subprocess.run(["fc-list", f"{family}:", "file", "index"], capture_output=True,
                                text=True, check=True).stdout  # fmt: skip
        for line in listed.splitlines():
            file, _, index = line.partition(": :index=")
            font = (TTCollection(file).fonts[int(index)] if file.endswith(".ttc")
                    else TTFont(file.rstrip(":")))  # fmt: skip
            glyph = font.getBestCmap().get(DOTTED_CIRCLE)
            if glyph is not None:
                glyph_id = font.getGlyphID(glyph)
                glyphs.setdefault(family.replace(" ", "-"), set()).add(glyph_id)
    return glyphs


@pytest.mark.parametrize("folder", FOLDERS)
def test_no_glyph_is_drawn_as_notdef_or_a_dotted_circle(built: Built, folder: str) -> None:
    dotted = _dotted_circle_glyphs()
    notdef, circles, drawn = 0, 0, 0
    for page in pymupdf.open(built.path("pdf", folder)):
        for span in page.get_texttrace():
            family = max((name for name in dotted if span["font"].startswith(name)),
                         key=len, default="")  # fmt: skip
            for unicode, glyph, *_ in span["chars"]:
                drawn += 1
                notdef += glyph == 0
                circles += unicode == DOTTED_CIRCLE or glyph in dotted.get(family, set())
    assert drawn > 1500
    assert (notdef, circles) == (0, 0)


def test_a_missing_character_is_reported_once_with_the_count(write_article, tmp_path) -> None:
    missing = "\U00030000\U00030001\U00030002"  # CJK Extension G: in no face of the table
    path = write_article("Hindi/x.md", f"---\ntitle: परीक्षण\n---\n\nपाठ {missing} पाठ।\n")
    result = run_convert("build", str(path), "--out", str(tmp_path / "out"), "--format", "pdf")
    warnings = [line for line in result.stderr.splitlines() if "no face has" in line]
    assert len(warnings) == 1, result.stderr
    assert warnings[0].startswith(f"{path}:5: warning: no face has \U00030000 (U+30000)")
    assert "3 characters would print as empty boxes" in warnings[0]


# Right to left -------------------------------------------------------------------------------


def test_arabic_epub_reads_right_to_left(built: Built) -> None:
    epub = built.path("epub", "Arabic")
    for page in ("article.xhtml", "nav.xhtml", "cover.xhtml"):
        assert epub_document(epub, page).get("dir") == "rtl"
    spine = epub_opf(epub).find(".//opf:spine", OPF)
    assert spine.get("page-progression-direction") == "rtl"
    assert epub_document(built.path("epub", "German"), "article.xhtml").get("dir") == "ltr"


def test_arabic_pdf_is_bound_on_the_right(built: Built) -> None:
    root = PdfReader(built.path("pdf", "Arabic")).trailer["/Root"]
    assert root["/ViewerPreferences"]["/Direction"] == "/R2L"
    assert "/ViewerPreferences" not in PdfReader(built.path("pdf", "German")).trailer["/Root"]


def _in_reading_order(line: Line) -> Line:
    """A line of Arabic as pdftotext reports it, left to right and each word's letters too,
    turned into reading order."""
    words = [replace(word, text=word.text[::-1]) for word in reversed(line.words)]
    return Line(tuple(words), line.page)


def test_arabic_pdf_lines_end_at_the_right_margin(built: Built) -> None:
    """Headings and every line of a paragraph start at the right margin, paragraph lines run
    to the left one; the first page is a left-hand page of a book bound on the right, so its
    binding (inner) margin is on the right."""
    pages = read_pages(built.path("pdf", "Arabic"))
    margins = PAPERS["a4"].margins
    right_edge = pages[0].width - margins.inner * MM
    left_edge = margins.outer * MM
    titles = {squeezed(title) for title in headings("Arabic")}
    first_page = [_in_reading_order(line) for line in pages[0].lines]
    found = [line for line in first_page if squeezed(line.text) in titles]
    assert len(found) >= 3
    for line in found:
        assert line.x_max == pytest.approx(right_edge, abs=1.5), line.text
    inside = lines_inside_paragraphs(
        [_in_reading_order(line) for line in body_lines(pages[:1])], source_text("Arabic")
    )
    assert len(inside) >= 5
    for line in inside:
        assert line.x_max == pytest.approx(right_edge, abs=1.5), line.text
        assert min(word.x_min for word in line.words) == pytest.approx(left_edge, abs=1.5)


def test_arabic_pdf_running_head_is_mirrored(built: Built) -> None:
    """The title on the right of every page, the section on the left after page 1."""
    pages = read_pages(built.path("pdf", "Arabic"))
    title = squeezed(headings_title("Arabic"))
    for page in pages:
        head = [line for line in page.lines if line.y_max < PAPERS["a4"].margins.top * MM]
        words = [word for line in head for word in line.words]
        right = [word for word in words if word.x_min > page.width / 2]
        left = [word for word in words if word.x_max < page.width / 2]
        assert squeezed("".join(word.text[::-1] for word in reversed(right))) == title
        assert bool(left) == (page.number > 1)


def _letters(text: str) -> str:
    """Only the letters: no vowel marks (extractors move them about), spaces or punctuation."""
    return "".join(char for char in text if unicodedata.category(char).startswith("L"))


def test_arabic_pdf_text_is_extracted_in_logical_order(built: Built) -> None:
    """Lines of Arabic alone (numbers and Latin words inside Arabic are left to the extractor's
    own ordering) read as in the source, headings included."""
    source = _letters(source_text("Arabic"))
    lines = [
        line
        for page in pymupdf.open(built.path("pdf", "Arabic"))
        for line in page.get_text().splitlines()
        if re.search("[\u0600-\u06ff]", line) and not re.search(r"[0-9A-Za-z]", line)
    ]
    assert len(lines) > 40
    assert [line for line in lines if _letters(line) not in source] == []
    text = _letters("".join(lines))
    assert all(_letters(title) in text for title in headings("Arabic"))


def test_arabic_docx_is_right_to_left(built: Built) -> None:
    docx = built.path("docx", "Arabic")
    document = docx_part(docx, "word/document.xml")
    paragraphs = [p for p in document.iter(f"{{{W['w']}}}p") if "".join(p.itertext()).strip()]
    assert paragraphs and all(p.find("w:pPr/w:bidi", W) is not None for p in paragraphs)
    runs = document.findall(".//w:r[w:t]", W)
    assert runs and all(r.find("w:rPr/w:rtl", W) is not None for r in runs)
    assert document.find(".//w:sectPr/w:bidi", W) is not None
    defaults = docx_part(docx, "word/styles.xml").find(".//w:docDefaults//w:rPr", W)
    assert defaults.find("w:rFonts", W).get(f"{{{W['w']}}}cs") == "Noto Naskh Arabic"
    assert defaults.find("w:lang", W).get(f"{{{W['w']}}}bidi") == "ar-SA"
    german = docx_part(built.path("docx", "German"), "word/document.xml")
    assert german.find(".//w:bidi", W) is None


def test_libreoffice_reads_the_arabic_docx_right_to_left(built: Built, tmp_path: Path) -> None:
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice is missing: make setup installs libreoffice-writer-nogui"
    docx = tmp_path / "arabic.docx"
    shutil.copy(built.path("docx", "Arabic"), docx)
    result = subprocess.run(
        [soffice, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
         "--norestore", "--convert-to", "fodt", "--outdir", str(tmp_path), str(docx)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    flat = etree.parse(str(tmp_path / "arabic.fodt"))
    used = set(flat.xpath("//text:p/@text:style-name | //text:h/@text:style-name", namespaces=ODF))
    assert len(used) >= 3
    assert {name: _writing_mode(flat, name) for name in used} == dict.fromkeys(used, "rl-tb")


def _writing_mode(flat: etree._ElementTree, name: str) -> str | None:
    """A paragraph style's writing mode, its own or inherited from its parent styles."""
    while name:
        style = flat.xpath(f"//style:style[@style:name='{name}']", namespaces=ODF)[0]
        mode = style.xpath("string(style:paragraph-properties/@style:writing-mode)", namespaces=ODF)
        if mode:
            return mode
        name = style.get(f"{{{ODF['style']}}}parent-style-name")
    return None


# Devanagari ------------------------------------------------------------------------------------


def test_the_danda_never_starts_a_line(built: Built) -> None:
    lines = [line for page in read_pages(built.path("pdf", "Hindi")) for line in page.lines]
    assert sum("।" in line.text for line in lines) >= 20
    assert [line.text for line in lines if line.text.startswith(("।", "॥"))] == []


# Hyphenation -----------------------------------------------------------------------------------


def test_justified_latin_and_cyrillic_lines_have_no_rivers(built: Built) -> None:
    """Under 5% of the lines inside paragraphs (justified; a paragraph's last line is not) have
    a word gap wider than 0.6 em, over every Latin and Cyrillic fixture."""
    measured, wide, hyphenated = 0, [], 0
    for folder in HYPHENATED:
        pages = read_pages(built.path("pdf", folder))
        inside = lines_inside_paragraphs(body_lines(pages), source_text(folder))
        measured += len(inside)
        hyphenated += sum(line.words[-1].text.endswith(("-", "\u2010")) for line in inside)
        for line in inside:
            gaps = [b.x_min - a.x_max for a, b in zip(line.words, line.words[1:], strict=False)]
            if gaps and max(gaps) > RIVER_EM * BODY_SIZE:
                wide.append(f"{folder}: {line.text}")
    assert measured > 500
    assert hyphenated > 50  # the dictionaries are used
    assert len(wide) < 0.05 * measured, wide


@pytest.mark.parametrize("folder", ["Finnish", "Turkish", "Malay", "German", "Russian"])
def test_each_language_is_hyphenated_and_headings_never_are(built: Built, folder: str) -> None:
    pages = read_pages(built.path("pdf", folder))
    inside = lines_inside_paragraphs(body_lines(pages), source_text(folder))
    assert any(line.words[-1].text.endswith(("-", "\u2010")) for line in inside)
    titles = [squeezed(title) for title in headings(folder)]
    heading_lines = [
        line
        for page in pages
        for line in page.lines
        if any(squeezed(line.text) and squeezed(line.text) in title for title in titles)
        and line not in inside
    ]
    assert heading_lines
    assert not [line.text for line in heading_lines if line.text.endswith(("-", "\u2010"))]


def test_the_hyphenation_dictionaries_are_remade_byte_for_byte(tmp_path: Path) -> None:
    script = ROOT / "scripts" / "make_hyphenation.py"
    subprocess.run(["python", str(script), "--out", str(tmp_path)], check=True)
    for made in tmp_path.iterdir():
        assert made.read_bytes() == (ROOT / "styles" / "hyphenation" / made.name).read_bytes()


# Labels ----------------------------------------------------------------------------------------


def test_every_language_has_every_label() -> None:
    with (ROOT / "styles" / "epub" / "labels.toml").open("rb") as handle:
        labels = tomllib.load(handle)
    keys = set(labels["en"])
    expected = {tag for tag in TAGS.values() if tag != "zh"} | {"zh-Hans", "zh-Hant"}
    assert set(labels) == expected
    assert all(set(words) == keys and all(words.values()) for words in labels.values())


def test_the_arabic_books_summary_is_in_arabic(built: Built) -> None:
    opf = epub_opf(built.path("epub", "Arabic"))
    summary = opf.xpath("string(//opf:meta[@property='schema:accessibilitySummary'])",
                        namespaces=OPF)  # fmt: skip
    assert summary.startswith("منشور نصي")
    back = epub_document(built.path("epub", "Arabic"), "article.xhtml")
    assert back.xpath("//x:a[@role='doc-backlink']/@aria-label", namespaces=XHTML)[0] == (
        "العودة إلى النص"
    )


# The rules, one by one -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("front_matter", "folder", "text", "expected"),
    [
        ("lang: fa\n", "Arabic", "متن", "fa"),  # the front matter wins
        ("", "Arabic", "text", "ar"),  # then the folder, whatever the text
        ("", "turkish", "metin", "tr"),  # named in any case
        ("", "notes", "Привет, мир", "ru"),  # then the script with the most letters
        ("", "notes", "नमस्ते दुनिया, यह FlexJobs है", "hi"),
        ("", "notes", "Plain English with one слово", "en"),
    ],
)
def test_the_language_comes_from_lang_then_the_folder_then_the_script(
    write_article, front_matter: str, folder: str, text: str, expected: str
) -> None:
    path = write_article(f"{folder}/a.md", f"---\ntitle: t\n{front_matter}---\n\n{text}\n")
    assert read_article(path, relpath=PurePosixPath("a"), timeout=30).meta.lang == expected


def test_settings_name_more_language_folders(write_article, tmp_path: Path) -> None:
    (tmp_path / "convert.toml").write_text('folder_languages = { Persian = "fa" }\n')
    write_article("Persian/a.md", "---\ntitle: t\n---\n\nمتن\n")
    result = run_convert("all", "--source", "Persian", "--format", "epub", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[-1].endswith("articles by language: fa 1")
    book = tmp_path / "dist" / "epub" / "a.epub"
    assert epub_document(book, "article.xhtml").get("dir") == "rtl"


def _pass_on(markdown: str, rewrite, lang: str = "ar") -> pf.Doc:
    doc = parse_markdown(markdown, timeout=30)
    return rewrite(doc, PassContext(meta=ArticleMeta(title="t", lang=lang)))


def test_punctuation_after_a_space_is_bound_to_the_word_before() -> None:
    doc = _pass_on("चाहिए । virtuel ? [a](/x) ، (b)\n", bind_closing_punctuation)
    assert pf.stringify(doc).strip() == "चाहिए\u00a0। virtuel\u00a0? a\u00a0، (b)"


def test_spans_and_links_in_right_to_left_text_are_isolated() -> None:
    markdown = "نص [FlexJobs 50](https://example.org) و[term]{lang=en}\n"
    twice = _pass_on(markdown, isolate_embedded_runs)
    ctx = PassContext(meta=ArticleMeta(title="t", lang="ar"))
    isolated = pf.stringify(isolate_embedded_runs(twice, ctx))  # the same after a second run
    assert "\u2068FlexJobs 50\u2069" in isolated and "\u2068term\u2069" in isolated
    assert isolated.count("\u2068") == isolated.count("\u2069") == 2
    assert "\u2068" not in pf.stringify(_pass_on(markdown, isolate_embedded_runs, lang="de"))
    marked = _pass_on(markdown, mark_embedded_runs)
    assert [
        e.attributes["dir"] for e in marked.content[0].content if e.tag in ("Link", "Span")
    ] == [
        "auto",
        "auto",
    ]
