from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
JA_SEED = "000_f05ec80eb2b72cc7"
KO_SEED = "001_9d4fb5367c2b340c"
SEED_LANGS = {JA_SEED: "ja", KO_SEED: "ko"}
# Modules whose tests install, start LibreOffice or build many articles: `make test-fast` skips.
SLOW_MODULES = {
    "test_packaging",
    "test_docx_libreoffice",
    "test_hostile_corpus",
    "test_hostile_kill",
    "test_pdf_typesetting",
    "test_leaked_markup",
    "test_cluster",
    "test_languages",
    "test_book",
    "test_book_rules",
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if item.path.stem in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


def run_convert(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The real command line, as a user runs it."""
    return subprocess.run(
        [sys.executable, "-m", "convert", *args], cwd=cwd, capture_output=True, text=True
    )


@pytest.fixture(scope="session")
def seed_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Both seeds built once into every format."""
    out = tmp_path_factory.mktemp("dist")
    result = run_convert("all", "--source", str(SEEDS), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def write_article(tmp_path: Path):
    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    return write
