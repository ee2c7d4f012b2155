"""The hostile corpus through the real `convert all`: every case gets its verdict, and nothing
is read, fetched or written that an article should not reach."""

from __future__ import annotations

import socketserver
import threading
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from conftest import run_convert
from hostile_corpus import SECRET_BYTES, VERDICTS, build_corpus
from lxml import etree
from outputs import XHTML, epub_document, pdf_text, visible_text

from convert.cache import CACHE_FILE

FORMATS = {"pdf": "pdf", "epub": "epub", "docx": "docx"}


class _Recorder(socketserver.BaseRequestHandler):
    def handle(self) -> None:
        self.server.connections.append(self.client_address)  # type: ignore[attr-defined]
        self.request.recv(4096)


@dataclass
class HostileRun:
    returncode: int
    stderr: str
    root: Path
    source: Path
    out: Path
    files_before: set[Path]
    connections: list[object]


def _files(root: Path, *, skip: Path) -> set[Path]:
    return {path for path in root.rglob("*") if not path.is_relative_to(skip)}


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileRun]:
    root = tmp_path_factory.mktemp("hostile")
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Recorder)
    server.connections = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        source, _ = build_corpus(root, port=server.server_address[1])
        out = root / "out"
        before = _files(root, skip=out)
        result = run_convert("all", "--source", str(source), "--out", str(out))
        yield HostileRun(
            result.returncode,
            result.stderr,
            root,
            source,
            out,
            before,
            server.connections,  # type: ignore[attr-defined]
        )
    finally:
        server.shutdown()
        server.server_close()


def _lines_about(run: HostileRun, case: str) -> list[str]:
    return [line for line in run.stderr.splitlines() if f"hostile/{case}.md:" in line]


def _outputs(run: HostileRun, case: str) -> list[Path]:
    return [run.out / fmt / "hostile" / f"{case}.{ext}" for fmt, ext in FORMATS.items()]


@pytest.mark.parametrize("case", sorted(VERDICTS))
def test_every_case_gets_its_verdict(hostile_run: HostileRun, case: str) -> None:
    verdict, text = VERDICTS[case]
    lines = _lines_about(hostile_run, case)
    assert not any("Traceback" in line or "internal error" in line for line in lines), lines
    outputs = _outputs(hostile_run, case)
    if verdict == "fail":
        assert len(lines) == 1 and text in lines[0], lines
        assert not any(path.exists() for path in outputs)
        return
    assert all(path.is_file() and path.stat().st_size > 0 for path in outputs), lines
    if verdict == "ok":
        assert lines == []
    else:
        assert lines and all(": warning: " in line for line in lines), lines
        assert any(text in line for line in lines), lines


def test_the_run_fails_only_for_the_failing_cases(hostile_run: HostileRun) -> None:
    failing = sum(verdict == "fail" for verdict, _ in VERDICTS.values())
    warned = sum(verdict == "warn" for verdict, _ in VERDICTS.values())
    assert hostile_run.returncode == 1
    summary = hostile_run.stderr.splitlines()[-1]
    converted = len(VERDICTS) - failing
    assert summary.startswith(
        f"{converted} converted, 0 unchanged, {failing} failed, {warned} with warnings"
    )
    assert "Traceback" not in hostile_run.stderr


def test_no_file_appears_outside_the_output_folder(hostile_run: HostileRun) -> None:
    assert _files(hostile_run.root, skip=hostile_run.out) == hostile_run.files_before
    expected = {
        path
        for case, (verdict, _) in VERDICTS.items()
        if verdict != "fail"
        for path in _outputs(hostile_run, case)
    }
    written = {
        path for path in hostile_run.out.rglob("*") if path.is_file() and path.name != CACHE_FILE
    }
    assert written == expected  # `title: ../../x` and `slug: ../../../escaped` named nothing
    assert not Path("/tmp/issue6-pwned").exists()


def test_no_request_reaches_the_loopback_server(hostile_run: HostileRun) -> None:
    assert hostile_run.connections == []


def _readable_bytes(path: Path) -> Iterator[bytes]:
    """The file and, for a zip, every member; for a PDF, every stream decompressed."""
    data = path.read_bytes()
    yield data
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                yield archive.read(name)
    if data.startswith(b"%PDF"):
        with pikepdf.open(path) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Stream):
                    yield obj.read_bytes()


def test_no_output_holds_the_bytes_of_a_file_it_referenced(hostile_run: HostileRun) -> None:
    passwd = Path("/etc/passwd").read_bytes().split(b"\n", 1)[0]
    for path in hostile_run.out.rglob("*.*"):
        for data in _readable_bytes(path):
            assert SECRET_BYTES not in data, path
            assert passwd not in data, path


