"""The tool as a user installs it: a wheel in a fresh virtual environment outside the checkout,
run in a project folder of its own. Slow (it installs every dependency): test-fast skips it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS

SOURCE_DATE_EPOCH = "1700000000"
FORMATS = ("pdf", "epub", "docx")


def _run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    environment.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [str(part) for part in command], cwd=cwd, env=environment, capture_output=True, text=True
    )


def _files_under(folder: Path) -> set[Path]:
    return {
        path.relative_to(folder)
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`convert` from a wheel of this checkout, in a fresh venv: the venv's bin folder."""
    wheels = tmp_path_factory.mktemp("wheels")
    built = _run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", wheels, ROOT)
    assert built.returncode == 0, built.stderr
    venv = tmp_path_factory.mktemp("venv")
    created = _run(sys.executable, "-m", "venv", venv)
    assert created.returncode == 0, created.stderr
    wheel = next(wheels.glob("convert-*.whl"))
    install = _run(venv / "bin" / "python", "-m", "pip", "install", "-q", wheel)
    assert install.returncode == 0, install.stderr
    return venv


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("project")
    (folder / "convert.toml").write_text('source = "articles"\nout = "build"\n')
    shutil.copytree(SEEDS, folder / "articles")
    return folder


def test_the_installed_wheel_builds_a_project_and_writes_only_there(
    installed: Path, project: Path
) -> None:
    before = _files_under(installed)
    result = _run(installed / "bin" / "convert", "all", cwd=project)
    assert result.returncode == 0, result.stderr
    for fmt in FORMATS:
        assert len(list((project / "build" / fmt).iterdir())) == len(list(SEEDS.iterdir()))
    assert _files_under(installed) == before  # nothing written inside the venv
    assert not (project / "dist").exists()


def test_the_wheel_writes_the_bytes_an_editable_install_writes(
    installed: Path, project: Path
) -> None:
    result = _run(installed / "bin" / "convert", "all", "--out", "wheel-build", cwd=project)
    assert result.returncode == 0, result.stderr
    editable = _run(sys.executable, "-m", "convert", "all", "--out", "editable-build", cwd=project)
    assert editable.returncode == 0, editable.stderr
    names = _files_under(project / "wheel-build") - {Path(".convert-cache.json")}
    assert len(names) == 3 * len(list(SEEDS.iterdir()))
    different = [
        name
        for name in sorted(names)
        if (project / "wheel-build" / name).read_bytes()
        != (project / "editable-build" / name).read_bytes()
    ]
    assert different == []


def test_the_wheel_carries_every_style_and_font_file(installed: Path) -> None:
    """Everything under styles/ and fonts/ is installed as package data (a new template too)."""
    package = next(installed.glob("lib/python*/site-packages/convert"))
    for folder, shipped_as in (("styles", "styles"), ("fonts", "fonttable")):
        ours = _files_under(ROOT / folder)
        assert ours, folder
        assert ours - _files_under(package / shipped_as) == set()
    assert (package / "pandoc_server.lua").is_file()
