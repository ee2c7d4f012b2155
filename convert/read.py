"""File → decoded text → front matter + pandoc AST → Article. Knows nothing of output formats."""

from __future__ import annotations

import datetime
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path, PurePosixPath
from typing import Any

import frontmatter
import panflute as pf
import yaml

from convert.config import Config
from convert.decoding import decode_text
from convert.errors import ConvertError, Warning_
from convert.language import FOLDER_LANGUAGES, detect_language, is_valid_tag, normalize_tag
from convert.model import Article, ArticleMeta
from convert.pandoc import parse_markdown
from convert.prepass import quote_front_matter_values, repair_source, unescape_entities
from convert.resources import keep_local_images

# Every later stage walks the tree recursively; the pre-pass flattens deep quotes and lists.
MAX_NESTING = 100
_PLAIN_TEXT_TAGS = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
TOML_ERROR_LINE = re.compile(r"at line (\d+)")
SECOND_BLOCK = re.compile(r"^---[ \t]*\n(?:[A-Za-z_][\w-]*:.*\n)+---[ \t]*$", re.MULTILINE)
TOP_LEVEL_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*[:=]", re.MULTILINE)


def decode(raw: bytes) -> str:
    """The text of an article file (see `convert.decoding`), without the warnings."""
    return decode_text(raw).text


# libyaml's parser, where PyYAML was built with it: indexing a collection reads every article's
# front matter, and the pure-Python parser took 0.9 ms of the 1 ms each cost.
_FastLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class FrontMatterLoader(_FastLoader):  # type: ignore[misc, valid-type]
    """YAML as editors mean it: `no`, `on`, `yes` are words (only true/false are booleans) and
    dates stay text. `_refuse_collection_aliases` runs first: no alias bombs."""


def _refuse_collection_aliases(raw: str) -> None:
    """An alias may repeat a scalar, never a list or mapping: those multiply on every level."""
    collections: set[str] = set()
    for event in yaml.parse(raw, Loader=_FastLoader):
        anchor = getattr(event, "anchor", None)
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent) and anchor:
            collections.add(anchor)
        elif isinstance(event, yaml.AliasEvent) and event.anchor in collections:
            raise yaml.composer.ComposerError(
                None, None, f"alias *{event.anchor} repeats a list or mapping", event.start_mark
            )


FrontMatterLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in _PLAIN_TEXT_TAGS]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
FrontMatterLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _load_yaml(raw: str) -> Any:
    try:
        _refuse_collection_aliases(raw)
        return yaml.load(raw, Loader=FrontMatterLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1  # the block starts after line 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ConvertError(f"invalid front matter: {problem}", line=line) from None


def _load_toml(raw: str) -> Any:
    try:
        return tomllib.loads(raw)
    except tomllib.TOMLDecodeError as error:
        found = TOML_ERROR_LINE.search(str(error))
        line = int(found.group(1)) if found else 1  # the block starts after line 1
        problem = str(error).split(" (at ")[0]
        raise ConvertError(f"invalid TOML front matter: {problem}", line=line) from None


class YAMLFrontMatter(frontmatter.YAMLHandler):
    """python-frontmatter's `---` block, read with FrontMatterLoader."""

    # Its own boundary also swallows the blank lines after the block; keep them in the body.
    FM_BOUNDARY = re.compile(r"^-{3,}[ \t]*$", re.MULTILINE)

    def load(self, fm: str, **kwargs: object) -> Any:
        return _load_yaml(fm)


class TOMLFrontMatter(frontmatter.default_handlers.BaseHandler):
    """A `+++` block, read with the standard library's TOML parser."""

    FM_BOUNDARY = re.compile(r"^\+{3,}[ \t]*$", re.MULTILINE)
    START_DELIMITER = END_DELIMITER = "+++"

    def load(self, fm: str, **kwargs: object) -> Any:
        return _load_toml(fm)


FRONT_MATTER_HANDLERS = (YAMLFrontMatter(), TOMLFrontMatter())


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int]:
    """Metadata, body, and the 1-based line in the file where the body starts. The front matter
    is a YAML block between `---` lines (its plain values YAML would misread quoted first) or a
    TOML block between `+++` lines."""
    text = quote_front_matter_values(text)[0]
    handler = frontmatter.detect_format(text, FRONT_MATTER_HANDLERS)
    if handler is None:
        return {}, text, 1
    try:
        raw_metadata, body = handler.split(text)
    except ValueError:
        fence = handler.START_DELIMITER
        raise ConvertError(f"front matter block is not closed with '{fence}'", line=1) from None
    body = body.removeprefix("\n")
    metadata = handler.load(raw_metadata)
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise ConvertError("front matter is not a mapping of keys to values", line=2)
    body_line = text[: len(text) - len(body)].count("\n") + 1
    return metadata, body, body_line


