"""Which files an article may bring into its outputs: only files inside its own folder."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit


def local_resource(url: str, *, folder: Path) -> Path | None:
    """The file a relative URL names inside `folder`, or None when it names anything else: a
    remote host, another scheme, an absolute path, a place outside the folder, a missing file."""
    parts = urlsplit(url.strip())
    if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
        return None
    root = folder.resolve()
    candidate = (root / unquote(parts.path)).resolve()
    if not candidate.is_relative_to(root) or not candidate.is_file():
        return None
    return candidate
