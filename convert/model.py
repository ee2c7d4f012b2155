"""The data that flows through a build: article metadata, a parsed article, a written output."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import panflute as pf

from convert.errors import Warning_

# The files that are articles: discovered in a source folder, and named by links (`/slug.md`).
ARTICLE_SUFFIXES = (".md", ".markdown", ".txt")


@dataclass(frozen=True)
class ArticleMeta:
    title: str
    description: str = ""
    keywords: tuple[str, ...] = ()
    lang: str = "en"
    slug: str = ""


@dataclass
class Article:
    source: Path
    relpath: PurePosixPath  # path under the source folder, without suffix: names the outputs
    meta: ArticleMeta
    doc: pf.Doc
    warnings: list[Warning_] = field(default_factory=list)
    text: str = ""  # the decoded file, for the line numbers of later warnings

    @property
    def folder(self) -> PurePosixPath:
        return self.relpath.parent


@dataclass(frozen=True)
class Artifact:
    format: str
    path: Path