def key_lines(text: str) -> dict[str, int]:
    """The file line of each top-level key of the front matter, to point errors at it."""
    lines: dict[str, int] = {}
    for match in TOP_LEVEL_KEY.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        lines.setdefault(match.group(1), line)
    return lines


def _text_field(metadata: Mapping[str, Any], key: str, *, lines: Mapping[str, int]) -> str:
    value = metadata.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        raise ConvertError(
            f"front matter '{key}' must be text, not {type(value).__name__} {value!r:.40}",
            line=lines.get(key),
        )
    return " ".join(str(value).split())


def _keywords(metadata: Mapping[str, Any], *, lines: Mapping[str, int]) -> tuple[str, ...]:
    value = metadata.get("keywords") or ()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)  # `keywords: 2020`: one keyword
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)) or not all(
        isinstance(item, (str, int, float)) for item in items
    ):
        raise ConvertError(
            "front matter 'keywords' must be a list or a comma-separated string",
            line=lines.get("keywords"),
        )
    return tuple(dict.fromkeys(str(item).strip() for item in items if str(item).strip()))


def check_date(metadata: Mapping[str, Any], *, lines: Mapping[str, int]) -> list[Warning_]:
    """`date` is not used in the outputs; a date that is not one is worth a warning only."""
    value = metadata.get("date")
    if value is None or isinstance(value, (datetime.date, datetime.datetime)):
        return []
    try:
        datetime.date.fromisoformat(str(value).strip())
    except ValueError:
        return [
            Warning_(f"front matter 'date' is not a date: {value!r:.40}", line=lines.get("date"))
        ]
    return []


def read_meta(
    metadata: Mapping[str, Any],
    body: str,
    *,
    source: Path,
    lines: Mapping[str, int] | None = None,
    folder_languages: Mapping[str, str] = FOLDER_LANGUAGES,
) -> ArticleMeta:
    """Typed metadata. The language: the front matter's `lang`, else the one the article's folder
    is named after (`Texts/Arabic/`, by `folder_languages`), else the script of its text."""
    lines = lines or {}
    lang = _text_field(metadata, "lang", lines=lines)
    if lang and not is_valid_tag(lang):
        raise ConvertError(
            f"front matter 'lang' is not a language tag: {lang!r}", line=lines.get("lang")
        )
    title = _text_field(metadata, "title", lines=lines)
    return ArticleMeta(
        title=title,
        description=_text_field(metadata, "description", lines=lines),
        keywords=_keywords(metadata, lines=lines),
        lang=normalize_tag(lang)
        if lang
        else folder_languages.get(source.parent.name.lower())
        or detect_language(title + "\n" + body),
        slug=_text_field(metadata, "slug", lines=lines) or source.stem,
    )


