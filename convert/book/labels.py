"""The words a book prints around cross-references, contents and index, per script."""

from __future__ import annotations

import functools
import tomllib

from convert.assets import depends_on_assets, style_file
from convert.language import script_key


@depends_on_assets
@functools.cache
def _all_labels() -> dict[str, dict[str, str]]:
    with style_file("book/labels.toml").open("rb") as handle:
        return tomllib.load(handle)


def book_labels(lang: str) -> dict[str, str]:
    return _all_labels()[script_key(lang)]


def where(lang: str, *, page: int | str, volume: int = 0) -> str:
    """`p. 37`, `37쪽`; `第2巻 p. 37` when the page is in another volume (`volume` > 0)."""
    labels = book_labels(lang)
    pattern = labels["page_in_volume"] if volume else labels["page"]
    return pattern.format(page=page, volume=volume)
