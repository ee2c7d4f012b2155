"""Embedding faces in the PDF at half WeasyPrint's cost, as a hook on its font class.

WeasyPrint 70 spends about a third of each CJK PDF on its faces. For every face of every
document it copies the whole font file into Python (a Noto CJK collection is 20–26 MB), then
subsets it with HarfBuzz twice: once keeping the glyph ids it wrote into the page content, and
again over every glyph up to the last one kept, which costs as much as the first pass. Here:

- the face's data is a view of the file HarfBuzz already has in memory, copied only when a face
  is embedded whole;
- one subsetting pass does what the two did (keeping glyph ids ends the subset at the last
  glyph kept; Debian's HarfBuzz 6.0 ignores NO_LAYOUT_CLOSURE and also keeps the layout
  alternates of the glyphs used), and drops the vertical metrics, which a horizontally set PDF
  never reads.

Pinned like `justify`: `install` refuses any other WeasyPrint, and tests/test_pdf_font_subset.py
fails when the source of a hooked method changes.
"""

from __future__ import annotations

from typing import Any

from weasyprint.logger import LOGGER
from weasyprint.pdf import fonts
from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset

from convert.typeset import require_pinned_weasyprint

# WeasyPrint's list, plus the vertical metrics (vhea, vmtx, VORG): 240 KB a CJK face.
DROPPED_TABLES = (
    b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT",
    b"SVG ", b"VORG", b"vhea", b"vmtx",
)  # fmt: skip

_original_face_data = fonts.get_hb_object_data
_original_clean = fonts.Font.clean
_original_harfbuzz_subset = fonts.Font._harfbuzz_subset


def face_data_view(hb_object: Any, ot_color: str | None = None, glyph: int | None = None) -> Any:
    """The bytes of a face's font file as a read-only view, without a copy; the view keeps
    HarfBuzz's blob alive. Colour glyph data is left to WeasyPrint."""
    if ot_color is not None:
        return _original_face_data(hb_object, ot_color, glyph)
    blob = harfbuzz.hb_face_reference_blob(hb_object)
    length = ffi.new("unsigned int *")
    data = harfbuzz.hb_blob_get_data(blob, length)
    if data == ffi.NULL:
        harfbuzz.hb_blob_destroy(blob)
        return None
    owner = ffi.gc(data, lambda _: harfbuzz.hb_blob_destroy(blob))
    return ffi.buffer(owner, length[0])


def clean(font: Any, to_unicode: dict[int, Any], hinting: bool) -> None:
    """WeasyPrint's `Font.clean`; a face it embeds whole is then copied into bytes, as the PDF
    writer expects."""
    _original_clean(font, to_unicode, hinting)
    if not isinstance(font.file_content, bytes):
        font.file_content = bytes(font.file_content)


def _sorted_codepoints(values: Any) -> Any:
    codepoints = sorted(values)
    return ffi.new(f"hb_codepoint_t[{len(codepoints)}]", codepoints), len(codepoints)


def harfbuzz_subset_once(font: Any, to_unicode: dict[int, Any], hinting: bool) -> None:
    """`Font._harfbuzz_subset` in one pass: the glyphs `to_unicode` names (by glyph id), at
    their ids, nothing after the last of them."""
    request = ffi.gc(
        harfbuzz_subset.hb_subset_input_create_or_fail(), harfbuzz_subset.hb_subset_input_destroy
    )
    glyphs, count = _sorted_codepoints(to_unicode)
    harfbuzz.hb_set_add_sorted_array(
        harfbuzz_subset.hb_subset_input_glyph_set(request), glyphs, count
    )
    flags = (
        harfbuzz_subset.HB_SUBSET_FLAGS_RETAIN_GIDS
        | harfbuzz_subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED
        | harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE
        | harfbuzz_subset.HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE
    )
    if not hinting:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
    if font.missing:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NOTDEF_OUTLINE
    harfbuzz_subset.hb_subset_input_set_flags(request, flags)
    tags, count = _sorted_codepoints(harfbuzz.hb_tag_from_string(tag, -1) for tag in DROPPED_TABLES)
    harfbuzz.hb_set_add_sorted_array(
        harfbuzz_subset.hb_subset_input_set(request, harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG),
        tags,
        count,
    )
    subset = ffi.gc(
        harfbuzz_subset.hb_subset_or_fail(font.hb_face, request), harfbuzz.hb_face_destroy
    )
    data = _original_face_data(subset) if subset != ffi.NULL else None
    if data:
        font.file_content = data
    else:
        LOGGER.warning('Unable to subset "%s" with HarfBuzz', font.family)


def install() -> None:
    require_pinned_weasyprint(hook="the PDF font hook", module="convert/typeset/font_subset.py")
    fonts.get_hb_object_data = face_data_view
    fonts.Font.clean = clean
    fonts.Font._harfbuzz_subset = harfbuzz_subset_once
