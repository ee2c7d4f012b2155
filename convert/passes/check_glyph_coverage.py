from __future__ import annotations

import panflute as pf

from convert.fonts import ROLE_ELEMENTS, FontSet, fonts_for
from convert.passes.context import PassContext
from convert.tree import children
from convert.typeset.glyphs import missing_characters

_HEADING_TYPES = ROLE_ELEMENTS["heading"].ast_types
_MONO_TYPES = ROLE_ELEMENTS["mono"].ast_types


def _text_by_role(doc: pf.Doc, ctx: PassContext) -> dict[str, str]:
    """The article's text, split by the face role it is set in (convert.fonts.ROLE_ELEMENTS):
    the title and keywords are headings, the description body text."""
    texts: dict[str, list[str]] = {
        "body": [ctx.meta.description],
        "heading": [ctx.meta.title, *ctx.meta.keywords],
        "mono": [],
    }

    def collect(elem: pf.Element, role: str) -> None:
        if isinstance(elem, _MONO_TYPES):
            texts["mono"].append(elem.text)
        elif isinstance(elem, pf.Str):
            texts[role].append(elem.text)
        else:
            inner = "heading" if isinstance(elem, _HEADING_TYPES) else role
            for child in children(elem):
                collect(child, inner)

    collect(doc, "body")
    return {role: "".join(parts) for role, parts in texts.items()}


def _line_of(char: str, source: str) -> int | None:
    position = source.find(char)
    return source.count("\n", 0, position) + 1 if position >= 0 else None


def _faces(fonts: FontSet, role: str) -> list:
    return [getattr(fonts, role), *fonts.fallback]


def check_glyph_coverage(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """Before layout: every character must be in the role's face or one of the named fallback
    faces (fonts/fonts.toml); any other would print as an empty box, so each is reported with
    the line it is first used on."""
    fonts = fonts_for(ctx.meta.lang)
    reported: set[str] = set()
    for role, text in _text_by_role(doc, ctx).items():
        for char in missing_characters(text, _faces(fonts, role)):
            if char in reported:
                continue
            reported.add(char)
            families = ", ".join(face.family for face in _faces(fonts, role))
            ctx.warn(
                f"no face has {char} (U+{ord(char):04X}); it would print as an empty box "
                f"(faces tried: {families})",
                line=_line_of(char, ctx.source_text),
            )
    return doc
