"""One error type for problems with an article; the CLI turns it into `path: reason`."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class ConvertError(Exception):
    """A problem that fails one article (or one output of it), never the whole run."""

    def __init__(self, message: str, *, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line

    def located(self, path: Path | str) -> str:
        where = f"{path}:{self.line}" if self.line else f"{path}"
        return f"{where}: {self.message}"


class ClusterError(Exception):
    """The cluster cannot be used for this build: no Dask, unreachable, different software. The
    run stops before any article is converted."""


class BookFormatError(Exception):
    """A book that cannot be made in one format (a chunk that fails its layout, page numbers
    that do not settle, pandoc failing on a part); its other formats are still made."""


@dataclass(frozen=True)
class Warning_:
    """Something repaired or suspicious in an article; it still converts."""

    message: str
    line: int | None = None

    def located(self, path: Path | str) -> str:
        where = f"{path}:{self.line}" if self.line else f"{path}"
        return f"{where}: warning: {self.message}"
