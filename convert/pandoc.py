"""Running pandoc: always sandboxed (it reads no file an article names) and under a timeout."""

from __future__ import annotations

import io
import json
import subprocess

import panflute as pf
import pypandoc

from convert.errors import ConvertError

# commonmark_x parses in linear time (pandoc's `markdown` reader can backtrack exponentially on
# malformed inline HTML); `$` is money in this collection, not math; metadata comes only from the
# validated front matter.
MARKDOWN_FORMAT = "commonmark_x-tex_math_dollars-yaml_metadata_block"

# Haskell runtime options. The binary's built-in suggested heap (-H64m) makes every short run map
# and touch 64 MB: with -H16m writing an article's DOCX takes about 15% less time, and parsing is
# no slower (-H1m is slower to parse). -M bounds a run's memory, so a monstrous input fails that
# article instead of exhausting the machine.
RUNTIME_OPTIONS = ("+RTS", "-H16m", "-M1g", "-RTS")


def _run(args: list[str], *, data: bytes, timeout: float, doing: str) -> bytes:
    command = [pypandoc.get_pandoc_path(), *RUNTIME_OPTIONS, "--sandbox", *args]
    try:
        result = subprocess.run(command, input=data, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise ConvertError(f"pandoc did not finish {doing} within {timeout:g} s") from None
    if result.returncode != 0:
        lines = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ConvertError(f"pandoc failed {doing}: {lines[-1] if lines else 'no message'}")
    return result.stdout


def doc_to_json(doc: pf.Doc) -> bytes:
    return json.dumps(doc.to_json(), ensure_ascii=False).encode("utf-8")


def parse_markdown(body: str, *, timeout: float) -> pf.Doc:
    """Pandoc's AST of a CommonMark body."""
    out = _run(
        ["--from", MARKDOWN_FORMAT, "--to", "json"],
        data=body.encode("utf-8"),
        timeout=timeout,
        doing="parsing",
    )
    return pf.load(io.StringIO(out.decode("utf-8")))


def write_doc(
    doc: pf.Doc,
    *,
    to: str,
    args: tuple[str, ...] = (),
    timeout: float,
    output: str | None = None,
) -> bytes:
    """`doc` in pandoc's `to` format: the bytes, or written to `output` when that is given."""
    extra = ["--output", output] if output is not None else []
    return _run(
        ["--from", "json", "--to", to, *args, *extra],
        data=doc_to_json(doc),
        timeout=timeout,
        doing=f"writing {to}",
    )
