"""DOCX builds shared by the DOCX tests: both seeds and the fixture articles, at a fixed date."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SEEDS, run_convert

FIXTURES = ROOT / "tests" / "fixtures" / "docx"
SOURCE_DATE_EPOCH = "1700000000"
SOURCE_DATE = "2023-11-14T22:13:20Z"

# Output name under docx/ → (document language tag, Noto CJK region of its faces).
DOCUMENTS = {
    "seeds/000_f05ec80eb2b72cc7": ("ja-JP", "JP"),
    "seeds/001_9d4fb5367c2b340c": ("ko-KR", "KR"),
    "fixtures/ja_features": ("ja-JP", "JP"),
    "fixtures/ko_hanja": ("ko-KR", "KR"),
    "fixtures/zh_article": ("zh-CN", "SC"),
    "fixtures/zh_hant_article": ("zh-TW", "TC"),
    "fixtures/en_article": ("en-US", "SC"),
}
SEED_DOCUMENTS = [name for name in DOCUMENTS if name.startswith("seeds/")]


@pytest.fixture(scope="session")
def docx_dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds and fixtures as DOCX, dated by SOURCE_DATE_EPOCH; `docx/<name>.docx`."""
    source = tmp_path_factory.mktemp("docx-source")
    shutil.copytree(SEEDS, source / "seeds")
    shutil.copytree(FIXTURES, source / "fixtures")
    out = tmp_path_factory.mktemp("docx-dist")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        result = run_convert("all", "--format", "docx", "--source", str(source), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out / "docx"
