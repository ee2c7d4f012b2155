"""The hostile corpus: the fixture files plus the cases made here (encodings, sizes, shapes).

`{PORT}` in a fixture becomes the port of a loopback server that must never see a request,
`{SECRET}` the absolute path of a file outside the source folder that must never be read.
"""

from __future__ import annotations

import codecs
import shutil
import unicodedata
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "hostile"
SECRET_BYTES = b"SECRET-7d1f0c2e-never-in-an-output"

# Articles whose first heading repeats the title (the collection's habit) say it was dropped.
TITLE_REPEATED = "dropped the first heading: it repeats the title"

# Expected verdict of each case: "ok", "warn" (converted, with a warning containing the text) or
# "fail" (not converted; the one error line contains the text).
VERDICTS: dict[str, tuple[str, str]] = {
    "text_ja": ("ok", ""),
    "text_ko": ("ok", ""),
    "text_zh_hans": ("ok", ""),
    "text_zh_hant": ("ok", ""),
    "enc/enc_utf8_bom": ("ok", ""),
    "enc/enc_utf16le_bom": ("ok", ""),
    "enc/enc_utf16be_bom": ("ok", ""),
    "enc/enc_cp932": ("warn", "not UTF-8; read as Shift_JIS (CP932)"),
    "enc/enc_euc_jp": ("warn", "not UTF-8; read as EUC-JP"),
    "enc/enc_cp949": ("warn", "not UTF-8; read as EUC-KR (CP949)"),
    "enc/enc_gb18030": ("warn", "not UTF-8; read as GB18030"),
    "enc/enc_big5": ("warn", "not UTF-8; read as Big5"),
    "enc/enc_crlf": ("ok", ""),
    "enc/enc_lone_cr": ("ok", ""),
    "enc/enc_nfd": ("ok", ""),
    "enc/enc_controls": ("warn", "removed 3 control character(s)"),
    "enc/binary": ("fail", "enc/binary.md: not a text file"),
    "fm_invalid_yaml": ("fail", "fm_invalid_yaml.md:4: invalid front matter"),
    "fm_unclosed": ("fail", "fm_unclosed.md:1: front matter block is not closed with '---'"),
    "fm_not_mapping": ("fail", "fm_not_mapping.md:2: front matter is not a mapping"),
    "fm_alias_bomb": ("fail", "fm_alias_bomb.md:3: invalid front matter: alias *a repeats"),
    "fm_scalar_alias": ("ok", ""),
    "fm_python_tag": ("fail", "fm_python_tag.md:3: invalid front matter: could not determine"),
    "fm_bad_date": ("warn", "fm_bad_date.md:3: warning: front matter 'date' is not a date"),
    "fm_lang_no": ("ok", ""),
    "fm_lang_bool": ("fail", "fm_lang_bool.md:3: front matter 'lang' must be text, not bool"),
    "fm_keywords_number": ("ok", ""),
    "fm_keywords_mapping": ("fail", "fm_keywords_mapping.md:3: front matter 'keywords' must be"),
    "fm_toml": ("ok", ""),
    "fm_toml_invalid": ("fail", "fm_toml_invalid.md:2: invalid TOML front matter"),
    "fm_none_h1": ("warn", TITLE_REPEATED),
    "fm_none_no_h1": ("ok", ""),
    "fm_second_block": ("warn", "fm_second_block.md:7: warning: a second front matter block"),
    "fm_title_traversal": ("ok", ""),
    "a/same": ("ok", ""),
    "b/same": ("ok", ""),
    "html_dangerous": ("ok", ""),
    "html_broken": ("warn", "html_broken.md:5: warning: placeholder heading 'TTT' dropped"),
    "urls_unsafe": ("ok", ""),
    "style_attributes": ("ok", ""),
    "image_local_files": ("warn", "warning: image not in the article's folder"),
    "image_remote": ("warn", "warning: image not in the article's folder"),
    "shape/size_5mb": ("fail", "size_5mb.md: too large"),
    "shape/deep_quotes": ("warn", "nested deeper than"),
    "shape/deep_lists": ("warn", "nested deeper than"),
    "shape/deep_emphasis": ("fail", "deep_emphasis.md: nested too deeply"),
    "shape/long_token": ("warn", TITLE_REPEATED),
    "shape/wide_table": ("warn", TITLE_REPEATED),
    "shape/many_links": ("warn", TITLE_REPEATED),
    "shape/backtrack_brackets": ("warn", TITLE_REPEATED),
    "shape/backtrack_html": ("warn", TITLE_REPEATED),
}


