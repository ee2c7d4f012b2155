"""Writing outputs so that nothing half-written is ever left under the output folder."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath

# Flushes in flight at once: the filesystem commits concurrent ones together.
FLUSH_THREADS = 16


def output_path(out: Path, fmt: str, relpath: PurePosixPath, extension: str) -> Path:
    """`OUT/<format>/<relative path>.<ext>`; `relpath` comes from the source path, never from
    metadata, so an article cannot name a place outside `out`."""
    if relpath.is_absolute() or ".." in relpath.parts:
        raise ValueError(f"output name escapes the output folder: {relpath}")
    return out / fmt / relpath.parent / f"{relpath.name}.{extension}"


PARTIAL_SUFFIX = ".part"
BOOKS_DIR = "books"  # OUT/books/<name>.<ext>: the books, beside the articles' format folders


def remove_partial_files(out: Path, *, pattern: str = "*", skip: str | None = None) -> None:
    """Temporary files that a killed run (kill -9, power loss) left beside its outputs: those
    of outputs named `pattern`, outside the folder `skip` (another command's, which may be
    running)."""
    if out.is_dir():
        for leftover in out.rglob(f".{pattern}{PARTIAL_SUFFIX}"):
            if skip is None or leftover.relative_to(out).parts[0] != skip:
                leftover.unlink(missing_ok=True)


def _flush(path: Path) -> None:
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except OSError:
        return  # gone since (a later build removed it): nothing to keep
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def flush_to_disk(files: Iterable[Path]) -> None:
    """Wait until these files, and the folders that name them, are on disk."""
    files = list(files)
    folders = {file.parent for file in files}
    with ThreadPoolExecutor(max_workers=FLUSH_THREADS) as pool:
        list(pool.map(_flush, [*files, *folders]))


def partial_file(folder: Path, name: str) -> Path:
    """A new, empty temporary file in `folder` for an output called `name`, named so that the
    next build removes it if a killed run leaves it (`remove_partial_files`) and `convert check`
    reports it."""
    folder.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile(
        dir=folder, prefix=f".{name}.", suffix=PARTIAL_SUFFIX, delete=False
    )
    handle.close()
    return Path(handle.name)


def move_into_place(partial: Path, path: Path, *, durable: bool = False) -> None:
    """Rename a finished temporary file beside `path` into place (after waiting for the disk,
    when `durable`); on failure it is removed."""
    try:
        if durable:
            _flush(partial)
        os.chmod(partial, 0o644)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_atomically(path: Path, data: bytes, *, durable: bool = False) -> None:
    """Write to a temporary file beside `path`, then rename it into place: no reader and no
    killed run ever sees part of it. `durable` also waits for the disk before the rename, so
    that not even a power cut can leave part of it; a build's outputs skip that wait (a fifth of
    an EPUB's time on a slow disk) and are flushed together at the build's end instead
    (`flush_to_disk`)."""
    partial = partial_file(path.parent, path.name)
    try:
        partial.write_bytes(data)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    move_into_place(partial, path, durable=durable)
