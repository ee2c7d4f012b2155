"""`convert check` on real outputs: the seeds pass; each kind of damage fails its own file."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pikepdf
from conftest import JA_SEED, KO_SEED, run_convert


def _verdicts(stdout: str) -> dict[str, str]:
    lines = [line.split(": ", 1) for line in stdout.splitlines()]
    return {Path(path).name: verdict for path, verdict in lines}


def test_seed_outputs_pass(seed_dist: Path) -> None:
    result = run_convert("check", str(seed_dist))
    assert result.returncode == 0, result.stdout
    verdicts = _verdicts(result.stdout)
    assert len(verdicts) == 6 and set(verdicts.values()) == {"ok"}
    assert result.stderr.strip() == f"6 checked, 0 failed in {seed_dist}"


def _rewrite_zip(path: Path, name: str, data: bytes) -> None:
    with zipfile.ZipFile(path) as old:
        members = [(info, old.read(info)) for info in old.infolist()]
    with zipfile.ZipFile(path, "w") as new:
        for info, content in members:
            new.writestr(info, data if info.filename == name else content)


def _pdf_with_unembedded_font(path: Path) -> None:
    pdf = pikepdf.new()
    font = pdf.make_indirect(
        pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica
        )
    )
    page = pdf.add_blank_page()
    page.obj.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
    page.obj.Contents = pdf.make_stream(b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET")
    pdf.save(path)


def test_each_damaged_file_fails_on_its_own_line(seed_dist: Path, tmp_path: Path) -> None:
    out = tmp_path / "dist"
    shutil.copytree(seed_dist, out)
    truncated = out / "pdf" / f"{JA_SEED}.pdf"
    truncated.write_bytes(truncated.read_bytes()[:2000])
    _pdf_with_unembedded_font(out / "pdf" / "unembedded.pdf")
    _rewrite_zip(out / "epub" / f"{JA_SEED}.epub", "EPUB/article.xhtml", b"<html><body><p>x")
    _rewrite_zip(out / "docx" / f"{KO_SEED}.docx", "word/document.xml", b"<w:document><w:body>")
    (out / "pdf" / f".{KO_SEED}.pdf.abc123.part").write_bytes(b"%PDF-1.7\n")

    result = run_convert("check", str(out))
    assert result.returncode == 1
    verdicts = _verdicts(result.stdout)
    assert len(result.stdout.splitlines()) == len(verdicts) == 8
    assert verdicts[f"{KO_SEED}.pdf"] == "ok" and verdicts[f"{KO_SEED}.epub"] == "ok"
    assert verdicts[f"{JA_SEED}.docx"] == "ok"
    assert verdicts[f"{JA_SEED}.pdf"] != "ok"
    assert "font Helvetica is not embedded" in verdicts["unembedded.pdf"]
    assert verdicts[f"{JA_SEED}.epub"].startswith("epubcheck ")
    assert "word/document.xml: XML not well-formed" in verdicts[f"{KO_SEED}.docx"]
    assert "temporary file" in verdicts[f".{KO_SEED}.pdf.abc123.part"]
    assert result.stderr.strip().startswith("8 checked, 5 failed")


def test_a_character_no_font_has_is_a_missing_glyph(tmp_path: Path) -> None:
    article = tmp_path / "pua.md"
    article.write_text("---\ntitle: 字\n---\n\n私用領域の字 \ue000 です。\n", encoding="utf-8")
    out = tmp_path / "dist"
    assert run_convert("build", str(article), "--format", "pdf", "--out", str(out)).returncode == 0
    result = run_convert("check", str(out))
    assert result.returncode == 1
    assert "missing glyphs in font" in result.stdout


def test_an_empty_folder_fails(tmp_path: Path) -> None:
    result = run_convert("check", str(tmp_path))
    assert result.returncode == 1
    assert result.stdout == ""
