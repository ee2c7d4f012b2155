"""discover → read → passes → write, one article at a time; one bad article never stops the rest."""

from __future__ import annotations

import dataclasses
import io
import json
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import panflute as pf

from convert.collection import Collection, Source
from convert.config import Config
from convert.errors import ConvertError
from convert.model import Artifact
from convert.output import output_path, write_atomically
from convert.passes import COMMON_PASSES, FORMAT_PASSES, PassContext, run_passes
from convert.read import read_article
from convert.writers import WRITERS


@dataclass
class Outcome:
    """What happened to one article: the files written, its warnings, and any failures."""

    source: Path
    artifacts: list[Artifact] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors)


def _copy(doc: pf.Doc) -> pf.Doc:
    return pf.load(io.StringIO(json.dumps(doc.to_json())))


def _describe(error: Exception, *, verbose: bool) -> str:
    if isinstance(error, ConvertError):
        return error.message
    if verbose:
        return "".join(traceback.format_exception(error)).rstrip()
    return f"internal error: {type(error).__name__}: {error}"


def convert_source(
    source: Source, *, collection: Collection, config: Config, display: str, verbose: bool = False
) -> Outcome:
    """Convert one article into every requested format."""
    outcome = Outcome(source.path)
    try:
        article = read_article(source.path, relpath=source.relpath, timeout=config.pandoc_timeout)
        ctx = PassContext(
            meta=article.meta,
            resolve=lambda slug: collection.resolve(
                slug, folder=article.folder, lang=article.meta.lang
            ),
            site_url=config.site_url,
            source_text=source.path.read_text(encoding="utf-8", errors="replace"),
        )
        common = run_passes(article.doc, ctx, COMMON_PASSES)
    except ConvertError as error:
        outcome.errors.append(error.located(display))
        return outcome
    except Exception as error:  # a bug must fail this article, not the whole run
        outcome.errors.append(f"{display}: {_describe(error, verbose=verbose)}")
        return outcome
    outcome.warnings.extend(w.located(display) for w in article.warnings + ctx.warnings)

    for fmt in config.formats:
        writer = WRITERS[fmt]
        try:
            doc = run_passes(_copy(common), ctx, FORMAT_PASSES[fmt])
            data = writer.write(dataclasses.replace(article, doc=doc), config=config)
            path = output_path(config.out, fmt, source.relpath, writer.extension)
            write_atomically(path, data)
            outcome.artifacts.append(Artifact(fmt, path))
        except ConvertError as error:
            outcome.errors.append(f"{display}: {fmt}: {error.message}")
        except Exception as error:
            outcome.errors.append(f"{display}: {fmt}: {_describe(error, verbose=verbose)}")
    return outcome


def convert_all(
    sources: Iterable[Source],
    *,
    config: Config,
    display: Callable[[Path], str] = str,
    verbose: bool = False,
) -> Iterator[Outcome]:
    """Convert every source, yielding each article's outcome as soon as it is known."""
    sources = list(sources)
    collection = Collection.from_sources(sources)
    for source in sources:
        yield convert_source(
            source,
            collection=collection,
            config=config,
            display=display(source.path),
            verbose=verbose,
        )
