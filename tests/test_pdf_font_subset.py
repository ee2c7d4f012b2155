"""The PDF font hook: faces embedded as lean subsets; the pin on the WeasyPrint code it replaces."""

from __future__ import annotations

import hashlib
import inspect
import io
from pathlib import Path

import pikepdf
import pytest
import weasyprint
from conftest import JA_SEED, KO_SEED
from fontTools.ttLib import TTFont
from outputs import pdf_text
from weasyprint.pdf import fonts

from convert.errors import ConvertError
from convert.typeset import font_subset

# WeasyPrint 70.0's font code around the hook. When one fails, WeasyPrint changed: read the new
# code, re-check convert/typeset/font_subset.py, run the PDF tests, then update the hash.
PINNED_SOURCES = {
    "Font.__init__": (fonts.Font.__init__, "1f281166b10302a4"),
    "Font.subset": (fonts.Font.subset, "61ed6bc2e9a7e43a"),
    "Font.type": (fonts.Font.type.fget, "31376bf9b326ac58"),
    "Font.clean": (font_subset._original_clean, "794f0211f18453f1"),
    "Font._harfbuzz_subset": (font_subset._original_harfbuzz_subset, "f80805663ede8080"),
    "get_hb_object_data": (font_subset._original_face_data, "03040a623df04c2b"),
    "build_fonts_dictionary": (fonts.build_fonts_dictionary, "fc551bef35d0d6c3"),
}


@pytest.mark.parametrize("name", PINNED_SOURCES)
def test_hooked_weasyprint_font_code_is_unchanged(name: str) -> None:
    function, pinned = PINNED_SOURCES[name]
    source = inspect.getsource(function)
    assert hashlib.sha256(source.encode()).hexdigest()[:16] == pinned, (
        f"WeasyPrint's {name} changed: re-check convert/typeset/font_subset.py against it"
    )


def test_install_refuses_another_weasyprint(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    with pytest.raises(ConvertError, match="font hook is written for WeasyPrint 70.0"):
        font_subset.install()


def test_install_replaces_the_font_methods() -> None:
    font_subset.install()
    assert fonts.Font._harfbuzz_subset is font_subset.harfbuzz_subset_once
    assert fonts.Font.clean is font_subset.clean
    assert fonts.get_hb_object_data is font_subset.face_data_view


def _embedded_faces(path: Path) -> dict[str, TTFont]:
    faces = {}
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/FontDescriptor":
                data = obj.FontFile3.read_bytes()
                faces[str(obj.FontName)] = TTFont(io.BytesIO(data))
    return faces


@pytest.mark.parametrize("seed", [JA_SEED, KO_SEED])
def test_seed_faces_are_subsets_without_vertical_metrics(seed_dist: Path, seed: str) -> None:
    path = seed_dist / "pdf" / f"{seed}.pdf"
    faces = _embedded_faces(path)
    assert len(faces) == 3  # body, headings (bold), and the sans face of the title block
    distinct = len(set(pdf_text(path)))
    for name, face in faces.items():
        tables = set(face.keys())
        assert not tables & {"vmtx", "vhea", "VORG", "GSUB", "GPOS"}, name
        charstrings = face["CFF "].cff.topDictIndex[0].CharStrings
        drawn = 0
        for glyph in face.getGlyphOrder():
            charstring = charstrings[glyph]
            charstring.decompile()
            drawn += len(charstring.program) > 1  # an empty glyph is a lone `endchar`
        # Glyph ids are kept (the page content names them), but only the glyphs used have
        # outlines: at most the characters of the text plus their layout alternates.
        assert 1 < drawn < distinct * 1.3, name
