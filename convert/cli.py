"""The command line: the only place that prints and chooses exit codes."""

from __future__ import annotations

import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from convert import __version__
from convert.collection import Source, discover, relative_name
from convert.config import PAPER_SIZES, PROJECT_ROOT, make_config
from convert.pipeline import Outcome, convert_all
from convert.writers import WRITERS

EXIT_OK, EXIT_FAILED = 0, 1  # click exits with 2 on a usage error

FORMAT_CHOICES = click.Choice([*WRITERS, "all"], case_sensitive=False)


def _formats(choice: str) -> tuple[str, ...]:
    return tuple(WRITERS) if choice.lower() == "all" else (choice.lower(),)


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
            default="all",
            show_default=True,
            help="Output format.",
        ),
        click.option(
            "--out",
            type=click.Path(file_okay=False, path_type=Path),
            default=PROJECT_ROOT / "dist",
            help="Output folder (default: dist/).",
        ),
        click.option(
            "--paper",
            type=click.Choice(PAPER_SIZES, case_sensitive=False),
            default=None,
            help="PDF paper size (default from [tool.convert], else A4).",
        ),
        click.option(
            "--pdf-variant",
            type=click.Choice(["pdf/ua-1", "pdf/a-3b"]),
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
        click.option("--strict", is_flag=True, help="Warnings fail the run."),
        click.option(
            "-v", "--verbose", is_flag=True, help="List every file written; show tracebacks."
        ),
        click.option("-q", "--quiet", is_flag=True, help="Print failures and the summary only."),
    ]
    for option in reversed(options):
        function = option(function)
    return function


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="convert")
def main() -> None:
    """Turn Markdown articles into PDF, EPUB and DOCX."""


@main.command("all")
@click.option(
    "--source",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=PROJECT_ROOT / "seeds",
    help="Folder of articles (default: seeds/).",
)
@common_options
def all_command(source: Path, **options: Any) -> None:
    """Convert every article under --source (recursively: .md, .markdown, .txt)."""
    _run(discover(source), source=source, **options)


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
    _run([Source(path, relative_name(path, source)) for path in files], **options)


@main.command("check")
@click.argument(
    "folder",
    required=False,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=PROJECT_ROOT / "dist",
)
def check_command(folder: Path) -> None:
    """Validate the outputs in FOLDER (default dist/): epubcheck, PDF structure, fonts and
    glyphs, DOCX zip and XML. One line per file; exit 1 when any file fails."""
    from convert.check import check_folder

    checked = failed = 0
    for result in check_folder(folder):
        checked += 1
        failed += not result.ok
        verdict = "ok" if result.ok else "; ".join(result.problems)
        click.echo(f"{_shown(result.path)}: {verdict}")
    click.echo(f"{checked} checked, {failed} failed in {_shown(folder)}", err=True)
    sys.exit(EXIT_FAILED if failed or not checked else EXIT_OK)


def _run(
    sources: Iterable[Source],
    *,
    fmt: str,
    strict: bool,
    verbose: bool,
    quiet: bool,
    **settings: Any,
) -> None:
    config = make_config(formats=_formats(fmt), **settings)
    started = time.perf_counter()
    converted = failed = warned = written = 0
    for outcome in convert_all(sources, config=config, display=_shown, verbose=verbose):
        _report(outcome, verbose=verbose, quiet=quiet)
        written += len(outcome.artifacts)
        warned += bool(outcome.warnings)
        if outcome.failed:
            failed += 1
        else:
            converted += 1
    elapsed = time.perf_counter() - started
    click.echo(
        f"{converted} converted, {failed} failed, {warned} with warnings; "
        f"{written} files in {_shown(config.out)} in {elapsed:.1f} s",
        err=True,
    )
    sys.exit(EXIT_FAILED if failed or (strict and warned) else EXIT_OK)


def _report(outcome: Outcome, *, verbose: bool, quiet: bool) -> None:
    if not quiet:
        for warning in outcome.warnings:
            click.echo(warning, err=True)
    for error in outcome.errors:
        click.echo(error, err=True)
    if verbose:
        for artifact in outcome.artifacts:
            click.echo(f"wrote {_shown(artifact.path)}", err=True)