def repair_meta_text(
    meta: ArticleMeta, *, lines: Mapping[str, int]
) -> tuple[ArticleMeta, list[Warning_]]:
    """Title, description and keywords with HTML entities (`Standard &amp;amp; Poor&amp;#39;s`)
    read as the characters they stand for."""
    warnings: list[Warning_] = []
    fields: dict[str, Any] = {}
    for key in ("title", "description", "keywords"):
        value = getattr(meta, key)
        repaired = (
            tuple(unescape_entities(item) for item in value)
            if isinstance(value, tuple)
            else unescape_entities(value)
        )
        if repaired != value:
            fields[key] = repaired
            message = f"front matter '{key}': HTML entities read as the characters they stand for"
            warnings.append(Warning_(message, line=lines.get(key)))
    return ArticleMeta(**{**meta.__dict__, **fields}), warnings


def check_not_empty(doc: pf.Doc) -> list[Warning_]:
    """White space or front matter alone converts to a blank page: say so."""
    if doc.content:
        return []
    return [Warning_("empty article: nothing but white space or front matter")]


def first_heading_text(doc: pf.Doc) -> str:
    for block in doc.content:
        if isinstance(block, pf.Header) and block.level == 1:
            return pf.stringify(block).strip()
    return ""


def nesting_depth(doc: pf.Doc) -> int:
    """How deep elements sit inside each other, counted without recursion."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(doc, 0)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        if isinstance(node, pf.ListContainer | list | tuple):
            stack.extend((child, depth) for child in node)
        elif isinstance(node, pf.Element):
            for name in node._children:
                child = getattr(node, name, None)
                if child is not None:
                    stack.append((child, depth + 1))
    return deepest


def second_front_matter(body: str, *, body_line: int) -> list[Warning_]:
    """A YAML block further down is text, not metadata: say so, since editors expect otherwise."""
    return [
        Warning_(
            "a second front matter block is kept as text; only the one at the top is metadata",
            line=body_line + body.count("\n", 0, match.start()),
        )
        for match in SECOND_BLOCK.finditer(body)
    ]


def read_article(
    source: Path,
    *,
    relpath: PurePosixPath,
    timeout: float,
    max_bytes: int = Config.max_article_bytes,
    folder_languages: Mapping[str, str] = FOLDER_LANGUAGES,
) -> Article:
    """Read, repair and parse one article file. Raises ConvertError for a problem in the file."""
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise ConvertError(f"cannot read: {error.strerror}") from None
    if len(raw) > max_bytes:
        raise ConvertError(
            f"too large: {len(raw):,} bytes, more than the {max_bytes:,} of the setting "
            "max_article_bytes"
        )
    decoded = decode_text(raw)
    metadata, body, body_line = split_front_matter(decoded.text)
    lines = key_lines(decoded.text[: len(decoded.text) - len(body)])
    meta, meta_repairs = repair_meta_text(
        read_meta(metadata, body, source=source, lines=lines, folder_languages=folder_languages),
        lines=lines,
    )
    quoted = quote_front_matter_values(decoded.text)[1]  # as split_front_matter read them
    warnings = [*decoded.warnings, *(Warning_(r.message, line=r.line) for r in quoted)]
    warnings += [*check_date(metadata, lines=lines), *meta_repairs]
    warnings += second_front_matter(body, body_line=body_line)
    repaired, repairs = repair_source(body)
    warnings += [Warning_(r.message, line=r.line + body_line - 1) for r in repairs]
    doc = parse_markdown(repaired, timeout=timeout)
    if nesting_depth(doc) > MAX_NESTING:
        raise ConvertError(
            f"nested too deeply (emphasis, links, quotes or lists inside each other more than "
            f"{MAX_NESTING} levels)"
        )
    warnings += check_not_empty(doc)
    warnings += [Warning_(message) for message in keep_local_images(doc, folder=source.parent)]
    if not meta.title:
        meta = ArticleMeta(**{**meta.__dict__, "title": first_heading_text(doc) or source.stem})
    return Article(
        source=source, relpath=relpath, meta=meta, doc=doc, warnings=warnings, text=decoded.text
    )
