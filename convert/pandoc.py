"""Running pandoc: one long-lived process per worker, sandboxed, each request under a timeout.

Starting pandoc costs about 10 ms, twice an article (to parse, then to write), which is as much
as the work itself for a DOCX or an EPUB. So each process keeps one `pandoc lua` running
`pandoc_server.lua` and sends it requests over pipes. A request past its timeout, or one that
crashes pandoc (the heap limit, say), ends that process and fails that article only; the next
request starts a new one.
"""

from __future__ import annotations

import io
import json
import os
import selectors
import subprocess
import tempfile
import time
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import IO, Any

import panflute as pf
import pypandoc

from convert.errors import ConvertError

# commonmark_x parses in linear time (pandoc's `markdown` reader can backtrack exponentially on
# malformed inline HTML); `$` is money in this collection, not math; metadata comes only from the
# validated front matter.
MARKDOWN_FORMAT = "commonmark_x-tex_math_dollars-yaml_metadata_block"

SERVER_SCRIPT = Path(str(resources.files("convert") / "pandoc_server.lua"))
# Haskell runtime options. -M bounds the process's memory, so a monstrous input fails its article
# instead of exhausting the machine. The binary's own suggested heap (64 MB) stays: in a process
# that lives as long as its worker, -H16m made parsing 60% and writing DOCX 15% slower for 50 MB
# less memory.
RUNTIME_OPTIONS = ("+RTS", "-M1g", "-RTS")
# Writers that stamp a date take this one, as they did under `--sandbox`; the DOCX writer's own
# dates are replaced by the source's afterwards.
SERVER_ENVIRONMENT = {"SOURCE_DATE_EPOCH": "0"}
READ_SIZE = 1 << 16
# Formats whose writers package files into the output (and write bytes, not text).
BINARY_FORMATS = ("docx", "odt", "pptx", "epub", "epub2", "epub3")


class PandocServer:
    """One `pandoc lua` process, started on first use, restarted after a failure."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[bytes] | None = None
        self._stderr: IO[bytes] | None = None
        self._owner = 0  # the pid that started it: a forked child must start its own
        self._pending = bytearray()  # read from pandoc, not yet consumed

    def request(
        self,
        fields: dict[str, Any],
        data: bytes,
        *,
        timeout: float,
        doing: str,
    ) -> bytes:
        header = {**fields, "size": len(data)}
        process = self._running()
        deadline = time.monotonic() + timeout
        try:
            self._send(process, json.dumps(header).encode() + b"\n" + data)
            reply = json.loads(self._read_line(deadline))
            if "error" in reply:
                raise ConvertError(f"pandoc failed {doing}: {_last_line(reply['error'])}")
            return self._read_exactly(reply["size"], deadline)
        except TimeoutError:
            self.stop()
            raise ConvertError(f"pandoc did not finish {doing} within {timeout:g} s") from None
        except (OSError, EOFError, ValueError):
            message = self._crash_message()
            self.stop()
            raise ConvertError(f"pandoc failed {doing}: {message}") from None

    def stop(self) -> None:
        if self._process is not None and self._owner == os.getpid():
            self._process.kill()
            self._process.wait()
        self._process = None
        self._pending = bytearray()
        if self._stderr is not None:
            self._stderr.close()
            self._stderr = None

    def _running(self) -> subprocess.Popen[bytes]:
        if self._process is not None and self._owner == os.getpid():
            if self._process.poll() is None:
                return self._process
            self.stop()
        self._process = None  # inherited from the parent, or ended: never shared
        self._stderr = tempfile.TemporaryFile()  # read back only when pandoc crashes
        command = [pypandoc.get_pandoc_path(), *RUNTIME_OPTIONS, "lua", str(SERVER_SCRIPT)]
        self._process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,  # replies are read with select and os.read, past any Python buffer
            stderr=self._stderr,
            env={**os.environ, **SERVER_ENVIRONMENT},
        )
        self._owner = os.getpid()
        return self._process

    @staticmethod
    def _send(process: subprocess.Popen[bytes], data: bytes) -> None:
        assert process.stdin is not None
        view = memoryview(data)
        while view:
            view = view[os.write(process.stdin.fileno(), view) :]

    def _read_line(self, deadline: float) -> bytes:
        while b"\n" not in self._pending:
            self._fill(deadline)
        line, _, rest = bytes(self._pending).partition(b"\n")
        self._pending = bytearray(rest)
        return line

    def _read_exactly(self, size: int, deadline: float) -> bytes:
        while len(self._pending) < size:
            self._fill(deadline)
        data = bytes(self._pending[:size])
        del self._pending[:size]
        return data

    def _fill(self, deadline: float) -> None:
        assert self._process is not None and self._process.stdout is not None
        with selectors.DefaultSelector() as selector:
            selector.register(self._process.stdout, selectors.EVENT_READ)
            if not selector.select(max(0.0, deadline - time.monotonic())):
                raise TimeoutError
        chunk = os.read(self._process.stdout.fileno(), READ_SIZE)
        if not chunk:
            raise EOFError
        self._pending += chunk

    def _crash_message(self) -> str:
        if self._stderr is None:
            return "no message"
        if self._process is not None:
            try:
                self._process.wait(timeout=1)
            except subprocess.TimeoutExpired:
                pass
        self._stderr.seek(0)
        return _last_line(self._stderr.read().decode("utf-8", "replace"))


def _last_line(message: str) -> str:
    lines = message.strip().splitlines()
    return lines[-1] if lines else "no message"


_server = PandocServer()


def stop_server() -> None:
    """End this process's pandoc, if it started one (a worker does so as it exits)."""
    _server.stop()


def doc_to_json(doc: pf.Doc) -> bytes:
    return json.dumps(doc.to_json(), ensure_ascii=False).encode("utf-8")


def parse_markdown(body: str, *, timeout: float) -> pf.Doc:
    """Pandoc's AST of a CommonMark body."""
    out = _server.request(
        {"op": "read", "format": MARKDOWN_FORMAT},
        body.encode("utf-8"),
        timeout=timeout,
        doing="parsing",
    )
    return pf.load(io.StringIO(out.decode("utf-8")))


def write_doc(
    doc: pf.Doc,
    *,
    to: str,
    options: dict[str, Any] | None = None,
    timeout: float,
) -> bytes:
    """`doc` in pandoc's `to` format, with pandoc's writer options as its Lua API names them."""
    return write_json(doc_to_json(doc), to=to, options=options, timeout=timeout)


def write_json(
    data: bytes,
    *,
    to: str,
    options: dict[str, Any] | None = None,
    media: Mapping[str, tuple[Path, str]] | None = None,
    timeout: float,
) -> bytes:
    """A document given as pandoc's JSON (a book joins its articles' JSON without parsing it).
    A writer that embeds files gets each image as its description, but for those `media`
    names: (file, media type) by the name images refer to, files the caller has checked."""
    embeds_files = to in BINARY_FORMATS
    fields: dict[str, Any] = {
        "op": "write",
        "format": to,
        "options": options or {},
        "embeds_files": embeds_files,
    }
    if media:
        fields["media"] = {
            name: {"path": str(path), "type": kind} for name, (path, kind) in media.items()
        }
    out = _server.request(
        fields,
        data,
        timeout=timeout,
        doing=f"writing {to}",
    )
    if embeds_files or out.endswith(b"\n"):
        return out
    return out + b"\n"  # as the command line ends a text output
