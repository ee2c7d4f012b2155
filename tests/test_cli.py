"""The command line as a user meets it: exit codes, one-line errors, where outputs land."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_convert

GOOD = "---\ntitle: 良い記事\n---\n\n## 節\n\n本文です。\n"


def test_one_bad_article_fails_alone_with_a_one_line_error(tmp_path: Path) -> None:
    source = tmp_path / "src"
    (source / "Japanese").mkdir(parents=True)
    (source / "Japanese" / "good.md").write_text(GOOD, encoding="utf-8")
    (source / "Japanese" / "bad.md").write_text("---\ntitle: [\n---\nx\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run_convert("all", "--format", "docx", "--source", str(source), "--out", str(out))
    assert result.returncode == 1
    assert (out / "docx" / "Japanese" / "good.docx").is_file()
    assert not (out / "docx" / "Japanese" / "bad.docx").exists()
    errors = [line for line in result.stderr.splitlines() if "bad.md" in line]
    assert len(errors) == 1
    assert "bad.md:3: invalid front matter" in errors[0]
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("1 converted, 0 unchanged, 1 failed")


def test_every_article_converted_exits_0(tmp_path: Path) -> None:
    source = tmp_path / "src"
    source.mkdir()
    (source / "a.markdown").write_text(GOOD, encoding="utf-8")
    (source / "notes.rst").write_text("not an article", encoding="utf-8")
    out = tmp_path / "out"
    result = run_convert("all", "--format", "epub", "--source", str(source), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (out / "epub").iterdir()) == ["a.epub"]


def test_usage_error_exits_2(tmp_path: Path) -> None:
    assert run_convert("all", "--format", "odt").returncode == 2
    assert run_convert("build").returncode == 2


def test_build_converts_only_the_chosen_files(tmp_path: Path) -> None:
    (tmp_path / "one.md").write_text(GOOD, encoding="utf-8")
    (tmp_path / "two.md").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    result = run_convert("build", str(tmp_path / "one.md"), "--format", "docx", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert [p.name for p in (out / "docx").iterdir()] == ["one.docx"]


def test_strict_makes_warnings_fail_the_run(tmp_path: Path) -> None:
    (tmp_path / "quirky.md").write_text("---\ntitle: T\n---\n\n##見出し\n", encoding="utf-8")
    out = tmp_path / "out"
    args = ("build", str(tmp_path / "quirky.md"), "--format", "docx", "--out", str(out))
    relaxed = run_convert(*args)
    assert relaxed.returncode == 0
    assert "quirky.md:5: warning: heading without a space after '##'" in relaxed.stderr
    assert run_convert(*args, "--strict").returncode == 1


@pytest.mark.parametrize(
    "text", ["", "  \n\n\t\n", "---\ntitle: 空\n---\n", "---\ntitle: 空\n---\n\n   \n"]
)
def test_an_empty_article_is_a_warning_and_strict_fails_it(tmp_path: Path, text: str) -> None:
    (tmp_path / "empty.md").write_text(text, encoding="utf-8")
    args = ("build", str(tmp_path / "empty.md"), "--format", "epub", "--out", str(tmp_path / "o"))
    relaxed = run_convert(*args)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "empty.md: warning: empty article: nothing but white space or front matter" in (
        relaxed.stderr
    )
    assert run_convert(*args, "--strict").returncode == 1


def test_no_temporary_files_are_left_in_the_output(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    run_convert("build", str(tmp_path / "a.md"), "--out", str(out))
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == [".convert-cache.json", "docx/a.docx", "epub/a.epub", "pdf/a.pdf"]


def test_python_m_and_the_console_script_are_the_same_program() -> None:
    result = run_convert("--help")
    assert result.returncode == 0
    assert "all" in result.stdout and "build" in result.stdout


def test_without_a_terminal_each_article_gets_one_plain_line(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.md").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"
    files = [str(tmp_path / "a.md"), str(tmp_path / "b.md")]
    result = run_convert("build", *files, "--format", "docx", "--out", str(out))
    lines = result.stderr.splitlines()
    assert sorted(line.split("/")[-1] for line in lines[:-1]) == ["a.md (docx)", "b.md (docx)"]
    assert all(line.startswith("converted ") for line in lines[:-1])
    assert "\x1b[" not in result.stderr  # no terminal control codes
    quiet = run_convert("build", *files, "--format", "docx", "--out", str(out), "--quiet")
    assert quiet.stderr.splitlines() == [quiet.stderr.splitlines()[-1]]
    assert quiet.stderr.startswith("0 converted, 2 unchanged, 0 failed")