def test_no_output_holds_active_content(hostile_run: HostileRun) -> None:
    epub = hostile_run.out / "epub" / "hostile"
    for name in ("html_dangerous", "html_broken", "urls_unsafe", "style_attributes"):
        page = epub_document(epub / f"{name}.epub", "article.xhtml")
        for tag in ("script", "iframe", "object", "embed", "link", "style", "svg", "img"):
            assert page.xpath(f"//x:body//x:{tag}", namespaces=XHTML) == [], (name, tag)
        assert page.xpath("//@style | //@onclick | //@src", namespaces=XHTML) == [], name
        hrefs = page.xpath("//x:a/@href", namespaces=XHTML)
        assert all(href.startswith(("#", "http")) for href in hrefs), hrefs
    for path in hostile_run.out.rglob("*.*"):
        for data in _readable_bytes(path):
            assert b"javascript:" not in data and b"OPENXML" not in data, path


def _epub_text(run: HostileRun, case: str) -> str:
    page = epub_document(run.out / "epub" / "hostile" / f"{case}.epub", "article.xhtml")
    return visible_text(page.xpath("//x:body", namespaces=XHTML)[0])


@pytest.mark.parametrize(
    ("case", "original"),
    [
        ("enc/enc_cp932", "text_ja"),
        ("enc/enc_euc_jp", "text_ja"),
        ("enc/enc_utf16le_bom", "text_ja"),
        ("enc/enc_crlf", "text_ja"),
        ("enc/enc_cp949", "text_ko"),
        ("enc/enc_utf16be_bom", "text_ko"),
        ("enc/enc_lone_cr", "text_ko"),
        ("enc/enc_gb18030", "text_zh_hans"),
        ("enc/enc_big5", "text_zh_hant"),
    ],
)
def test_encoded_articles_read_as_their_utf8_original(
    hostile_run: HostileRun, case: str, original: str
) -> None:
    assert _epub_text(hostile_run, case) == _epub_text(hostile_run, original)


def test_decomposed_text_is_composed_and_controls_removed(hostile_run: HostileRun) -> None:
    korean = _epub_text(hostile_run, "enc/enc_nfd")
    assert korean == unicodedata.normalize("NFC", korean) == _epub_text(hostile_run, "text_ko")
    assert _epub_text(hostile_run, "enc/enc_controls") == _epub_text(hostile_run, "text_ja")


def test_raw_html_keeps_its_text_and_allowed_tags(hostile_run: HostileRun) -> None:
    page = epub_document(hostile_run.out / "epub" / "hostile" / "html_broken.epub", "article.xhtml")
    text = visible_text(page)
    # The spaced-out placeholder heading `<h5> <a href=""> TTT </a> </ h5>` is dropped (prepass).
    assert "TTT" not in text and "<" not in text
    assert "利回り" in text and "閉じていない太字" in text
    assert page.xpath("//x:sub/text()", namespaces=XHTML) == ["2"]
    assert page.xpath("//x:sup/text()", namespaces=XHTML) == ["2"]
    kept = visible_text(
        epub_document(hostile_run.out / "epub" / "hostile" / "html_dangerous.epub", "article.xhtml")
    )
    assert "残る文章" in kept and "fetch(" not in kept and "@import" not in kept


def test_front_matter_fallbacks(hostile_run: HostileRun) -> None:
    def title(case: str) -> str:
        path = hostile_run.out / "epub" / "hostile" / f"{case}.epub"
        with zipfile.ZipFile(path) as book:
            opf = etree.fromstring(book.read("EPUB/content.opf"))
        return opf.findtext(".//{http://purl.org/dc/elements/1.1/}title")

    assert title("fm_none_h1") == "見出しが題名"
    assert title("fm_none_no_h1") == "fm_none_no_h1"
    assert title("fm_toml") == "TOMLの記事"
    assert title("fm_scalar_alias") == "株式"
    assert title("a/same") == "同じ名前（甲）" and title("b/same") == "同じ名前（乙）"
    assert "本文" in pdf_text(hostile_run.out / "pdf" / "hostile" / "fm_title_traversal.pdf")


def test_every_output_passes_convert_check(hostile_run: HostileRun, tmp_path: Path) -> None:
    for fmt in ("pdf", "docx"):
        result = run_convert("check", str(hostile_run.out / fmt))
        assert result.returncode == 0, result.stdout
    # epubcheck takes seconds per book: the cases most likely to break an EPUB.
    books = tmp_path / "epub"
    books.mkdir()
    for case in ("html_dangerous", "html_broken", "style_attributes", "shape/wide_table"):
        source = hostile_run.out / "epub" / "hostile" / f"{case}.epub"
        (books / source.name).write_bytes(source.read_bytes())
    result = run_convert("check", str(books))
    assert result.returncode == 0, result.stdout
