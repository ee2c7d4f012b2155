"""File → decoded text → front matter + pandoc AST → Article. Knows nothing of output formats."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import frontmatter
import panflute as pf
import yaml

from convert.errors import ConvertError, Warning_
from convert.language import detect_language, is_valid_tag, normalize_tag
from convert.model import Article, ArticleMeta
from convert.pandoc import parse_markdown
from convert.prepass import repair_source

_yaml_handler = frontmatter.YAMLHandler()


def decode(raw: bytes) -> str:
    """UTF-8 text with or without BOM, any line endings, as a str with `\\n` line endings."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ConvertError(f"not valid UTF-8 (byte {error.start})") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def split_front_matter(text: str) -> tuple[dict[str, Any], str, int]:
    """Metadata, body, and the 1-based line in the file where the body starts."""
    if not _yaml_handler.detect(text):
        return {}, text, 1
    try:
        _, raw_metadata, body = _yaml_handler.FM_BOUNDARY.split(text, 2)
    except ValueError:
        raise ConvertError("front matter block is not closed with '---'", line=1) from None
    try:
        metadata = _yaml_handler.load(raw_metadata)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1  # the block starts after line 1
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ConvertError(f"invalid front matter: {problem}", line=line) from None
    if metadata is None:
        metadata = {}
    if not isinstance(metadata, dict):
        raise ConvertError("front matter is not a mapping of keys to values", line=2)
    body_line = text[: len(text) - len(body)].count("\n") + 1
    return metadata, body, body_line


def _text_field(metadata: dict[str, Any], key: str) -> str:
    value = metadata.get(key, "")
    if value is None:
        return ""
    if isinstance(value, (list, dict)):
        raise ConvertError(f"front matter '{key}' must be text, not a {type(value).__name__}")
    return " ".join(str(value).split())


def _keywords(metadata: dict[str, Any]) -> tuple[str, ...]:
    value = metadata.get("keywords") or ()
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, (list, tuple)):
        raise ConvertError("front matter 'keywords' must be a list or a comma-separated string")
    return tuple(dict.fromkeys(str(item).strip() for item in items if str(item).strip()))


def read_meta(metadata: dict[str, Any], body: str, *, source: Path) -> ArticleMeta:
    """Typed metadata; the language is detected from the text when the front matter has none."""
    lang = _text_field(metadata, "lang")
    if lang and not is_valid_tag(lang):
        raise ConvertError(f"front matter 'lang' is not a language tag: {lang!r}")
    title = _text_field(metadata, "title")
    return ArticleMeta(
        title=title,
        description=_text_field(metadata, "description"),
        keywords=_keywords(metadata),
        lang=normalize_tag(lang) if lang else detect_language(title + "\n" + body),
        slug=_text_field(metadata, "slug") or source.stem,
    )


def first_heading_text(doc: pf.Doc) -> str:
    for block in doc.content:
        if isinstance(block, pf.Header) and block.level == 1:
            return pf.stringify(block).strip()
    return ""


def read_article(source: Path, *, relpath: PurePosixPath, timeout: float) -> Article:
    """Read, repair and parse one article file. Raises ConvertError for a problem in the file."""
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise ConvertError(f"cannot read: {error.strerror}") from None
    metadata, body, body_line = split_front_matter(decode(raw))
    meta = read_meta(metadata, body, source=source)
    repaired, repairs = repair_source(body)
    warnings = [Warning_(r.message, line=r.line + body_line - 1) for r in repairs]
    doc = parse_markdown(repaired, timeout=timeout)
    if not meta.title:
        meta = ArticleMeta(**{**meta.__dict__, "title": first_heading_text(doc) or source.stem})
    return Article(source=source, relpath=relpath, meta=meta, doc=doc, warnings=warnings)
