from __future__ import annotations

from pathlib import Path, PurePosixPath

from convert.collection import Collection, discover


def write(root: Path, name: str, title: str) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\n---\n\n本文 본문\n", encoding="utf-8")


def test_links_resolve_in_the_same_folder_first_then_the_same_language(tmp_path: Path) -> None:
    write(tmp_path, "Japanese/freelancer.md", "フリーランサー")
    write(tmp_path, "Korean/freelancer.md", "프리랜서")
    write(tmp_path, "Korean/more/thing.md", "것")
    collection = Collection.from_sources(discover(tmp_path))

    def title(folder: str, lang: str) -> str | None:
        entry = collection.resolve("freelancer", folder=PurePosixPath(folder), lang=lang)
        return entry.title if entry else None

    assert title("Japanese", "ja") == "フリーランサー"
    assert title("Korean", "ja") == "프리랜서"  # same folder wins over language
    assert title("Korean/more", "ja") == "フリーランサー"  # else the same language
    assert title("Chinese", "zh") is None


def test_discovery_is_recursive_and_keeps_relative_names(tmp_path: Path) -> None:
    write(tmp_path, "Japanese/a.md", "A")
    write(tmp_path, "Korean/a.md", "A")
    (tmp_path / "readme.rst").write_text("x")
    names = [source.relpath.as_posix() for source in discover(tmp_path)]
    assert names == ["Japanese/a", "Korean/a"]


def test_an_article_titled_by_its_first_heading_is_cited_by_that_title(tmp_path: Path) -> None:
    """The collection names an article as the reader does: front matter, else first H1."""
    (tmp_path / "margin.md").write_text("# 信用取引\n\n本文。\n", encoding="utf-8")
    (tmp_path / "untitled.md").write_text("本文だけ。\n", encoding="utf-8")
    collection = Collection.from_sources(discover(tmp_path))
    folder = PurePosixPath(".")
    assert collection.resolve("margin", folder=folder, lang="ja").title == "信用取引"
    assert collection.resolve("untitled", folder=folder, lang="ja").title == "untitled"


def test_an_article_is_cited_by_its_title_read_as_text(tmp_path: Path) -> None:
    """Entities escaped in a title (`MD&amp;A`) and a plain title with `: ` in it are read as
    the article reads them, never left out of the index."""
    write(tmp_path, "mdanalysis.md", "Management Discussion and Analysis - MD&amp;A")
    write(tmp_path, "float.md", "Float: money counted twice")
    collection = Collection.from_sources(discover(tmp_path))
    folder = PurePosixPath(".")
    found = collection.resolve("mdanalysis", folder=folder, lang="en")
    assert found is not None and found.title == "Management Discussion and Analysis - MD&A"
    found = collection.resolve("float", folder=folder, lang="en")
    assert found is not None and found.title == "Float: money counted twice"
