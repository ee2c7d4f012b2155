"""The command line: the only place that prints and chooses exit codes."""

from __future__ import annotations

import collections
import gc
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeRemainingColumn,
)

from convert import __version__
from convert.assets import use_project_assets
from convert.build import build
from convert.collection import Source, discover, relative_name
from convert.config import PDF_VARIANTS, Config, SettingsError, make_config
from convert.errors import ClusterError, ConvertError
from convert.fonts import check_fonts_table
from convert.formats import FORMATS
from convert.paper import PAPER_NAMES
from convert.pipeline import Outcome

if TYPE_CHECKING:
    from convert.book.build import BookRun

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2  # click too exits with 2 on a usage error

FORMAT_CHOICES = click.Choice([*FORMATS, "all"], case_sensitive=False)


def _formats(choice: str) -> tuple[str, ...]:
    return tuple(FORMATS) if choice.lower() == "all" else (choice.lower(),)


def _shown(path: Path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def common_options(function):  # type: ignore[no-untyped-def]
    options = [
        click.option(
            "--format",
            "fmt",
            type=FORMAT_CHOICES,
            default=None,
            help="Output format (default: the settings' formats, else all).",
        ),
        click.option(
            "--out",
            type=click.Path(file_okay=False, path_type=Path),
            default=None,
            help="Output folder (default: the settings' out, else dist/ in the project).",
        ),
        click.option(
            "--paper",
            type=click.Choice(PAPER_NAMES, case_sensitive=False),
            default=None,
            help="Paper size of the PDF and the DOCX (default: the settings' paper, else A4).",
        ),
        click.option(
            "--pdf-variant",
            type=click.Choice(PDF_VARIANTS),
            default=None,
            help="PDF variant, e.g. pdf/ua-1 for tagged, accessible PDF.",
        ),
        click.option(
            "--embed-fonts/--no-embed-fonts",
            default=None,
            help="EPUB: embed subset CJK fonts (default on).",
        ),
        click.option(
            "--vertical",
            is_flag=True,
            default=None,
            help="EPUB: vertical writing for Japanese books.",
        ),
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(min=0),
            default=None,
            help="Worker processes (default: one per core).",
        ),
        click.option(
            "--force", is_flag=True, default=None, help="Rebuild every output, changed or not."
        ),
        click.option(
            "--scheduler",
            envvar="DASK_SCHEDULER_ADDRESS",
            default=None,
            help="Convert on the Dask cluster of this scheduler (tcp://HOST:8786); "
            "default: the settings' scheduler, else this machine's cores.",
        ),
        click.option("--strict", is_flag=True, help="Warnings fail the run."),
        click.option(
            "-v", "--verbose", is_flag=True, help="List every file written; show tracebacks."
        ),
        click.option("-q", "--quiet", is_flag=True, help="Print failures and the summary only."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _show_versions(context: click.Context, _: click.Parameter, value: bool) -> None:
    if not value or context.resilient_parsing:
        return
    from convert.versions import versions

    click.echo(f"convert {__version__}")
    for name, version in versions().items():
        click.echo(f"{name} {version}")
    context.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_versions,
    help="Show the versions of convert, pandoc, WeasyPrint, Pango and HarfBuzz, and exit.",
)
def main() -> None:
    """Turn Markdown articles into PDF, EPUB and DOCX."""


@main.command("all")
@click.option(
    "--source",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of articles (default: the settings' source, else seeds/ in the project).",
)
@common_options
def all_command(source: Path | None, **options: Any) -> None:
    """Convert every article under --source (recursively: .md, .markdown, .txt)."""
    config = _config(source=source, **options)
    if not config.source.is_dir():
        raise click.UsageError(f"no folder of articles at {_shown(config.source)}")
    _run(discover(config.source), config=config, **_reporting(options))


@main.command("build")
@click.argument(
    "files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--source",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder the output names are relative to.",
)
@common_options
def build_command(files: tuple[Path, ...], source: Path | None, **options: Any) -> None:
    """Convert the chosen article files only."""
    config = _config(**options)
    sources = [Source(path, relative_name(path, source)) for path in files]
    _run(sources, config=config, **_reporting(options))


@main.command("book")
@click.argument("target", required=False, default=None)
@click.option(
    "--max-pages",
    type=click.IntRange(min=8),
    default=None,
    help="PDF: split the book into volumes of at most this many pages, at section boundaries.",
)
@common_options
def book_command(target: str | None, max_pages: int | None, **options: Any) -> None:
    """Make one book of many articles: TARGET is the name of a book listed in the settings
    ([[books]]), a folder of articles or a manifest (book.toml). Without TARGET: every book the
    settings list, else the settings' source. Writes OUT/books/<name>.<ext>."""
    from convert.book.build import build_book
    from convert.book.manifest import BookError, chosen_books, select_sources

    reporting = _reporting(options)
    config = _config(**options)
    try:
        books = chosen_books(target, listed=config.books, source=config.source)
        for spec in books:  # every book's articles are found before any is read
            select_sources(spec)
    except BookError as problem:
        click.echo(f"convert: {problem}", err=True)
        sys.exit(EXIT_USAGE)
    failed = False
    for spec in books:
        started = time.perf_counter()
        try:
            run = build_book(spec, config=config, max_pages=max_pages, display=_shown)
        except (BookError, ClusterError) as problem:
            click.echo(f"convert: {problem}", err=True)
            sys.exit(EXIT_USAGE)
        _report_book(run, config=config, started=started, **reporting)
        failed |= bool(run.errors) or (reporting["strict"] and bool(run.warnings))
    gc.freeze()
    sys.exit(EXIT_FAILED if failed else EXIT_OK)


def _report_book(
    run: BookRun, *, config: Config, started: float, strict: bool, verbose: bool, quiet: bool
) -> None:
    if not quiet:
        for warning in run.warnings:
            click.echo(warning, err=True)
    for error in run.errors:
        click.echo(error, err=True)
    if verbose:
        for path in run.written:
            click.echo(f"wrote {_shown(path)}", err=True)
    links = run.tally
    click.echo(
        f"book {run.name}: {run.articles} articles in {run.sections} sections; "
        f"{links['cross-references']} cross-references, {links['footnotes']} footnotes to "
        f"articles outside the book, {links['dangling']} dangling links"
        + (f"; {run.derived_readings} readings derived" if run.derived_readings else "")
        + (f"; {', '.join(run.unchanged)} unchanged" if run.unchanged else "")
        + f"; {len(run.written)} files written to {_shown(config.out / 'books')} in "
        f"{time.perf_counter() - started:.1f} s",
        err=True,
    )


@main.command("check")
@click.argument(
    "folder",
    required=False,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
)
def check_command(folder: Path | None) -> None:
    """Validate the outputs in FOLDER (default: the settings' out, else dist/): epubcheck, PDF
    structure, fonts and glyphs, DOCX zip and XML. One line per file; exit 1 when any file
    fails."""
    from convert.check import check_folder

    folder = folder or _config().out

    checked = failed = 0
    for result in check_folder(folder):
        checked += 1
        failed += not result.ok
        verdict = "ok" if result.ok else "; ".join(result.problems)
        click.echo(f"{_shown(result.path)}: {verdict}")
    click.echo(f"{checked} checked, {failed} failed in {_shown(folder)}", err=True)
    sys.exit(EXIT_FAILED if failed or not checked else EXIT_OK)


REPORTING = ("strict", "verbose", "quiet")


def _reporting(options: dict[str, Any]) -> dict[str, bool]:
    return {name: options[name] for name in REPORTING}


def _config(*, fmt: str | None = None, **options: Any) -> Config:
    """The project's settings with the command line's options over them; a bad setting ends
    the run here, before any article is read."""
    options = {name: value for name, value in options.items() if name not in REPORTING}
    try:
        config = make_config(formats=_formats(fmt) if fmt else None, **options)
        use_project_assets(styles=config.styles, fonts=config.fonts)
        check_fonts_table()
    except (SettingsError, ConvertError) as error:
        click.echo(f"convert: {error}", err=True)
        sys.exit(EXIT_USAGE)
    return config


def _run(
    sources: Iterable[Source],
    *,
    config: Config,
    strict: bool,
    verbose: bool,
    quiet: bool,
) -> None:
    sources = list(sources)
    started = time.perf_counter()
    tally = {"converted": 0, "unchanged": 0, "failed": 0, "warned": 0, "files": 0}
    languages: collections.Counter[str] = collections.Counter()
    show_bar = sys.stderr.isatty() and not (quiet or verbose)
    outcomes = build(sources, config=config, display=_shown, verbose=verbose)
    with _Reporter(total=len(sources), bar=show_bar, verbose=verbose, quiet=quiet) as reporter:
        for outcome in _stopping_on_cluster_error(outcomes):
            reporter.report(outcome)
            tally["files"] += len(outcome.artifacts)
            tally["warned"] += bool(outcome.warnings)
            status = (
                "failed" if outcome.failed else "unchanged" if outcome.unchanged else "converted"
            )
            tally[status] += 1
            languages[outcome.lang or "unknown"] += 1
    elapsed = time.perf_counter() - started
    counts = ", ".join(f"{tally[k]} {k}" for k in ("converted", "unchanged", "failed"))
    by_language = ", ".join(f"{lang} {count}" for lang, count in sorted(languages.items()))
    click.echo(
        f"{counts}, {tally['warned']} with warnings; {tally['files']} files written to "
        f"{_shown(config.out)} in {elapsed:.1f} s; articles by language: {by_language or 'none'}",
        err=True,
    )
    # What is left lives until the exit: frozen, the interpreter's last collections skip it
    # (0.15 s after a PDF build, with WeasyPrint loaded).
    gc.freeze()
    sys.exit(EXIT_FAILED if tally["failed"] or (strict and tally["warned"]) else EXIT_OK)


def _stopping_on_cluster_error(outcomes: Iterator[Outcome]) -> Iterator[Outcome]:
    try:
        yield from outcomes
    except ClusterError as error:
        click.echo(f"convert: {error}", err=True)
        sys.exit(EXIT_USAGE)


class _Reporter:
    """A progress bar on a terminal; else one plain line per article. Failures and warnings are
    always printed (warnings not with --quiet)."""

    def __init__(self, *, total: int, bar: bool, verbose: bool, quiet: bool) -> None:
        self._verbose, self._quiet = verbose, quiet
        self._console = Console(stderr=True, highlight=False, markup=False, soft_wrap=True)
        self._progress: Progress | None = None
        if bar:
            self._progress = Progress(
                TextColumn("converting"),
                BarColumn(),
                MofNCompleteColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                console=self._console,
                transient=True,
            )
            self._task = self._progress.add_task("articles", total=total, rate="")
            self._started = time.perf_counter()

    def __enter__(self) -> _Reporter:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._progress is not None:
            self._progress.stop()

    def _say(self, line: str) -> None:
        if self._progress is not None:
            self._console.print(line)
        else:
            click.echo(line, err=True)

    def report(self, outcome: Outcome) -> None:
        if not self._quiet:
            for warning in outcome.warnings:
                self._say(warning)
        for error in outcome.errors:
            self._say(error)
        if self._progress is None and not self._quiet and not outcome.failed:
            state = "unchanged" if outcome.unchanged else "converted"
            formats = ", ".join(a.format for a in outcome.artifacts)
            self._say(f"{state} {_shown(outcome.source)}" + (f" ({formats})" if formats else ""))
        if self._verbose:
            for artifact in outcome.artifacts:
                self._say(f"wrote {_shown(artifact.path)}")
        if self._progress is not None:
            self._progress.advance(self._task)
            done = self._progress.tasks[0].completed
            rate = done / max(time.perf_counter() - self._started, 1e-6)
            self._progress.update(self._task, rate=f"{rate:.1f} articles/s")
