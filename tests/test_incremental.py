"""The build cache: what makes an output stale, what leaves it alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_convert

ARTICLE = "---\ntitle: {title}\n---\n\n## 節\n\n本文[リンク](/{target})です。\n"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    source = tmp_path / "src" / "Japanese"
    source.mkdir(parents=True)
    (source / "citing.md").write_text(ARTICLE.format(title="引用する記事", target="cited"), "utf-8")
    (source / "cited.md").write_text(ARTICLE.format(title="引用される記事", target="none"), "utf-8")
    (source / "alone.md").write_text(ARTICLE.format(title="独立した記事", target="none"), "utf-8")
    return tmp_path / "src"


def build(corpus: Path, *extra: str) -> dict[str, str]:
    """Each article's state after a DOCX build: converted, unchanged or failed."""
    out = corpus.parent / "out"
    result = run_convert(
        "all", "--format", "docx", "--source", str(corpus), "--out", str(out), *extra
    )
    assert result.returncode == 0, result.stderr
    states = {}
    for line in result.stderr.splitlines():
        state, _, rest = line.partition(" ")
        if state in ("converted", "unchanged"):
            states[Path(rest.split(" (")[0]).stem] = state
    return states


def test_a_second_build_converts_nothing(corpus: Path) -> None:
    assert set(build(corpus).values()) == {"converted"}
    assert set(build(corpus).values()) == {"unchanged"}


def test_changing_an_article_rebuilds_it_and_the_articles_citing_its_title(corpus: Path) -> None:
    build(corpus)
    cited = corpus / "Japanese" / "cited.md"
    cited.write_text(ARTICLE.format(title="新しい題名", target="none"), "utf-8")
    assert build(corpus) == {"cited": "converted", "citing": "converted", "alone": "unchanged"}


def test_a_body_edit_that_keeps_the_title_leaves_citing_articles_alone(corpus: Path) -> None:
    build(corpus)
    cited = corpus / "Japanese" / "cited.md"
    cited.write_text(cited.read_text("utf-8") + "\n追記。\n", "utf-8")
    assert build(corpus) == {"cited": "converted", "citing": "unchanged", "alone": "unchanged"}


def test_a_new_article_that_a_dangling_link_now_finds_rebuilds_the_linker(corpus: Path) -> None:
    build(corpus)
    (corpus / "Japanese" / "none.md").write_text(
        ARTICLE.format(title="今ある", target="x"), "utf-8"
    )
    states = build(corpus)
    assert states["none"] == states["cited"] == states["alone"] == "converted"
    assert states["citing"] == "unchanged"


def test_a_deleted_output_is_written_again(corpus: Path) -> None:
    build(corpus)
    (corpus.parent / "out" / "docx" / "Japanese" / "alone.docx").unlink()
    assert build(corpus)["alone"] == "converted"


def test_an_option_that_changes_outputs_rebuilds_everything(corpus: Path) -> None:
    build(corpus)
    assert set(build(corpus, "--paper", "a5").values()) == {"converted"}


def test_force_rebuilds_everything(corpus: Path) -> None:
    build(corpus)
    assert set(build(corpus, "--force").values()) == {"converted"}


def test_warnings_are_shown_again_for_unchanged_articles(corpus: Path) -> None:
    out = corpus.parent / "out"
    args = ("all", "--format", "docx", "--source", str(corpus), "--out", str(out))
    run_convert(*args)
    again = run_convert(*args, "--strict")
    assert "links to articles not in this build: none" in again.stderr
    assert again.returncode == 1


def test_a_changed_image_rebuilds_the_article_that_shows_it(tmp_path: Path) -> None:
    from PIL import Image

    source = tmp_path / "src"
    source.mkdir()
    Image.new("RGB", (8, 8), "red").save(source / "chart.png")
    (source / "with-image.md").write_text(
        "---\ntitle: 図のある記事\n---\n\n本文\n\n![図](chart.png)\n", "utf-8"
    )
    (source / "without.md").write_text("---\ntitle: 図のない記事\n---\n\n本文\n", "utf-8")
    build(source)
    Image.new("RGB", (8, 8), "blue").save(source / "chart.png")
    assert build(source) == {"with-image": "converted", "without": "unchanged"}


def test_while_outputs_are_rewritten_the_cache_on_disk_does_not_vouch_for_them(
    corpus: Path,
) -> None:
    """Outputs reach the disk together at the end of a build; a power cut before then must
    leave a cache that rebuilds whatever was being rewritten, and only that."""
    import json

    from convert.build import build as run_build
    from convert.collection import discover
    from convert.config import make_config

    out = corpus.parent / "out"
    for fmt in ("docx", "epub"):
        run_convert("all", "--format", fmt, "--source", str(corpus), "--out", str(out))
    config = make_config(source=corpus, out=out, formats=("docx",), force=True, jobs=1)
    outcomes = run_build(discover(corpus), config=config)
    next(outcomes)  # the build is under way: one article done, the cache not yet saved again
    on_disk = json.loads((out / ".convert-cache.json").read_text("utf-8"))["articles"]
    assert {record["formats"] == ["epub"] for record in on_disk.values()} == {True}
    outcomes.close()
    saved = json.loads((out / ".convert-cache.json").read_text("utf-8"))["articles"]
    assert any(record["formats"] == ["docx", "epub"] for record in saved.values())
