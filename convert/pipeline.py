"""One article, start to finish: read → passes → each format's passes and writer → the bytes of
each output, which the build writes. Never raises."""

from __future__ import annotations

import dataclasses
import io
import json
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import panflute as pf

from convert.assets import use_project_assets
from convert.collection import Collection, Entry, Source
from convert.config import Config
from convert.errors import ConvertError
from convert.formats import FORMATS
from convert.model import Article, Artifact
from convert.passes import COMMON_PASSES, PassContext, run_passes
from convert.read import read_article
from convert.resources import file_digest, local_files


@dataclass
class Outcome:
    """What happened to one article: its outputs, its warnings, and any failures."""

    source: Path
    outputs: dict[str, bytes] = field(default_factory=dict)  # by format, until written
    artifacts: list[Artifact] = field(default_factory=list)  # the files the build wrote
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # Each slug the article links to, and the title it resolved to (None: not in the build).
    links: dict[str, str | None] = field(default_factory=dict)
    # Each file of the article's folder its outputs include (images), with its sha256.
    resources: dict[str, str] = field(default_factory=dict)
    unchanged: bool = False  # every output was already up to date; nothing was converted
    lang: str = ""  # the article's language, as far as it could be read

    @property
    def failed(self) -> bool:
        return bool(self.errors)


def copy_document(doc: pf.Doc) -> pf.Doc:
    """A copy a format's passes may change: each format but the last gets one."""
    return pf.load(io.StringIO(json.dumps(doc.to_json())))


def describe(error: BaseException, *, verbose: bool) -> str:
    if isinstance(error, ConvertError):
        return error.message
    if verbose:
        return "".join(traceback.format_exception(error)).rstrip()
    return f"internal error: {type(error).__name__}: {error}"


def read_in_context(
    source: Source,
    *,
    collection: Collection,
    config: Config,
    vertical: bool = False,
    seen: Callable[[str, Entry | None], None] | None = None,
) -> tuple[Article, PassContext]:
    """An article read under the settings' rules (size limit, language folders), and the
    context its passes run in: its links resolved in the collection from the article's folder
    and language, each reported to `seen` with what it resolved to."""
    article = read_article(
        source.path,
        relpath=source.relpath,
        timeout=config.pandoc_timeout,
        max_bytes=config.max_article_bytes,
        folder_languages=config.folder_names,
    )

    def resolve(slug: str) -> Entry | None:
        entry = collection.resolve(slug, folder=article.folder, lang=article.meta.lang)
        if seen is not None:
            seen(slug, entry)
        return entry

    context = PassContext(
        meta=article.meta,
        resolve=resolve,
        site_url=config.site_url,
        source_text=article.text,
        vertical=vertical,
    )
    return article, context


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
    use_project_assets(styles=config.styles, fonts=config.fonts)

    def seen(slug: str, entry: Entry | None) -> None:
        outcome.links[slug] = entry.title if entry else None

    try:
        article, ctx = read_in_context(
            source, collection=collection, config=config, vertical=config.vertical, seen=seen
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
        output = FORMATS[fmt]
        try:
            own = common if index == len(chosen) - 1 else copy_document(common)
            doc = run_passes(own, ctx, list(output.passes))
            outcome.outputs[fmt] = output.write(
                dataclasses.replace(article, doc=doc), config=config
            )
        except ConvertError as error:
            outcome.errors.append(f"{display}: {fmt}: {error.message}")
        except Exception as error:
            outcome.errors.append(f"{display}: {fmt}: {describe(error, verbose=verbose)}")
    return outcome
