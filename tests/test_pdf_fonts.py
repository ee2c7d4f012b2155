"""Glyph coverage before layout, and the tagged PDF/UA variant."""

from __future__ import annotations

from pathlib import Path

from conftest import run_convert
from outputs import pdf_fonts, pdf_text
from pypdf import PdfReader

from convert.fonts import fonts_for
from convert.typeset.glyphs import missing_characters

RARE_HAN = "\U00020bb7"  # 𠮷, CJK Extension B: in the Noto CJK faces
UNCOVERED = "\U00030000"  # 𰀀, CJK Extension G: in no configured face


def test_missing_characters_checks_the_face_and_its_fallbacks() -> None:
    fonts = fonts_for("en")
    assert missing_characters("abc", [fonts.body]) == []
    assert missing_characters("가", [fonts.body]) == ["가"]  # Noto Serif has no Hangul…
    assert missing_characters("가", [fonts.body, *fonts.fallback]) == []  # …a fallback does
    assert missing_characters(f"a{UNCOVERED}\u2060 b{UNCOVERED}", [fonts.body]) == [UNCOVERED]


def test_a_character_no_face_has_is_reported_with_its_line(write_article, tmp_path: Path) -> None:
    body = f"첫 문단.\n\n이름 {RARE_HAN}씨.\n\n없는 글자 {UNCOVERED}.\n"  # on lines 6, 8, 10
    path = write_article("rare.md", f"---\ntitle: 희귀 한자\nlang: ko\n---\n\n{body}")
    out = tmp_path / "out"
    result = run_convert("build", str(path), "--out", str(out), "--format", "pdf")
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "no face has" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith(f"{path}:10: warning: no face has {UNCOVERED} (U+30000)")
    assert RARE_HAN not in result.stderr
    pdf = out / "pdf" / "rare.pdf"
    assert f"{RARE_HAN}씨" in pdf_text(pdf)  # printed, by the Korean face itself
    assert all("Noto" in name for name in pdf_fonts(pdf))


def test_strict_fails_on_an_uncovered_character(write_article, tmp_path: Path) -> None:
    path = write_article("rare.md", f"---\ntitle: 字\nlang: ja\n---\n\n文字{UNCOVERED}。\n")
    result = run_convert("build", str(path), "--out", str(tmp_path), "--format", "pdf", "--strict")
    assert result.returncode == 1
    assert f"{path}:6: warning: no face has" in result.stderr


def test_pdf_ua_1_is_tagged_with_language_and_title(write_article, tmp_path: Path) -> None:
    path = write_article("ua.md", "---\ntitle: 접근성\nlang: ko\n---\n\n## 제목\n\n본문입니다.\n")
    result = run_convert(
        "build", str(path), "--out", str(tmp_path), "--format", "pdf", "--pdf-variant", "pdf/ua-1"
    )
    assert result.returncode == 0, result.stderr
    reader = PdfReader(tmp_path / "pdf" / "ua.pdf")
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] == True  # noqa: E712 (a pypdf BooleanObject)
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "ko"
    assert reader.metadata.title == "접근성"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def test_a_faces_character_set_is_left_out_of_garbage_collections() -> None:
    # 45,000–65,000 entries a CJK face: in a set, every collection in a worker would walk them.
    import gc

    from convert.fonts import code_points

    covered = code_points(fonts_for("ja").body)
    assert len(covered) > 40_000 and ord("漢") in covered
    assert not gc.is_tracked(covered)
