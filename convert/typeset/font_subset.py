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

Several documents that are parts of one PDF (a long article's chunks, a book's chunks laid out
by several processes) can share each face (`faces_shared`): each document then embeds a
placeholder named after the face, and what it used of the face (`FaceUse`: the face's file and
glyph ids) is kept; the face is subset once, for the glyphs of all of them (`programs_for`), to
take the placeholders' place when the parts are joined.

Pinned like `justify`: `install` refuses any other WeasyPrint, and tests/test_pdf_font_subset.py
fails when the source of a hooked method changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
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


def _subset(face: Any, glyphs: Any, *, hinting: bool, missing: bool) -> Any:
    """The face cut down to `glyphs` (glyph ids), at their ids, nothing after the last of them;
    None if HarfBuzz fails."""
    request = ffi.gc(
        harfbuzz_subset.hb_subset_input_create_or_fail(), harfbuzz_subset.hb_subset_input_destroy
    )
    ids, count = _sorted_codepoints(glyphs)
    harfbuzz.hb_set_add_sorted_array(harfbuzz_subset.hb_subset_input_glyph_set(request), ids, count)
    flags = (
        harfbuzz_subset.HB_SUBSET_FLAGS_RETAIN_GIDS
        | harfbuzz_subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED
        | harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE
        | harfbuzz_subset.HB_SUBSET_FLAGS_NO_LAYOUT_CLOSURE
    )
    if not hinting:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
    if missing:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NOTDEF_OUTLINE
    harfbuzz_subset.hb_subset_input_set_flags(request, flags)
    tags, count = _sorted_codepoints(harfbuzz.hb_tag_from_string(tag, -1) for tag in DROPPED_TABLES)
    harfbuzz.hb_set_add_sorted_array(
        harfbuzz_subset.hb_subset_input_set(request, harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG),
        tags,
        count,
    )
    subset = ffi.gc(harfbuzz_subset.hb_subset_or_fail(face, request), harfbuzz.hb_face_destroy)
    return _original_face_data(subset) if subset != ffi.NULL else None


# A face's program from its file, for the processes that join what others laid out.
ffi.cdef(
    "hb_blob_t * hb_blob_create_from_file_or_fail (const char *file_name);"
    "hb_face_t * hb_face_create (hb_blob_t *blob, unsigned int index);"
)


def _mapped_file(hb_face: Any) -> Path | None:
    """The font file a face was opened from: the file HarfBuzz mapped whole into memory, found
    in the process's maps; None for a face read any other way."""
    blob = harfbuzz.hb_face_reference_blob(hb_face)
    length = ffi.new("unsigned int *")
    address = int(ffi.cast("uintptr_t", harfbuzz.hb_blob_get_data(blob, length)))
    harfbuzz.hb_blob_destroy(blob)
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            for line in maps:
                fields = line.split(maxsplit=5)
                start, end = (int(value, 16) for value in fields[0].split("-"))
                if start <= address < end:
                    if address != start or int(fields[2], 16) or len(fields) < 6:
                        return None
                    path = Path(fields[5].strip())
                    return path if path.is_file() and path.stat().st_size == length[0] else None
    except OSError:
        pass
    return None


def _file_face(file: str, index: int) -> Any:
    blob = harfbuzz.hb_blob_create_from_file_or_fail(file.encode())
    if blob == ffi.NULL:
        raise RuntimeError(f"cannot open the font file {file}")
    face = ffi.gc(harfbuzz.hb_face_create(blob, index), harfbuzz.hb_face_destroy)
    harfbuzz.hb_blob_destroy(blob)  # the face holds its own reference
    return face


@dataclass(frozen=True)
class FaceUse:
    """What the documents sharing a face used of it: the face (its file, its index there) and
    the glyph ids they drew; enough for any process with the file to make its program."""

    family: str
    file: str
    index: int
    glyphs: frozenset[int]
    hinting: bool = False
    missing: bool = False

    def merged(self, other: FaceUse) -> FaceUse:
        return FaceUse(
            self.family,
            self.file,
            self.index,
            self.glyphs | other.glyphs,
            self.hinting or other.hinting,
            self.missing or other.missing,
        )


def _add_use(uses: dict[bytes, FaceUse], name: bytes, use: FaceUse) -> None:
    uses[name] = uses[name].merged(use) if name in uses else use


def merged_uses(each: Iterable[Mapping[bytes, FaceUse]]) -> dict[bytes, FaceUse]:
    """The uses of several documents' faces, by placeholder: each face's glyphs all together."""
    merged: dict[bytes, FaceUse] = {}
    for uses in each:
        for name, use in uses.items():
            _add_use(merged, name, use)
    return merged


def programs_for(uses: Mapping[bytes, FaceUse]) -> dict[bytes, bytes]:
    """Each placeholder's program: its face subset for all the glyphs it stood for."""
    programs = {}
    for name, use in sorted(uses.items()):
        face = _file_face(use.file, use.index)
        data = _subset(face, use.glyphs, hinting=use.hinting, missing=use.missing)
        if not data:
            raise RuntimeError(f'unable to subset "{use.family}" with HarfBuzz')
        programs[name] = bytes(data)
    return programs


class SharedFaces:
    """The faces of several documents embedded once: what each document embeds instead, and
    what they used of each face."""

    PLACEHOLDER = b" convert: the face shared by the parts, "

    def __init__(self) -> None:
        self.uses: dict[bytes, FaceUse] = {}

    def placeholder(self, font: Any, to_unicode: dict[int, Any], hinting: bool) -> bytes | None:
        """What the document embeds for `font`; None for a face not read from a file, which
        the document embeds itself."""
        file = _mapped_file(font.hb_face)
        if file is None:
            return None
        # WeasyPrint tells a CFF face by its program's first bytes, after subsetting.
        kind = b"OTTO" if "CFF " in font.tables else b"\x00\x01\x00\x00"
        name = kind + self.PLACEHOLDER + font.hash.encode()
        use = FaceUse(
            font.family, str(file), font.index, frozenset(to_unicode), hinting, bool(font.missing)
        )
        _add_use(self.uses, name, use)
        return name


_shared: SharedFaces | None = None


@contextmanager
def faces_shared() -> Iterator[SharedFaces]:
    """While active, the PDFs written embed placeholders for the faces they share."""
    global _shared
    _shared = SharedFaces()
    try:
        yield _shared
    finally:
        _shared = None


def harfbuzz_subset_once(font: Any, to_unicode: dict[int, Any], hinting: bool) -> None:
    """`Font._harfbuzz_subset` in one pass: the glyphs `to_unicode` names (by glyph id), at
    their ids, nothing after the last of them. A shared face: its placeholder."""
    placeholder = None if _shared is None else _shared.placeholder(font, to_unicode, hinting)
    if placeholder is not None:
        font.file_content = placeholder
        return
    data = _subset(font.hb_face, to_unicode, hinting=hinting, missing=bool(font.missing))
    if data:
        font.file_content = data
    else:
        LOGGER.warning('Unable to subset "%s" with HarfBuzz', font.family)


def install() -> None:
    require_pinned_weasyprint(hook="the PDF font hook", module="convert/typeset/font_subset.py")
    fonts.get_hb_object_data = face_data_view
    fonts.Font.clean = clean
    fonts.Font._harfbuzz_subset = harfbuzz_subset_once
