"""The user's project settings: found upward from the working folder, paths relative to the file,
options over them, every problem one line with exit 2 before any article is read."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import run_convert
from outputs import pdf_fonts

from convert.config import SettingsError, find_settings, make_config, read_settings

ARTICLE = "---\ntitle: 設定\n---\n\n本文です。\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "articles").mkdir()
    (tmp_path / "articles" / "a.md").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "deep" / "er").mkdir(parents=True)
    return tmp_path


def test_convert_toml_is_found_upward_and_its_paths_are_relative_to_it(project: Path) -> None:
    (project / "convert.toml").write_text('source = "articles"\nout = "build"\npaper = "A5"\n')
    config = make_config(cwd=project / "deep" / "er")
    assert config.project == project
    assert config.source == project / "articles"
    assert config.out == project / "build"
    assert config.paper == "a5"


def test_pyproject_counts_only_with_a_tool_convert_table(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.convert]\nsite_url = "https://x.example"\n')
    (project / "deep" / "pyproject.toml").write_text('[project]\nname = "other"\n')
    config = make_config(cwd=project / "deep" / "er")
    assert config.project == project
    assert config.site_url == "https://x.example"
    assert config.out == project / "dist"  # the defaults live under the project folder


def test_options_override_the_file_and_are_relative_to_the_working_folder(project: Path) -> None:
    (project / "convert.toml").write_text('out = "build"\npaper = "b5"\n')
    config = make_config(cwd=project / "deep", out=Path("mine"), paper="letter")
    assert config.out == project / "deep" / "mine"
    assert config.paper == "letter"


def test_without_settings_the_working_folder_is_the_project(tmp_path: Path) -> None:
    config = make_config(cwd=tmp_path)
    assert (config.project, config.source, config.out) == (
        tmp_path,
        tmp_path / "seeds",
        tmp_path / "dist",
    )


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('paper = "a3"', "paper = 'a3' must be one of a4, letter, b5, a5"),
        ('formats = ["pdf", "odt"]', "has 'odt'; the formats are pdf, epub, docx"),
        ("jobs = -1", "jobs = -1 must be a whole number, 0 or more"),
        ('vertical = "yes"', "vertical = 'yes' must be true or false"),
        ('styles = "nowhere"', "styles = 'nowhere' names no folder"),
        ('colour = "red"', "unknown setting 'colour' in convert.toml; the settings are source"),
        ('books = "all"', "books = 'all' must be a list of tables ([[books]]"),
        (
            '[[books]]\nname = "x"\narticles = "articles"\norder = "random"',
            "books[1].order = 'random' must be one of collation, manifest",
        ),
        ('[[books]]\ntitle = "x"\narticles = "articles"', "books[1].name is required"),
        ('[[books]]\nname = "x"', "books[1].articles is required"),
        ('[[books]]\nname = "x"\narticles = 3', "books[1].articles = 3 must be a string or"),
        (
            '[[books]]\nname = "x"\narticles = "a"\nvolume = 2',
            "books[1].volume is unknown; the keys are articles",
        ),
        (
            '[[books]]\nname = "x"\narticles = "a"\n[[books]]\nname = "x"\narticles = "b"',
            "books[2].name = 'x' is another book's name too",
        ),
    ],
)
def test_a_bad_setting_names_the_file_the_key_and_what_is_allowed(
    project: Path, line: str, expected: str
) -> None:
    (project / "convert.toml").write_text(line + "\n")
    found = find_settings(project)
    assert found is not None
    with pytest.raises(SettingsError, match="^" + str(project / "convert.toml")) as error:
        read_settings(found)
    assert expected in str(error.value)


def test_a_bad_setting_stops_the_run_before_any_article_is_read(project: Path) -> None:
    (project / "convert.toml").write_text('source = "articles"\nout = "build"\npaper = "a3"\n')
    result = run_convert("all", cwd=project)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"convert: {project / 'convert.toml'}: paper = 'a3' must be one of a4, letter, b5, a5"
    ]
    assert not (project / "build").exists()


def test_the_project_styles_folder_overrides_a_packaged_file(project: Path) -> None:
    (project / "mystyles" / "epub").mkdir(parents=True)
    (project / "mystyles" / "epub" / "book.css").write_text("body { color: #123456; }\n")
    (project / "convert.toml").write_text(
        'source = "articles"\nout = "build"\nstyles = "mystyles"\nformats = ["epub"]\n'
    )
    result = run_convert("all", "--no-embed-fonts", cwd=project)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(project / "build" / "epub" / "a.epub") as book:
        css = book.read("EPUB/style.css").decode()
    assert "color: #123456" in css
    assert "font-family" in css  # the other style files are still ours


def test_the_project_fonts_table_replaces_a_face_per_language(project: Path) -> None:
    (project / "fonts.toml").write_text('[languages.ja]\nheading = "Noto Serif CJK JP"\n')
    (project / "convert.toml").write_text(
        'source = "articles"\nout = "build"\nfonts = "fonts.toml"\nformats = ["pdf"]\n'
    )
    result = run_convert("all", cwd=project)
    assert result.returncode == 0, result.stderr
    fonts = pdf_fonts(project / "build" / "pdf" / "a.pdf")
    assert not any("Sans" in name for name in fonts), fonts


def test_a_fonts_table_naming_an_unknown_face_stops_the_run(project: Path) -> None:
    (project / "fonts.toml").write_text('[languages.ja]\nbody = "Nowhere Serif"\n')
    (project / "convert.toml").write_text('source = "articles"\nfonts = "fonts.toml"\n')
    result = run_convert("all", cwd=project)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "convert: fonts table: 'Nowhere Serif' (languages.ja) has no file"
    ]


def test_version_names_the_libraries_that_shape_the_outputs() -> None:
    result = run_convert("--version")
    assert result.returncode == 0
    names = [line.split()[0] for line in result.stdout.splitlines()]
    assert names == ["convert", "pandoc", "WeasyPrint", "Pango", "HarfBuzz", "HarfBuzz"]
