"""A DOCX book written by pandoc in parts and joined (convert/writers/docx_join.py): every id
pandoc numbers per document is unique in the joined package and every reference resolves; the
text of every part is there, in order, as Word's readers (python-docx, LibreOffice) see it.

Two builds: parts pandoc wrote alike (each has the same ids, and a picture of other bytes under
the same name) joined directly; and a book of the generated collection made with a few articles
per part by the real command line, against the same book in one part."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import docx
import panflute as pf
import pytest
from conftest import ROOT, SEEDS
from lxml import etree
from PIL import Image

sys.path.insert(0, str(ROOT / "bench"))
from corpus import write_corpus  # noqa: E402

from convert.pandoc import doc_to_json, write_json  # noqa: E402
from convert.writers.docx_join import join_docx  # noqa: E402
from convert.writers.docx_styles import reference_docx_path  # noqa: E402

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {
    "w": W,
    "r": R,
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "rel": "http://schemas.openxmlformats.org/package/2006/relationships",
    "ct": "http://schemas.openxmlformats.org/package/2006/content-types",
}
PART_ARTICLES = 3  # the book's parts here; the Japanese half of 24 articles: four parts or more
# The real command line, with fewer articles to a part than convert's own.
IN_PARTS = (
    "import sys; import convert.writers.book_docx as book; book.PART_ARTICLES = int(sys.argv[1]);"
    " from convert.cli import main; sys.argv[1:2] = []; main()"
)


def _xml(package: zipfile.ZipFile, name: str) -> etree._Element:
    return etree.fromstring(package.read(name))


def _relationships(package: zipfile.ZipFile, story: str) -> dict[str, etree._Element]:
    folder, name = story.rsplit("/", 1)
    rels = _xml(package, f"{folder}/_rels/{name}.rels").findall("rel:Relationship", NS)
    ids = [r.get("Id") for r in rels]
    assert len(ids) == len(set(ids)), f"{story}: relationship ids repeat"
    return {r.get("Id"): r for r in rels}


def _unique(values: list[str], what: str) -> set[str]:
    repeated = [value for value, count in Counter(values).items() if count > 1]
    assert not repeated, f"{what} repeat: {repeated[:5]}"
    return set(values)


def check_joined(path: Path) -> etree._Element:
    """Every id unique, every reference resolved; the document returned."""
    with zipfile.ZipFile(path) as package:
        names = _unique(package.namelist(), "file names")
        document = _xml(package, "word/document.xml")
        footnotes = _xml(package, "word/footnotes.xml")
        numbering = _xml(package, "word/numbering.xml")
        types = _xml(package, "[Content_Types].xml")
        stories = {"word/document.xml": document, "word/footnotes.xml": footnotes}
        media = {n: package.read(n) for n in names if n.startswith("word/media/")}
        targets = set()
        for story, root in stories.items():
            rels = _relationships(package, story)
            used = root.xpath("//@r:id | //@r:embed | //@r:link", namespaces=NS)
            assert set(used) <= set(rels), f"{story}: r:ids without a relationship"
            for rel in rels.values():
                if rel.get("TargetMode") != "External" and rel.get("Target").startswith("media/"):
                    assert f"word/{rel.get('Target')}" in names, rel.get("Target")
                    targets.add(f"word/{rel.get('Target')}")

    bookmarks = _unique(document.xpath("//w:bookmarkStart/@w:id", namespaces=NS), "bookmark ids")
    assert set(document.xpath("//w:bookmarkEnd/@w:id", namespaces=NS)) == bookmarks
    names_ = set(document.xpath("//w:bookmarkStart/@w:name", namespaces=NS))
    anchors = set(document.xpath("//w:hyperlink/@w:anchor", namespaces=NS))
    pagerefs = {
        text.split()[1]
        for text in document.xpath("//w:instrText/text()", namespaces=NS)
        if "PAGEREF" in text
    }
    assert anchors <= names_ and pagerefs <= names_

    notes = _unique(footnotes.xpath("w:footnote/@w:id", namespaces=NS), "footnote ids")
    calls = document.xpath("//w:footnoteReference/@w:id", namespaces=NS)
    assert set(calls) <= notes and len(calls) == len(set(calls))
    assert set(calls) == notes - {"-1", "0"}  # every note called once, the separators once
    assert len(footnotes.xpath("w:footnote[@w:type]", namespaces=NS)) == 2

    lists = _unique(numbering.xpath("w:num/@w:numId", namespaces=NS), "list ids")
    looks = _unique(numbering.xpath("w:abstractNum/@w:abstractNumId", namespaces=NS), "looks")
    assert set(numbering.xpath("w:num/w:abstractNumId/@w:val", namespaces=NS)) <= looks
    for root in stories.values():
        assert set(root.xpath("//w:numId/@w:val", namespaces=NS)) <= lists
    order = [etree.QName(e).localname for e in numbering]
    assert order == sorted(order), "every w:abstractNum before the first w:num"

    drawings = [i for root in stories.values() for i in root.xpath("//wp:docPr/@id", namespaces=NS)]
    _unique(drawings, "drawing ids")

    assert set(media) == targets, "a picture file no relationship names, or the reverse"
    assert len(set(media.values())) == len(media), "the same bytes in two files"
    overrides = set(types.xpath("ct:Override/@PartName", namespaces=NS))
    defaults = set(types.xpath("ct:Default/@Extension", namespaces=NS))
    assert all(f"/{n}" in overrides or n.rsplit(".", 1)[1] in defaults for n in media)

    body = document.find(f"{{{W}}}body")
    assert len(document.findall(f".//{{{W}}}sectPr")) == 1
    assert body[-1].tag == f"{{{W}}}sectPr"
    return document


def _texts(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


# Parts pandoc wrote alike, joined directly.


def _part(number: int, pictures: Path, *, lang: str = "ja") -> bytes:
    """A part as the book's are written: a heading (a bookmark), a note with a link in it, a
    numbered and a bulleted list, a picture of its own and one every part shows."""
    doc = pf.Doc(
        pf.Header(pf.Str(f"見出し{number}"), level=2, identifier=f"part-{number}"),
        pf.Para(
            pf.Str(f"本文{number}"),
            pf.Note(pf.Para(pf.Link(pf.Str(f"注{number}"), url=f"https://example.org/{number}"))),
            pf.Link(pf.Str("共通"), url="https://example.org/common"),
            pf.Link(pf.Str("前へ"), url="#part-1"),
        ),
        pf.OrderedList(
            pf.ListItem(pf.Plain(pf.Str(f"一{number}"))), pf.ListItem(pf.Plain(pf.Str("二")))
        ),
        pf.BulletList(pf.ListItem(pf.Plain(pf.Str(f"点{number}")))),
        pf.Para(pf.Image(pf.Str(f"図{number}"), url="own.png")),
        pf.Para(pf.Image(pf.Str("共通の図"), url="shared.png")),
        metadata={"lang": lang},
    )
    own = pictures / f"own-{number}.png"
    Image.new("RGB", (20, 10), (60 * number, 0, 0)).save(own)
    return write_json(
        doc_to_json(doc),
        to="docx",
        options={"reference_doc": str(reference_docx_path(lang, "a4"))},
        media={"own.png": (own, "image/png"), "shared.png": (pictures / "shared.png", "image/png")},
        timeout=30,
    )


def test_parts_written_alike_are_joined_with_every_id_unique(tmp_path: Path) -> None:
    Image.new("RGB", (10, 10), (0, 0, 200)).save(tmp_path / "shared.png")
    parts = [_part(number, tmp_path) for number in (1, 2, 3)]
    with zipfile.ZipFile(io.BytesIO(parts[1])) as second:
        media = [n for n in second.namelist() if n.startswith("word/media/")]
    assert len(media) == 2  # pandoc names them per document: the parts' names collide

    joined = tmp_path / "joined.docx"
    joined.write_bytes(join_docx(parts))
    document = check_joined(joined)
    with zipfile.ZipFile(joined) as package:
        assert len([n for n in package.namelist() if n.startswith("word/media/")]) == 4
    numbered = document.xpath("//w:p[w:pPr/w:numPr]/w:pPr/w:numPr/w:numId/@w:val", namespaces=NS)
    assert len(set(numbered)) == 6  # each list its own: the numbered ones restart at 1
    assert len(document.xpath("//wp:docPr", namespaces=NS)) == 6

    texts = _texts(joined)
    for number in (1, 2, 3):
        assert f"見出し{number}" in texts and f"一{number}" in texts
    assert texts.index("見出し1") < texts.index("見出し2") < texts.index("見出し3")
    assert join_docx(parts) == joined.read_bytes()  # the same parts give the same bytes


def test_an_arabic_book_in_parts_keeps_its_right_to_left_page_and_styles(tmp_path: Path) -> None:
    """The reference document gives every part its right-to-left styles and page; the join keeps
    the first part's styles and the last part's page."""
    Image.new("RGB", (10, 10), (0, 0, 200)).save(tmp_path / "shared.png")
    joined = tmp_path / "joined.docx"
    joined.write_bytes(join_docx([_part(number, tmp_path, lang="ar") for number in (1, 2)]))
    document = check_joined(joined)
    assert document.xpath("w:body/w:sectPr/w:bidi", namespaces=NS)
    with zipfile.ZipFile(joined) as package:
        styles = _xml(package, "word/styles.xml")
    assert styles.xpath("w:docDefaults/w:pPrDefault/w:pPr/w:bidi", namespaces=NS)


# A book of the generated collection in parts, by the command line.


def _add_before_first_heading(path: Path, markdown: str) -> None:
    text = path.read_text("utf-8")
    cut = text.index("\n##")
    path.write_text(text[:cut] + "\n\n" + markdown + "\n" + text[cut:], "utf-8")


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Japanese book with pictures, lists and notes, made in one part and in parts."""
    root = tmp_path_factory.mktemp("docx-parts")
    write_corpus(root / "src", count=24, seeds_dir=SEEDS)
    source = root / "src" / "Japanese"
    growth = ROOT / "tests" / "fixtures" / "epub" / "en" / "images" / "growth.png"
    (source / "images").mkdir()
    shutil.copy(growth, source / "images" / "growth.png")
    Image.new("RGB", (40, 30), (200, 40, 40)).save(source / "images" / "red.png")
    for number, path in enumerate(sorted(source.glob("*.md"))):
        picture = "red.png" if number % 5 == 4 else "growth.png"
        _add_before_first_heading(
            path,
            f"1. 一番目\n2. 二番目\n\n- 箇条\n\n注のある文[^n]、[外](https://example.org/{number})。"
            f"\n\n![図{number}](images/{picture})\n\n[^n]: 注の本文 [リンク](https://example.com/n)",
        )
    made = {}
    for name, articles in (("one", 1000), ("parts", PART_ARTICLES)):
        out = root / name
        result = subprocess.run(
            [sys.executable, "-c", IN_PARTS, str(articles), "book", str(source)]
            + ["--format", "docx", "--out", str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        made[name] = out / "books" / "Japanese.docx"
    return made


def test_a_book_in_parts_has_unique_ids_and_the_text_of_the_book_in_one_part(
    books: dict[str, Path],
) -> None:
    check_joined(books["one"])
    document = check_joined(books["parts"])
    assert books["parts"].read_bytes() != books["one"].read_bytes()
    assert _texts(books["parts"]) == _texts(books["one"])
    with zipfile.ZipFile(books["one"]) as one, zipfile.ZipFile(books["parts"]) as parts:
        for name in ("word/document.xml", "word/footnotes.xml"):  # every run, fields' too
            assert "".join(_xml(parts, name).itertext()) == "".join(_xml(one, name).itertext())
    with zipfile.ZipFile(books["one"]) as one, zipfile.ZipFile(books["parts"]) as parts:
        assert _xml(one, "word/footnotes.xml").xpath("count(w:footnote)", namespaces=NS) == (
            _xml(parts, "word/footnotes.xml").xpath("count(w:footnote)", namespaces=NS)
        )
        media = [n for n in parts.namelist() if n.startswith("word/media/")]
        assert len(media) == 2  # growth.png and red.png, each once over all the parts
        one_lists = _xml(one, "word/document.xml").xpath("//w:numId/@w:val", namespaces=NS)
    lists = document.xpath("//w:numId/@w:val", namespaces=NS)
    assert len(set(lists)) == len(set(one_lists))  # each list its own, as in one part
    assert len(document.xpath("//wp:docPr", namespaces=NS)) == 12
    rtl = document.xpath("//w:body/w:sectPr/w:bidi", namespaces=NS)
    assert not rtl  # Japanese: the page reads left to right


def test_a_book_in_parts_is_the_same_bytes_when_made_again(
    books: dict[str, Path], tmp_path: Path
) -> None:
    source = books["parts"].parent.parent.parent / "src" / "Japanese"
    out = tmp_path / "again"
    result = subprocess.run(
        [sys.executable, "-c", IN_PARTS, str(PART_ARTICLES), "book", str(source)]
        + ["--format", "docx", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (out / "books" / "Japanese.docx").read_bytes() == books["parts"].read_bytes()


@pytest.mark.slow
def test_libreoffice_reads_every_part_of_a_book_in_order(
    books: dict[str, Path], tmp_path: Path
) -> None:
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "txt:Text (encoded):UTF8",
            "--outdir",
            str(tmp_path),
            str(books["parts"]),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    lines = [line.strip() for line in (tmp_path / "Japanese.txt").read_text("utf-8").splitlines()]
    titles = [
        p.text for p in docx.Document(str(books["parts"])).paragraphs if p.style.name == "Heading 2"
    ]
    assert len(titles) == 12
    assert [line for line in lines if line in titles] == titles  # each article's heading, in order


def test_a_book_is_cut_into_parts_within_the_limits_and_at_sections_where_it_can() -> None:
    from convert.book.assemble import Limits, _parts, _Unit

    def article(size: int) -> _Unit:
        return _Unit([b"x" * (size - 2)], member="a")

    section = _Unit([b"[]"], opens_section=True)
    units = [section, *[article(10)] * 6, section, article(10), article(100), article(10)]
    parts = list(_parts(iter(units), Limits(articles=4, size=60)))
    sizes = [[unit.size for unit in part] for part in parts]
    # four articles at most; a section when half full; a unit over the size alone
    assert sizes == [[4, 10, 10, 10, 10], [10, 10], [4, 10], [100], [10]]
