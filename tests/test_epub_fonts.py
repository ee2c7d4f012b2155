"""Embedded faces: each is a subset holding exactly the characters the book sets in it, declared
with @font-face and in the manifest; --no-embed-fonts leaves them out."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from conftest import JA_SEED, KO_SEED, SEEDS, run_convert
from epub_checks import EN_FIXTURE, NS, epubcheck_messages, manifest, read_entry, xml_entry
from fontTools.ttLib import TTFont

from convert.writers.epub_fonts import GENERATED_TEXT, VERTICAL_FEATURES

FAMILIES = {
    JA_SEED: {"Noto Serif CJK JP", "Noto Sans CJK JP"},
    KO_SEED: {"Noto Serif CJK KR", "Noto Sans CJK KR"},
}
FONT_FACE = re.compile(r'@font-face \{\s*font-family: "([^"]+)";\s*src: url\("([^"]+)"\);')


@pytest.fixture(scope="module")
def bare_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("no-fonts")
    result = run_convert(
        "all", "--format", "epub", "--no-embed-fonts", "--source", str(SEEDS), "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    return out


def _book_characters(path: Path) -> set[int]:
    text = ""
    for name in ("article.xhtml", "nav.xhtml"):
        text += "".join(xml_entry(path, name).xpath("//x:body//text()", namespaces=NS))
    return {ord(c) for c in text if ord(c) >= 0x20} | {ord(c) for c in GENERATED_TEXT["heading"]}


def _apple_uses_embedded_fonts(path: Path) -> bool:
    """Apple Books ignores a book's own faces unless the package asks it not to."""
    opf = xml_entry(path, "content.opf")
    return opf.xpath("//opf:meta[@property='ibooks:specified-fonts']/text()", namespaces=NS) == [
        "true"
    ]


def _font_faces(path: Path) -> dict[str, str]:
    css = read_entry(path, "EPUB/style.css").decode("utf-8")
    return dict(FONT_FACE.findall(css))


def _embedded_fonts(path: Path) -> dict[str, TTFont]:
    return {
        family: TTFont(io.BytesIO(read_entry(path, f"EPUB/{href}")))
        for family, href in _font_faces(path).items()
    }


def _layout_features(font: TTFont) -> set[str]:
    return {
        record.FeatureTag
        for table in ("GSUB", "GPOS")
        if table in font
        for record in font[table].table.FeatureList.FeatureRecord
    }


@pytest.fixture(scope="module")
def vertical_book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("vertical")
    source = SEEDS / f"{JA_SEED}.txt"
    result = run_convert("build", str(source), "--format", "epub", "--vertical", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / "epub" / f"{JA_SEED}.epub"


@pytest.mark.parametrize("seed", [JA_SEED, KO_SEED])
def test_the_faces_are_declared_listed_and_packaged(seed_dist: Path, seed: str) -> None:
    path = seed_dist / "epub" / f"{seed}.epub"
    faces = _font_faces(path)
    assert set(faces) == FAMILIES[seed]
    items = manifest(path)
    for href in faces.values():
        assert items[href].get("media-type") == "font/otf"
        assert read_entry(path, f"EPUB/{href}")[:4] == b"OTTO"
    assert _apple_uses_embedded_fonts(path)


@pytest.mark.parametrize("seed", [JA_SEED, KO_SEED])
def test_the_body_face_holds_exactly_the_books_characters(seed_dist: Path, seed: str) -> None:
    path = seed_dist / "epub" / f"{seed}.epub"
    faces = _font_faces(path)
    body_family = next(f for f in faces if "Serif" in f)
    font = TTFont(io.BytesIO(read_entry(path, f"EPUB/{faces[body_family]}")))
    assert set(font.getBestCmap()) == _book_characters(path)
    assert len(font.getGlyphOrder()) < 2000  # a full Noto CJK face has 65,535


@pytest.mark.parametrize("seed", [JA_SEED, KO_SEED])
def test_the_heading_face_holds_the_heading_characters_only(seed_dist: Path, seed: str) -> None:
    path = seed_dist / "epub" / f"{seed}.epub"
    faces = _font_faces(path)
    heading_family = next(f for f in faces if "Sans" in f)
    font = TTFont(io.BytesIO(read_entry(path, f"EPUB/{faces[heading_family]}")))
    pages = [xml_entry(path, name) for name in ("article.xhtml", "nav.xhtml")]
    headings = "".join(
        "".join(page.xpath(f"//x:{tag}//text()", namespaces=NS))
        for page in pages
        for tag in ("h1", "h2", "h3", "th")
    )
    keywords = "".join(pages[0].xpath("//x:ul[@class='keywords']//text()", namespaces=NS))
    expected = set(map(ord, headings + keywords + GENERATED_TEXT["heading"]))
    assert set(font.getBestCmap()) == expected
    assert len(expected) < len(_book_characters(path))


@pytest.mark.parametrize("seed", [JA_SEED, KO_SEED])
def test_a_horizontal_books_faces_lose_regional_and_vertical_forms_and_subroutines(
    seed_dist: Path, seed: str
) -> None:
    for font in _embedded_fonts(seed_dist / "epub" / f"{seed}.epub").values():
        features = _layout_features(font)
        assert "kern" in features  # the layout the book uses is kept
        assert "locl" not in features
        assert not features & set(VERTICAL_FEATURES)
        cff = font["CFF "].cff
        assert len(cff.GlobalSubrs) == 0
        assert not any(getattr(fd.Private, "Subrs", None) for fd in cff.topDictIndex[0].FDArray)


def test_a_vertical_books_faces_keep_their_vertical_forms(
    seed_dist: Path, vertical_book: Path
) -> None:
    assert epubcheck_messages(vertical_book) == []
    horizontal = _embedded_fonts(seed_dist / "epub" / f"{JA_SEED}.epub")
    for family, font in _embedded_fonts(vertical_book).items():
        features = _layout_features(font)
        assert "vert" in features
        assert "locl" not in features
        # the vertical punctuation glyphs come along with the book's characters
        assert len(font.getGlyphOrder()) > len(horizontal[family].getGlyphOrder())
        assert set(font.getBestCmap()) == set(horizontal[family].getBestCmap())


@pytest.mark.parametrize("seed", [JA_SEED, KO_SEED])
def test_without_embedding_there_are_no_faces_and_the_book_is_smaller(
    seed_dist: Path, bare_dist: Path, seed: str
) -> None:
    path = bare_dist / "epub" / f"{seed}.epub"
    assert epubcheck_messages(path) == []
    assert _font_faces(path) == {}
    assert not [href for href in manifest(path) if href.startswith("fonts/")]
    assert "@font-face" not in read_entry(path, "EPUB/style.css").decode("utf-8")
    assert not _apple_uses_embedded_fonts(path)
    with_fonts = (seed_dist / "epub" / f"{seed}.epub").stat().st_size
    assert path.stat().st_size + 50_000 < with_fonts


def test_an_english_book_embeds_its_latin_faces(tmp_path: Path) -> None:
    result = run_convert("build", str(EN_FIXTURE), "--format", "epub", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "FFTM" not in result.stderr  # fontTools' own chatter stays out of the output
    faces = _font_faces(tmp_path / "epub" / "compound-interest.epub")
    assert set(faces) == {"Noto Serif", "Noto Sans", "Noto Sans Mono"}
