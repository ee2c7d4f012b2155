"""The EPUB as a reading system sees it: valid under epubcheck, with accessibility metadata,
a cover, contents and landmarks, pop-up footnotes, packaged images and safe names."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import JA_SEED, KO_SEED, SEED_LANGS, run_convert
from epub_checks import (
    EN_FIXTURE,
    FIXTURES,
    NS,
    ZH_FIXTURE,
    content_documents,
    epubcheck_messages,
    manifest,
    read_entry,
    xml_entry,
)
from PIL import Image

ALL_SEEDS = [JA_SEED, KO_SEED]
SAFE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


@pytest.fixture(scope="module")
def fixture_books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("fixture-epubs")
    result = run_convert("all", "--format", "epub", "--source", str(FIXTURES), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return {
        "en": out / "epub" / "en" / "compound-interest.epub",
        "zh": out / "epub" / "zh" / "复利.epub",
        "ja": out / "epub" / "ja" / "compound-interest-ja.epub",
    }


BOOKS = [*ALL_SEEDS, "en", "zh", "ja"]
LANGS = {**SEED_LANGS, "en": "en", "zh": "zh-Hans", "ja": "ja"}


@pytest.fixture
def books(seed_dist: Path, fixture_books: dict[str, Path]) -> dict[str, Path]:
    return {**{seed: seed_dist / "epub" / f"{seed}.epub" for seed in ALL_SEEDS}, **fixture_books}


@pytest.mark.parametrize("name", BOOKS)
def test_epubcheck_reports_nothing(books: dict[str, Path], name: str) -> None:
    assert epubcheck_messages(books[name]) == []


@pytest.mark.parametrize("name", BOOKS)
def test_opf_language_identifier_and_accessibility(books: dict[str, Path], name: str) -> None:
    opf = xml_entry(books[name], "content.opf")
    assert opf.xpath("//dc:language/text()", namespaces=NS) == [LANGS[name]]
    unique = opf.get("unique-identifier")
    identifier = opf.xpath(f"//dc:identifier[@id='{unique}']/text()", namespaces=NS)
    assert len(identifier) == 1 and re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", identifier[0])

    def values(prop: str) -> list[str]:
        return opf.xpath(f"//opf:meta[@property='{prop}']/text()", namespaces=NS)

    has_images = name in ("en", "zh")
    assert values("schema:accessMode") == (["textual", "visual"] if has_images else ["textual"])
    assert "textual" in values("schema:accessModeSufficient")
    features = values("schema:accessibilityFeature")
    assert {"structuralNavigation", "tableOfContents", "readingOrder"} <= set(features)
    assert ("alternativeText" in features) == has_images
    assert values("schema:accessibilityHazard") == ["none"]
    assert len(values("schema:accessibilitySummary")) == 1
    # Conformance to WCAG has not been evaluated, so none may be claimed.
    assert values("dcterms:conformsTo") == []


@pytest.mark.parametrize("name", BOOKS)
def test_cover_image_and_cover_page(books: dict[str, Path], name: str) -> None:
    path = books[name]
    opf = xml_entry(path, "content.opf")
    covers = opf.xpath("//opf:item[@properties='cover-image']", namespaces=NS)
    assert [(c.get("href"), c.get("media-type")) for c in covers] == [
        ("images/cover.png", "image/png")
    ]
    assert read_entry(path, "EPUB/images/cover.png")[:8] == b"\x89PNG\r\n\x1a\n"
    first = opf.xpath("//opf:spine/opf:itemref[1]/@idref", namespaces=NS)[0]
    cover_page = opf.xpath(f"//opf:item[@id='{first}']/@href", namespaces=NS)[0]
    images = xml_entry(path, cover_page).xpath("//x:img", namespaces=NS)
    assert [(i.get("src"), i.get("role")) for i in images] == [("images/cover.png", "doc-cover")]


@pytest.mark.parametrize("name", BOOKS)
def test_nav_lists_every_section_and_the_landmarks(books: dict[str, Path], name: str) -> None:
    path = books[name]
    nav_href = xml_entry(path, "content.opf").xpath(
        "//opf:item[@properties='nav']/@href", namespaces=NS
    )
    assert nav_href == ["nav.xhtml"]
    nav = xml_entry(path, "nav.xhtml")
    article = xml_entry(path, "article.xhtml")
    section_ids = article.xpath("//x:h2/@id", namespaces=NS)
    toc_links = nav.xpath("//x:nav[@epub:type='toc']//x:a/@href", namespaces=NS)
    assert toc_links == ["article.xhtml", *(f"article.xhtml#{i}" for i in section_ids)]
    landmarks = nav.xpath("//x:nav[@epub:type='landmarks']//x:a", namespaces=NS)
    kinds = {a.get("{http://www.idpf.org/2007/ops}type"): a.get("href") for a in landmarks}
    assert kinds == {"cover": "cover.xhtml", "toc": "#toc", "bodymatter": "article.xhtml"}


@pytest.mark.parametrize("name", BOOKS)
def test_every_note_pops_up_and_links_back(books: dict[str, Path], name: str) -> None:
    page = xml_entry(books[name], "article.xhtml")
    calls = page.xpath("//x:a[@epub:type='noteref']", namespaces=NS)
    assert calls
    for call in calls:
        assert call.get("role") == "doc-noteref"
        note_id = call.get("href").removeprefix("#")
        notes = page.xpath(f"//*[@id='{note_id}']", namespaces=NS)
        assert len(notes) == 1
        note = notes[0]
        assert note.tag == "{http://www.w3.org/1999/xhtml}aside"
        assert note.get("{http://www.idpf.org/2007/ops}type") == "footnote"
        assert note.get("role") == "doc-footnote"
        back = note.xpath(".//x:a[@role='doc-backlink']/@href", namespaces=NS)
        assert back == [f"#{call.get('id')}"]
    assert len(page.xpath("//x:aside[@epub:type='footnote']", namespaces=NS)) == len(calls)


@pytest.mark.parametrize("name", BOOKS)
def test_every_document_names_its_language_and_uses_safe_names(
    books: dict[str, Path], name: str
) -> None:
    path = books[name]
    documents = content_documents(path)
    assert set(documents) == {"cover.xhtml", "nav.xhtml", "article.xhtml"}
    for document in documents.values():
        assert document.get("lang") == LANGS[name]
        assert document.get("{http://www.w3.org/XML/1998/namespace}lang") == LANGS[name]
        ids = document.xpath("//@id")
        assert all(SAFE_ID.fullmatch(i) for i in ids), ids
        assert len(ids) == len(set(ids))
    for href, item in manifest(path).items():
        assert href.isascii() and item.get("id").isascii()


def test_an_image_in_the_folder_is_packaged_and_others_become_their_text(
    books: dict[str, Path],
) -> None:
    path = books["en"]
    page = xml_entry(path, "article.xhtml")
    images = page.xpath("//x:img", namespaces=NS)
    assert [(i.get("src"), i.get("alt")) for i in images] == [
        ("images/image-1.png", "A balance growing faster each year")
    ]
    packaged = read_entry(path, "EPUB/images/image-1.png")
    assert packaged == (EN_FIXTURE.parent / "images" / "growth.png").read_bytes()
    assert manifest(path)["images/image-1.png"].get("media-type") == "image/png"
    text = "".join(page.itertext())
    assert "A chart of rates since 1990" in text
    assert "the publisher’s logo" in text
    assert "example.com/logo.png" not in read_entry(path, "EPUB/article.xhtml").decode()


def test_a_non_ascii_image_path_is_packaged_under_an_ascii_name(books: dict[str, Path]) -> None:
    path = books["zh"]
    page = xml_entry(path, "article.xhtml")
    assert page.xpath("//x:img/@src", namespaces=NS) == ["images/image-1.png"]
    source = ZH_FIXTURE.parent / "图表" / "增长.png"
    assert read_entry(path, "EPUB/images/image-1.png") == source.read_bytes()


def test_in_page_links_follow_renamed_ids_and_dangling_ones_lose_the_link(
    books: dict[str, Path],
) -> None:
    page = xml_entry(books["zh"], "article.xhtml")
    span_id = page.xpath("//x:span[.='复利的关键']/@id", namespaces=NS)[0]
    assert page.xpath("//x:a[.='关键']/@href", namespaces=NS) == [f"#{span_id}"]
    assert page.xpath("//x:a[.='公式']/@href", namespaces=NS) == ["#section-3"]
    assert page.xpath("//x:a[.='不存在的一节']", namespaces=NS) == []
    assert "不存在的一节" in "".join(page.itertext())


def test_tables_code_and_nested_lists_reach_the_page(books: dict[str, Path]) -> None:
    page = xml_entry(books["en"], "article.xhtml")
    assert len(page.xpath("//x:table//x:tr", namespaces=NS)) == 4
    assert "principal * (1 + rate) ** years" in "".join(
        page.xpath("//x:pre//text()", namespaces=NS)
    )
    assert page.xpath("//x:ul/x:li/x:ul/x:li/x:ol/x:li[.='daily']", namespaces=NS)


def test_an_animated_image_is_not_declared_free_of_hazards(write_article, tmp_path: Path) -> None:
    source = write_article(
        "moving/blink.md", "---\ntitle: Blink\nlang: en\n---\n\n![A blinking light](blink.gif)\n"
    )
    frames = [Image.new("RGB", (40, 40), colour) for colour in ("white", "black")]
    frames[0].save(
        source.parent / "blink.gif", save_all=True, append_images=frames[1:], duration=100, loop=0
    )
    out = tmp_path / "out"
    result = run_convert("build", str(source), "--format", "epub", "--out", str(out))
    assert result.returncode == 0, result.stderr
    path = out / "epub" / "blink.epub"
    assert epubcheck_messages(path) == []
    assert manifest(path)["images/image-1.gif"].get("media-type") == "image/gif"
    hazards = xml_entry(path, "content.opf").xpath(
        "//opf:meta[@property='schema:accessibilityHazard']/text()", namespaces=NS
    )
    assert "none" not in hazards and "unknownFlashingHazard" in hazards
