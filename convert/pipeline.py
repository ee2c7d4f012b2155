"""One article, start to finish: read → passes → each writer → atomic write. Never raises."""

from __future__ import annotations

import dataclasses
import io
import json
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import panflute as pf

from convert.collection import Collection, Entry, Source
from convert.config import Config
from convert.errors import ConvertError
from convert.model import Artifact
from convert.output import output_path, write_atomically
from convert.passes import COMMON_PASSES, FORMAT_PASSES, PassContext, run_passes
from convert.read import read_article
from convert.resources import file_digest, local_files
from convert.writers import WRITERS


@dataclass
class Outcome:
    """What happened to one article: the files written, its warnings, and any failures."""

    source: Path
    artifacts: list[Artifact] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Each slug the article links to, and the title it resolved to (None: not in the build).
    links: dict[str, str | None] = field(default_factory=dict)
    # Each file of the article's folder its outputs include (images), with its sha256.
    resources: dict[str, str] = field(default_factory=dict)
    unchanged: bool = False  # every output was already up to date; nothing was converted

    @property
    def failed(self) -> bool:
        return bool(self.errors)


def _copy(doc: pf.Doc) -> pf.Doc:
    return pf.load(io.StringIO(json.dumps(doc.to_json())))


def describe(error: BaseException, *, verbose: bool) -> str:
    if isinstance(error, ConvertError):
        return error.message
    if verbose:
        return "".join(traceback.format_exception(error)).rstrip()
    return f"internal error: {type(error).__name__}: {error}"


def convert_source(
    source: Source,
    *,
    collection: Collection,
    config: Config,
    formats: tuple[str, ...] | None = None,
    display: str,
    verbose: bool = False,
) -> Outcome:
    """Convert one article into each of `formats` (default: the configured ones)."""
    outcome = Outcome(source.path)
    try:
        article = read_article(
            source.path,
            relpath=source.relpath,
            timeout=config.pandoc_timeout,
            max_bytes=config.max_article_bytes,
        )

        def resolve(slug: str) -> Entry | None:
            entry = collection.resolve(slug, folder=article.folder, lang=article.meta.lang)
            outcome.links[slug] = entry.title if entry else None
            return entry

        ctx = PassContext(
            meta=article.meta,
            resolve=resolve,
            site_url=config.site_url,
            source_text=article.text,
        )
        common = run_passes(article.doc, ctx, COMMON_PASSES)
        outcome.resources = {
            str(path): file_digest(path) for path in local_files(common, folder=source.path.parent)
        }
    except ConvertError as error:
        outcome.errors.append(error.located(display))
        return outcome
    except Exception as error:  # a bug must fail this article, not the whole run
        outcome.errors.append(f"{display}: {describe(error, verbose=verbose)}")
        return outcome
    outcome.warnings.extend(w.located(display) for w in article.warnings + ctx.warnings)

    chosen = formats or config.formats
    for index, fmt in enumerate(chosen):
        writer = WRITERS[fmt]
        try:
            # Writers may change the document: each but the last gets its own copy.
            own = common if index == len(chosen) - 1 else _copy(common)
            doc = run_passes(own, ctx, FORMAT_PASSES[fmt])
            data = writer.write(dataclasses.replace(article, doc=doc), config=config)
            path = output_path(config.out, fmt, source.relpath, writer.extension)
            write_atomically(path, data)
            outcome.artifacts.append(Artifact(fmt, path))
        except ConvertError as error:
            outcome.errors.append(f"{display}: {fmt}: {error.message}")
        except Exception as error:
            outcome.errors.append(f"{display}: {fmt}: {describe(error, verbose=verbose)}")
    return outcome
