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


SHOWN_CHARACTERS = 5  # named in the warning; the count says how many more


def check_glyph_coverage(doc: pf.Doc, ctx: PassContext) -> pf.Doc:
    """Before layout: every character must be in the role's face or one of the named fallback
    faces (the fonts table); any other would print as an empty box. An article that has such
    characters gets one warning: how many, the first few, and the line of the first."""
    fonts = fonts_for(ctx.meta.lang)
    missing: dict[str, str] = {}  # character → the role it is missing in, first seen
    for role, text in _text_by_role(doc, ctx).items():
        for char in missing_characters(text, _faces(fonts, role)):
            missing.setdefault(char, role)
    if not missing:
        return doc
    chars = sorted(missing, key=lambda char: _line_of(char, ctx.source_text) or 0)
    shown = ", ".join(f"{char} (U+{ord(char):04X})" for char in chars[:SHOWN_CHARACTERS])
    more = f" and {len(chars) - SHOWN_CHARACTERS} more" if len(chars) > SHOWN_CHARACTERS else ""
    roles = dict.fromkeys(missing.values())
    families = ", ".join(dict.fromkeys(f.family for role in roles for f in _faces(fonts, role)))
    count = "1 character" if len(chars) == 1 else f"{len(chars)} characters"
    ctx.warn(
        f"no face has {shown}{more}: {count} would print as empty boxes (faces tried: {families})",
        line=_line_of(chars[0], ctx.source_text),
    )
    return doc
