"""The one URL fetcher WeasyPrint gets: files under the article's folder and our styles, nothing
else. Kept apart from convert.resources so that reading an article does not import WeasyPrint."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher


class LocalFilesOnly(URLFetcher):
    """Lets WeasyPrint read files under the given folders and nothing else: no network, no
    file an article points at elsewhere on the machine."""

    def __init__(self, *roots: Path) -> None:
        super().__init__(allowed_protocols=("file",))
        self._roots = tuple(root.resolve() for root in roots)

    def fetch(self, url: str, headers: object = None) -> object:
        parts = urlsplit(url)
        path = Path(unquote(parts.path)).resolve() if parts.scheme == "file" else None
        if path is None or not any(path.is_relative_to(root) for root in self._roots):
            raise ValueError(f"not fetched, outside the article's folder: {url}")
        return super().fetch(url, headers)
