"""The long-lived pandoc process: a failure ends that request only, and it reads no file."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import panflute as pf
import pytest

from convert.errors import ConvertError
from convert.pandoc import PandocServer, parse_markdown, write_doc
from convert.writers.html import HTML_OPTIONS

READ = {"op": "read", "format": "commonmark_x"}


@pytest.fixture
def server():
    running = PandocServer()
    yield running
    running.stop()


def _ast(server: PandocServer, markdown: str) -> pf.Doc:
    out = server.request(READ, markdown.encode(), timeout=30, doing="parsing")
    return pf.load(io.StringIO(out.decode()))


def test_one_process_serves_many_requests(server: PandocServer) -> None:
    first = _ast(server, "# 見出し\n\n本文 *強調*")
    pid = server._process.pid  # type: ignore[union-attr]
    for number in range(20):
        doc = _ast(server, f"段落 {number}")
        assert pf.stringify(doc).strip() == f"段落 {number}"
    assert server._process.pid == pid  # type: ignore[union-attr]
    assert isinstance(first.content[0], pf.Header)


def test_a_request_past_its_timeout_fails_and_the_next_one_works(server: PandocServer) -> None:
    long_text = "語 " * 200_000
    with pytest.raises(ConvertError, match=r"did not finish parsing within 0\.001 s"):
        server.request(READ, long_text.encode(), timeout=0.001, doing="parsing")
    assert pf.stringify(_ast(server, "次")).strip() == "次"


def test_a_killed_pandoc_is_replaced(server: PandocServer) -> None:
    _ast(server, "一")
    server._process.kill()  # type: ignore[union-attr]
    server._process.wait()  # type: ignore[union-attr]
    assert pf.stringify(_ast(server, "二")).strip() == "二"


def test_a_pandoc_error_is_one_line_and_the_process_goes_on(server: PandocServer) -> None:
    with pytest.raises(ConvertError, match=r"^pandoc failed writing nonsense: .*nonsense"):
        server.request(
            {"op": "write", "format": "nonsense"}, b'{"pandoc-api-version":[1,23,1],'
            b'"meta":{},"blocks":[]}', timeout=30, doing="writing nonsense"
        )  # fmt: skip
    assert pf.stringify(_ast(server, "続き")).strip() == "続き"


def test_a_docx_takes_no_image_file_from_the_disk(tmp_path: Path) -> None:
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\n" + b"SECRET-BYTES" * 100)
    doc = parse_markdown(f"前 ![説明文]({secret}) 後", timeout=30)
    data = write_doc(doc, to="docx", timeout=30)
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        assert not [name for name in docx.namelist() if name.startswith("word/media/")]
        assert "説明文" in docx.read("word/document.xml").decode()
    assert b"SECRET-BYTES" not in data


def test_html_keeps_images_and_ends_with_a_newline_as_the_command_line_does() -> None:
    doc = parse_markdown("![図](picture.png)\n\n`code`", timeout=30)
    html = write_doc(doc, to="html5", options=HTML_OPTIONS, timeout=30).decode()
    assert 'src="picture.png"' in html
    assert html.endswith("</p>\n")