def _encoded_cases(folder: Path) -> None:
    ja = (FIXTURES / "text_ja.md").read_text("utf-8")
    ko = (FIXTURES / "text_ko.md").read_text("utf-8")
    cases = {
        "enc_utf8_bom": codecs.BOM_UTF8 + ja.encode(),
        "enc_utf16le_bom": codecs.BOM_UTF16_LE + ja.encode("utf-16-le"),
        "enc_utf16be_bom": codecs.BOM_UTF16_BE + ko.encode("utf-16-be"),
        "enc_cp932": ja.encode("cp932"),
        "enc_euc_jp": ja.encode("euc_jp"),
        "enc_cp949": ko.encode("cp949"),
        "enc_gb18030": (FIXTURES / "text_zh_hans.md").read_text("utf-8").encode("gb18030"),
        "enc_big5": (FIXTURES / "text_zh_hant.md").read_text("utf-8").encode("big5"),
        "enc_crlf": ja.replace("\n", "\r\n").encode(),
        "enc_lone_cr": ko.replace("\n", "\r").encode(),
        "enc_nfd": unicodedata.normalize("NFD", ko).encode(),
        "enc_controls": ja.replace("とは", "と\x01は\x1b\x7f").encode(),
        "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8,
    }
    for name, data in cases.items():
        (folder / f"{name}.md").write_bytes(data)


def _shape_cases(folder: Path) -> None:
    paragraph = "減価償却とは、固定資産の取得原価を耐用年数にわたって配分する手続きです。\n\n"
    cases = {
        "size_5mb": "---\ntitle: 大きい\n---\n\n"
        + paragraph * (5 * 1024 * 1024 // len(paragraph.encode()) + 1),
        "deep_quotes": "# 深い引用\n\n" + "> " * 400 + "底です。\n",
        "deep_lists": "# 深いリスト\n\n"
        + "".join("  " * depth + f"- 項目{depth}\n" for depth in range(400)),
        "deep_emphasis": "# 深い強調\n\n" + "*株 _債 " * 200 + "底" + "_ *" * 200 + "\n",
        "long_token": "# 長い語\n\n" + "株" * 3000 + "a" * 3000 + "\n",
        "wide_table": "# 広い表\n\n"
        + "|"
        + "|".join(f"列{n}" for n in range(80))
        + "|\n"
        + "|"
        + "|".join("---" for _ in range(80))
        + "|\n"
        + "|"
        + "|".join(f"値{n}" * 4 for n in range(80))
        + "|\n",
        "many_links": "# 多くのリンク\n\n"
        + " ".join(f"[株{n}](https://example.org/{n})" for n in range(1000))
        + "\n",
        "backtrack_brackets": "# 括弧\n\n" + "[" * 20000 + "a" + "](" * 5000 + "\n",
        "backtrack_html": "# 閉じないタグ\n\n" + "<span><a href='x'>*a **b _c " * 4000 + "\n",
    }
    for name, text in cases.items():
        (folder / f"{name}.md").write_text(text, encoding="utf-8")


def build_corpus(root: Path, *, port: int) -> tuple[Path, Path]:
    """The source folder under `root` and the secret file beside it, outside the folder."""
    secret = root / "secret.txt"
    secret.write_bytes(SECRET_BYTES)
    source = root / "src"
    shutil.copytree(FIXTURES, source / "hostile")
    for path in (source / "hostile").rglob("*.md"):
        text = path.read_text("utf-8").replace("{PORT}", str(port))
        path.write_text(text.replace("{SECRET}", str(secret)), encoding="utf-8")
    (source / "hostile" / "enc").mkdir()
    _encoded_cases(source / "hostile" / "enc")
    (source / "hostile" / "shape").mkdir()
    _shape_cases(source / "hostile" / "shape")
    return source, secret
