"""The words outputs print around the text, per language. Each table (a TOML file under styles/)
is looked up the same way: by the language tag's base language, Chinese by script (zh-Hans,
zh-Hant); a language a table does not list gets its English words."""

from __future__ import annotations

import functools
import tomllib

from convert.assets import depends_on_assets, style_file
from convert.language import is_east_asian, script_key

ARTICLE_LABELS = "epub/labels.toml"  # an article's: the cover, contents, notes, accessibility
FALLBACK = "en"


@depends_on_assets
@functools.cache
def _table(name: str) -> dict[str, dict[str, str]]:
    with style_file(name).open("rb") as handle:
        return tomllib.load(handle)


def _key(lang: str, table: str) -> str | None:
    key = script_key(lang) if is_east_asian(lang) else lang.split("-")[0].lower()
    return key if key in _table(table) else None


def has_labels(lang: str, table: str = ARTICLE_LABELS) -> bool:
    return _key(lang, table) is not None


def labels_for(lang: str, table: str = ARTICLE_LABELS) -> dict[str, str]:
    return _table(table)[_key(lang, table) or FALLBACK]
