"""What kind of place a link points to, and which article a site-internal link names."""

from __future__ import annotations

import re
from enum import Enum
from urllib.parse import unquote, urlsplit

from convert.model import ARTICLE_SUFFIXES

LIVE_SCHEMES = ("http", "https", "mailto")
LINKED_SUFFIXES = (*ARTICLE_SUFFIXES, ".html")  # `/slug.html`: the article's web page


class LinkKind(Enum):
    EXTERNAL = "external"  # http(s) or mailto: a reader can follow it
    INTERNAL = "internal"  # another article of the collection: /slug, slug, ../slug, /slug#frag
    ANCHOR = "anchor"  # a place in the same article: #frag
    UNSAFE = "unsafe"  # any other scheme (javascript:, data:, file:) or an empty target


def classify_url(url: str) -> LinkKind:
    url = url.strip()
    if not url:
        return LinkKind.UNSAFE
    if url.startswith("#"):
        return LinkKind.ANCHOR
    parts = urlsplit(url)
    if parts.scheme:
        return LinkKind.EXTERNAL if parts.scheme.lower() in LIVE_SCHEMES else LinkKind.UNSAFE
    if parts.netloc:  # protocol-relative //host/path
        return LinkKind.EXTERNAL
    return LinkKind.INTERNAL if internal_slug(url) else LinkKind.UNSAFE


def internal_slug(url: str) -> str:
    """`/independent-contractor#x` → `independent-contractor`; '' when no slug can be read."""
    path = unquote(urlsplit(url.strip()).path).rstrip("/")
    last = path.rsplit("/", 1)[-1]
    for suffix in LINKED_SUFFIXES:
        if last.lower().endswith(suffix):
            last = last[: -len(suffix)]
    return last if last not in ("", ".", "..") else ""


def readable_name(slug: str) -> str:
    """A name a reader can say for an article we could not find: `double-entry` → `double entry`."""
    return re.sub(r"[-_]+", " ", slug).strip()


def site_path(url: str) -> str:
    """The site-absolute path of an internal link: `../slug#frag` → `/slug#frag`."""
    parts = urlsplit(url.strip())
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"/{internal_slug(url)}{fragment}"
