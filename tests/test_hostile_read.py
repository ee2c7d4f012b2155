"""Reading hostile files, unit by unit: encodings on the real seed texts, front matter, nesting."""

from __future__ import annotations

import codecs
from pathlib import Path, PurePosixPath

import pytest
from conftest import JA_SEED, KO_SEED, SEEDS

from convert.decoding import decode_text
from convert.errors import ConvertError
from convert.prepass import MAX_MARKERS, repair_source
from convert.read import nesting_depth, read_article, split_front_matter

SEED_TEXT = {
    "ja": (SEEDS / f"{JA_SEED}.txt").read_text("utf-8"),
    "ko": (SEEDS / f"{KO_SEED}.txt").read_text("utf-8"),
}


def _seed(lang: str) -> str:
    return decode_text(SEED_TEXT[lang].encode()).text


@pytest.mark.parametrize(
    ("lang", "encoding", "name"),
    [
        ("ja", "cp932", "Shift_JIS (CP932)"),
        ("ja", "euc_jp", "EUC-JP"),
        ("ko", "cp949", "EUC-KR (CP949)"),
        ("ko", "euc_kr", "EUC-KR (CP949)"),
    ],
)
def test_a_seed_in_a_legacy_code_page_reads_as_the_original(
    lang: str, encoding: str, name: str
) -> None:
    original = _seed(lang)
    try:
        raw = original.encode(encoding)
    except UnicodeEncodeError:
        pytest.skip(f"the {lang} seed has characters {encoding} lacks")
    decoded = decode_text(raw)
    assert decoded.text == original
    assert [w.message for w in decoded.warnings] == [
        f"not UTF-8; read as {name}, convert the file to UTF-8"
    ]


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("株式とは何か。", "cp932"),
        ("株式とは何か。", "euc_jp"),
        ("주식이란 무엇인가", "cp949"),
        ("股票是什么", "gb18030"),
        ("股票是什麼", "big5"),
    ],
)
def test_short_texts_are_not_misread(text: str, encoding: str) -> None:
    assert decode_text(f"# {text}\n".encode(encoding)).text == f"# {text}\n"


def test_utf16_line_endings_nfc_and_controls() -> None:
    raw = codecs.BOM_UTF16_LE + "a\r\nb\rc\x07\u1100\u1161\n".encode("utf-16-le")
    decoded = decode_text(raw)
    assert decoded.text == "a\nb\nc\uac00\n"
    assert [w.message for w in decoded.warnings] == ["removed 1 control character(s)"]


@pytest.mark.parametrize("raw", [b"\x00\x01\x02text", bytes(range(256)) * 4, b"\x7f" * 100])
def test_binary_is_not_a_text_file(raw: bytes) -> None:
    with pytest.raises(ConvertError, match="^not a text file"):
        decode_text(raw)


def test_yaml_words_stay_words_and_dates_stay_text() -> None:
    metadata, _, _ = split_front_matter("---\nlang: no\ndate: 2020-13-45\nflag: yes\n---\nx\n")
    assert metadata == {"lang": "no", "date": "2020-13-45", "flag": "yes"}


def test_a_scalar_alias_is_fine_a_list_alias_is_not() -> None:
    metadata, _, _ = split_front_matter("---\ntitle: &t 株\ndescription: *t\n---\nx\n")
    assert metadata["description"] == "株"
    with pytest.raises(ConvertError, match="alias \\*k repeats a list or mapping") as error:
        split_front_matter("---\na: &k [1, 2]\nb: *k\n---\nx\n")
    assert error.value.line == 3


def test_toml_front_matter_and_body_line() -> None:
    metadata, body, line = split_front_matter('+++\ntitle = "株"\n+++\n\n本文\n')
    assert metadata == {"title": "株"} and body == "\n本文\n" and line == 4


def test_article_warnings_point_at_lines(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: T\ndate: 2020-13-45\n---\n\nx\n\n---\nk: v\n---\n", "utf-8")
    article = read_article(path, relpath=PurePosixPath("a"), timeout=30)
    assert [(w.line, w.message.split(":")[0]) for w in article.warnings] == [
        (3, "front matter 'date' is not a date"),
        (8, "a second front matter block is kept as text; only the one at the top is metadata"),
    ]


def test_deep_quotes_are_flattened_once_with_one_warning() -> None:
    text, repairs = repair_source("> " * 400 + "底\n" + "> " * 300 + "次\n")
    assert all(line.count(">") == MAX_MARKERS for line in text.splitlines())
    assert [r.line for r in repairs] == [1]


def test_nesting_depth_is_measured_without_recursion(tmp_path: Path) -> None:
    path = tmp_path / "deep.md"
    path.write_text("*a _b " * 300 + "c" + "_ *" * 300 + "\n", "utf-8")
    with pytest.raises(ConvertError, match="nested too deeply"):
        read_article(path, relpath=PurePosixPath("deep"), timeout=30)
    article_path = tmp_path / "flat.md"
    article_path.write_text("> " * 10 + "x\n", "utf-8")
    flat = read_article(article_path, relpath=PurePosixPath("flat"), timeout=30)
    assert 10 <= nesting_depth(flat.doc) < 20
