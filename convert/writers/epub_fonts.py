"""Embedded faces: each face the book is set in, cut down with HarfBuzz's subsetter to exactly the
characters it sets, so a device without CJK fonts shows the book as designed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import uharfbuzz as hb
from lxml import etree

from convert.errors import ConvertError
from convert.fonts import ROLE_ELEMENTS, Face, FontSet, code_points, harfbuzz_face
from convert.writers.epub_package import Resource
from convert.writers.html import css_template_env

FONT_DIR = "fonts"
XHTML = {"x": "http://www.w3.org/1999/xhtml"}


def _role_text_xpath(role: str) -> str:
    """The text of the elements `role` sets (convert.fonts.ROLE_ELEMENTS), as XPath."""
    elements = ROLE_ELEMENTS[role]
    paths = [f"//x:{tag}//text()" for tag in elements.html_tags]
    paths += [
        f"//*[contains(concat(' ', @class, ' '), ' {name} ')]//text()"
        for name in elements.html_classes
    ]
    return " | ".join(paths)


# The body face sets the rest and, as the first fallback of every stack, also receives every
# character of the book.
ROLE_TEXT = {role: _role_text_xpath(role) for role in ("heading", "mono")}
GENERATED_TEXT = {"heading": " ·"}  # `content:` of book.css (between keywords)
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
# Each face is chosen for its own language, so regional glyph variants (locl) are never used;
# vertical alternates are kept only for a vertical book. Both would bring in glyphs never drawn.
UNUSED_FEATURES = ("locl",)
VERTICAL_FEATURES = ("vert", "vrt2", "vkrn", "vpal", "vhal", "valt", "vchw", "vjmo")
UNUSED_TABLES = ("FFTM",)  # FontForge's timestamps
SUBSET_FLAGS = (
    hb.SubsetFlags.NOTDEF_OUTLINE
    # Larger file, but it compresses better inside the zip, and readers need not support subrs.
    | hb.SubsetFlags.DESUBROUTINIZE
)


@dataclass(frozen=True)
class EmbeddedFont:
    family: str
    resource: Resource


def _characters(documents: Iterable[bytes]) -> dict[str, set[int]]:
    """The characters each role sets across the book's documents."""
    found: dict[str, set[int]] = {"body": set(), "heading": set(), "mono": set()}
    for document in documents:
        tree = etree.fromstring(document)
        texts = {"body": tree.xpath("//x:body//text()", namespaces=XHTML)}
        texts |= {role: tree.xpath(path, namespaces=XHTML) for role, path in ROLE_TEXT.items()}
        for role, pieces in texts.items():
            found[role].update(ord(c) for c in CONTROL.sub("", "".join(pieces)))
    for role, text in GENERATED_TEXT.items():
        found[role].update(map(ord, text))
    found["body"] |= found["heading"] | found["mono"]
    return found


def _assign(characters: dict[str, set[int]], fonts: FontSet) -> dict[Face, set[int]]:
    """Which characters each face will draw: a role's own face where it has the glyph, else the
    first fallback that has it, as the CSS font stacks decide."""
    assigned: dict[Face, set[int]] = {}
    for role, wanted in characters.items():
        remaining = set(wanted)
        for face in (getattr(fonts, role), *fonts.fallback):
            if not remaining:
                break
            drawn = remaining & code_points(face).keys()
            if drawn:
                assigned.setdefault(face, set()).update(drawn)
            remaining -= drawn
    return assigned


def _tag(name: str) -> int:
    return int.from_bytes(name.encode("ascii"), "big")


def _subset(face: Face, characters: set[int], *, vertical: bool) -> bytes:
    request = hb.SubsetInput()
    request.flags = SUBSET_FLAGS
    request.unicode_set.update(characters)
    request.drop_table_tag_set.update(map(_tag, UNUSED_TABLES))
    dropped = UNUSED_FEATURES if vertical else UNUSED_FEATURES + VERTICAL_FEATURES
    request.layout_feature_tag_set.difference_update(hb.Set(map(_tag, dropped)))
    try:
        return hb.subset(harfbuzz_face(face.file, face.index), request).blob.data
    except RuntimeError as error:
        raise ConvertError(f"{face.file}: could not subset {face.family!r} ({error})") from error


def _file_stem(family: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", family).strip("-").lower() or "face"


def embed_fonts(
    documents: Iterable[bytes], *, fonts: FontSet, vertical: bool
) -> list[EmbeddedFont]:
    """A subset of each face that draws some character of `documents`, in a stable order."""
    assigned = _assign(_characters(documents), fonts)
    embedded = []
    for number, (face, characters) in enumerate(
        sorted(assigned.items(), key=lambda item: item[0].family), start=1
    ):
        data = _subset(face, characters, vertical=vertical)
        is_cff = data[:4] == b"OTTO"
        embedded.append(
            EmbeddedFont(
                family=face.family,
                resource=Resource(
                    id=f"font-{number}",
                    href=f"{FONT_DIR}/{_file_stem(face.family)}.{'otf' if is_cff else 'ttf'}",
                    media_type="font/otf" if is_cff else "font/ttf",
                    data=data,
                ),
            )
        )
    return embedded


def font_face_css(fonts: list[EmbeddedFont]) -> str:
    """`@font-face` rules that give each family the embedded file."""
    return css_template_env().get_template("epub/font-faces.css.j2").render(fonts=fonts)
