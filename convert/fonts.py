"""The faces an article is set in, read from the fonts table (fonts/fonts.toml, with the project's
own table over it) and checked against the font files."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

import panflute as pf
import uharfbuzz as hb
from fontTools.ttLib import TTCollection, TTFont

from convert.assets import depends_on_assets, fonts_tables
from convert.errors import ConvertError
from convert.language import normalize_tag, script_key

FAMILY_NAME_IDS = (1, 16)  # the family name, and the typographic family name


@dataclass(frozen=True)
class Face:
    family: str
    file: Path
    index: int  # the face's index inside a font collection (.ttc); 0 for a single font


@dataclass(frozen=True)
class FontSet:
    body: Face
    heading: Face
    mono: Face
    fallback: tuple[Face, ...]

    def stack(self, role: str) -> tuple[str, ...]:
        """Family names for a CSS `font-family`: the role's face, then the named fallbacks."""
        face: Face = getattr(self, role)
        return (face.family, *(f.family for f in self.fallback))


@functools.cache
def harfbuzz_face(file: Path, index: int) -> hb.Face:
    """A face, opened once per process: HarfBuzz maps the file and reads tables on demand."""
    return hb.Face(hb.Blob.from_file_path(file), index)


@functools.cache
def code_points(face: Face) -> dict[int, None]:
    """The characters `face` has a glyph for, from its cmap. A dict rather than a set: the
    garbage collector skips a dict of ints, but would walk the 45,000–65,000 entries of each
    CJK face's set at every collection (5 ms an article in a worker)."""
    return dict.fromkeys(harfbuzz_face(face.file, face.index).unicodes)


@depends_on_assets
@functools.cache
def _load_config() -> dict[str, dict]:
    """Ours, then the project's: its files are added, its languages replace ours face by face."""
    merged: dict[str, dict] = {"files": {}, "languages": {}}
    for path in fonts_tables():
        try:
            with path.open("rb") as handle:
                table = tomllib.load(handle)
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ConvertError(f"cannot read the fonts table {path}: {error}") from None
        files = table.get("files", {})
        merged["files"].update({family: path.parent / file for family, file in files.items()})
        for lang, faces in table.get("languages", {}).items():
            merged["languages"][lang] = {**merged["languages"].get(lang, {}), **faces}
    return merged


@functools.cache
def _families_in(file: Path) -> tuple[tuple[str, ...], ...]:
    """The family names of each face in a font file, by face index."""
    if not file.is_file():
        raise ConvertError(
            f"font file missing: {file} (install Debian's fonts-noto-cjk and fonts-noto-core)"
        )
    fonts = (
        TTCollection(file, lazy=True).fonts
        if file.suffix.lower() == ".ttc"
        else [TTFont(file, lazy=True)]
    )
    families = []
    for font in fonts:
        names = font["name"]
        families.append(
            tuple({str(record) for record in names.names if record.nameID in FAMILY_NAME_IDS})
        )
    return tuple(families)


ROLES = ("body", "heading", "mono")


@dataclass(frozen=True)
class RoleElements:
    """What a face role sets, in each form an article takes: HTML (the PDF's and EPUB's CSS,
    the EPUB font subsetter), pandoc's AST (the glyph check) and Word styles (the DOCX)."""

    html_tags: tuple[str, ...] = ()
    html_classes: tuple[str, ...] = ()
    ast_types: tuple[type[pf.Element], ...] = ()
    word_styles: frozenset[str] = frozenset()
    table_header: bool = False  # the header row of a table: <th>, TableHead, w:tblHeader rows


_HEADING_STYLES = ["Title", "TOCHeading", *(f"Heading{level}" for level in range(1, 10))]

# The one table of which face sets what: the body face sets everything not listed here. The
# title is a heading; the description (Word's Subtitle, based on Title) is body text.
ROLE_ELEMENTS: dict[str, RoleElements] = {
    "body": RoleElements(word_styles=frozenset(["Subtitle", "SubtitleChar"])),
    "heading": RoleElements(
        html_tags=("h1", "h2", "h3", "h4", "h5", "h6", "th"),
        html_classes=("keywords",),
        ast_types=(pf.Header, pf.TableHead),
        word_styles=frozenset([*_HEADING_STYLES, *(f"{style}Char" for style in _HEADING_STYLES)]),
        table_header=True,
    ),
    "mono": RoleElements(
        html_tags=("code", "pre", "kbd", "samp"),
        ast_types=(pf.Code, pf.CodeBlock),
        word_styles=frozenset(["SourceCode", "VerbatimChar"]),
    ),
}


def css_selectors(role: str) -> str:
    elements = ROLE_ELEMENTS[role]
    return ", ".join([*elements.html_tags, *(f".{name}" for name in elements.html_classes)])


def check_fonts_table() -> None:
    """Every language names a face for each role, and every face named has a font file."""
    table = _load_config()
    for lang, chosen in table["languages"].items():
        fallback = chosen.get("fallback", [])
        if not isinstance(fallback, list):
            raise ConvertError(f"fonts table: languages.{lang}.fallback must be a list")
        for family in [*(chosen.get(role) for role in ROLES), *fallback]:
            if not isinstance(family, str):
                raise ConvertError(f"fonts table: languages.{lang} needs {', '.join(ROLES)}")
            if family not in table["files"]:
                raise ConvertError(f"fonts table: {family!r} (languages.{lang}) has no file")
            if not Path(table["files"][family]).is_file():
                raise ConvertError(f"fonts table: no font file {table['files'][family]}")


@depends_on_assets
@functools.cache
def face(family: str) -> Face:
    """The configured file and collection index that provide `family`."""
    files = _load_config()["files"]
    if family not in files:
        raise ConvertError(f"font family {family!r} has no file in the fonts table")
    file = Path(files[family])
    for index, names in enumerate(_families_in(file)):
        if family in names:
            return Face(family, file, index)
    raise ConvertError(f"font file {file} does not contain the family {family!r}")


def table_key(lang: str, languages: dict[str, dict]) -> str:
    """The fonts table's entry for `lang`: its own tag's, its base language's, else its script
    key's (convert.language.script_key)."""
    tag = normalize_tag(lang)
    for key in (tag, tag.split("-")[0]):
        if key in languages:
            return key
    return script_key(lang)


@depends_on_assets
@functools.cache
def fonts_for(lang: str) -> FontSet:
    """The faces for an article in `lang`."""
    languages = _load_config()["languages"]
    key = table_key(lang, languages)
    if key not in languages:
        raise ConvertError(f"fonts table: no faces for {lang} (languages.{key})")
    chosen = languages[key]
    return FontSet(
        body=face(chosen["body"]),
        heading=face(chosen["heading"]),
        mono=face(chosen["mono"]),
        fallback=tuple(face(name) for name in chosen.get("fallback", ())),
    )
