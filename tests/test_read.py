from __future__ import annotations

from pathlib import Path, PurePosixPath

import panflute as pf
import pytest

from convert.errors import ConvertError
from convert.language import detect_language
from convert.pandoc import parse_markdown
from convert.read import read_article


def read(path: Path):
    return read_article(path, relpath=PurePosixPath(path.stem), timeout=30)


def test_keywords_string_becomes_a_list(write_article) -> None:
    path = write_article("a.md", "---\ntitle: T\nkeywords: Investing, FinTech ,FinTech\n---\n\nx\n")
    assert read(path).meta.keywords == ("Investing", "FinTech")


def test_bom_and_crlf_are_decoded(write_article, tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes("\ufeff---\r\ntitle: 題\r\n---\r\n\r\n##見出し\r\n".encode())
    article = read(path)
    assert article.meta.title == "題"
    assert isinstance(article.doc.content[0], pf.Header)
    assert article.warnings[0].line == 5


def test_warning_lines_count_from_the_top_of_the_file(write_article) -> None:
    path = write_article("a.md", "---\ntitle: T\n---\n\n# T\n##見出し\n")
    assert [w.line for w in read(path).warnings] == [6]


@pytest.mark.parametrize(
    ("text", "lang"),
    [("バーチャルアシスタント", "ja"), ("가상 비서", "ko"), ("虚拟助理", "zh"), ("Virtual", "en")],
)
def test_language_is_detected_from_the_text(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_front_matter_lang_wins_over_detection(write_article) -> None:
    path = write_article("a.md", "---\ntitle: 題\nlang: zh-tw\n---\n\n漢字\n")
    assert read(path).meta.lang == "zh-TW"


def test_slug_is_front_matter_slug_else_file_stem(write_article) -> None:
    assert read(write_article("my-term.md", "---\ntitle: T\n---\nx")).meta.slug == "my-term"
    with_slug = write_article("b.md", "---\ntitle: T\nslug: other\n---\nx")
    assert read(with_slug).meta.slug == "other"


def test_title_falls_back_to_first_heading(write_article) -> None:
    assert read(write_article("a.md", "# 見出し\n\n本文\n")).meta.title == "見出し"


def test_invalid_front_matter_names_the_line(write_article) -> None:
    path = write_article("bad.md", "---\ntitle: [unclosed\n---\nx\n")
    with pytest.raises(ConvertError) as caught:
        read(path)
    assert caught.value.line == 3
    assert "invalid front matter" in caught.value.message


def test_dollar_amounts_are_not_math() -> None:
    doc = parse_markdown("$100の場合は$1です", timeout=30)
    assert not any(isinstance(e, pf.Math) for e in _walk(doc))


def test_yaml_blocks_in_the_body_are_not_metadata() -> None:
    doc = parse_markdown("本文\n\n---\ntitle: injected\n---\n", timeout=30)
    assert "title" not in doc.metadata


def test_unclosed_spans_parse_in_linear_time() -> None:
    """pandoc's `markdown` reader needs minutes for this line; the timeout makes that a failure."""
    line = '<span class = "katex"> x </ span>' * 120
    doc = parse_markdown(line, timeout=5)
    assert doc.content


def _walk(doc: pf.Doc) -> list[pf.Element]:
    found: list[pf.Element] = []
    doc.walk(lambda elem, _: found.append(elem))
    return found


def test_entities_escaped_twice_in_the_front_matter_are_read_as_text(write_article) -> None:
    path = write_article(
        "a.md", "---\ntitle: AAA\ndescription: Standard &amp;amp; Poor&amp;#39;s\n---\n\n本文\n"
    )
    article = read(path)
    assert article.meta.description == "Standard & Poor's"
    assert [(w.line, w.message) for w in article.warnings] == [
        (3, "front matter 'description': HTML entities read as the characters they stand for")
    ]


def test_a_repaired_heading_in_a_quote_is_a_heading(write_article) -> None:
    article = read(write_article("a.md", "---\ntitle: T\n---\n\n>###見出し\n"))
    quote = article.doc.content[0]
    assert isinstance(quote, pf.BlockQuote)
    assert isinstance(quote.content[0], pf.Header)
    assert pf.stringify(quote.content[0]) == "見出し"
    assert [(w.line, w.message) for w in article.warnings] == [
        (5, "heading without a space after '###'")
    ]


def test_a_colon_or_a_hash_in_a_plain_title_or_description_is_text(write_article) -> None:
    path = write_article(
        "float.md",
        "---\ntitle: Item #7\ndescription: The float is twofold counted money: funds inside\n"
        "---\n\nx\n",
    )
    article = read(path)
    assert article.meta.title == "Item #7"
    assert article.meta.description == "The float is twofold counted money: funds inside"
    assert [(w.line, w.message) for w in article.warnings] == [
        (2, "front matter 'title': ' #' in a plain value; quoted"),
        (3, "front matter 'description': ': ' in a plain value; quoted"),
    ]
