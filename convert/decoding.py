"""Bytes of an article file → clean text: the encoding found, line endings, NFC, no controls.

Strict UTF-8 first (with or without BOM), then UTF-16 with a BOM, then the legacy CJK code pages
the translators' tools still write. Short CJK texts fit several code pages at once, and general
detectors often pick the wrong one, so each candidate is judged by the script it produces: real
Japanese has kana, real Korean its common syllables, real Chinese its common characters.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass, field

from charset_normalizer import from_bytes

from convert.errors import ConvertError, Warning_

# The code pages, in the order they win a tie, with the name a warning gives each.
LEGACY_ENCODINGS = {
    "cp932": "Shift_JIS (CP932)",
    "euc_jp": "EUC-JP",
    "cp949": "EUC-KR (CP949)",
    "gb18030": "GB18030",
    "big5": "Big5",
}
# The commonest Korean syllables: particles, endings and frequent word parts.
COMMON_HANGUL = frozenset(
    "이다는의에을를가하고서지기로한있수으것사적자도인대시어리나일그보성정들과며해요주금융투"
)
CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MOST_CONTROLS_IN_TEXT = 0.01  # above this share of control characters it is not text


@dataclass
class Decoded:
    text: str
    warnings: list[Warning_] = field(default_factory=list)


def _is_kana(char: str) -> bool:
    return "\u3041" <= char <= "\u30ff"


def _is_han(char: str) -> bool:
    return "\u4e00" <= char <= "\u9fff"


def _is_cjk_mark(char: str) -> bool:
    """Ideographic punctuation and full-width forms."""
    return "\u3000" <= char <= "\u303f" or "\uff01" <= char <= "\uff5e"


def _encodes_in(char: str, encoding: str) -> bool:
    try:
        char.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


def _plausibility(text: str, encoding: str) -> float:
    """How much the non-ASCII text looks like real writing in the code page's language, 0..1."""
    chars = [char for char in text if ord(char) > 0x7F]
    if not chars:
        return 0.0
    if encoding in ("cp932", "euc_jp"):
        if sum(map(_is_kana, chars)) < 0.05 * len(chars):  # real Japanese always has kana
            return 0.0
        return sum(_is_kana(char) or _is_han(char) or _is_cjk_mark(char) for char in chars) / len(
            chars
        )
    if encoding == "cp949":
        common = [char for char in chars if "\uac00" <= char <= "\ud7a3" and char in COMMON_HANGUL]
        hangul = sum(1 for char in chars if "\uac00" <= char <= "\ud7a3")
        # Every syllable of real Korean is in KS X 1001 and many are common ones.
        if hangul / len(chars) < 0.5 or len(common) / max(hangul, 1) < 0.15:
            return 0.0
        return sum(_encodes_in(char, "euc_kr") for char in chars) / len(chars)
    if encoding == "gb18030":  # GB2312 holds the characters of ordinary simplified text
        return sum(_is_han(char) and _encodes_in(char, "gb2312") for char in chars) / len(chars)
    # Big5: ordinary traditional text stays within its frequent-character plane (A440–C67E).
    frequent = 0
    for char in chars:
        if _is_han(char) and _encodes_in(char, "big5"):
            frequent += b"\xa4\x40" <= char.encode("big5") <= b"\xc6\x7e"
    return frequent / len(chars)


def _guess_legacy(raw: bytes) -> tuple[str, str] | None:
    """The text and encoding name of a legacy CJK file, or None when no code page fits."""
    best: tuple[float, str, str] | None = None
    for encoding in LEGACY_ENCODINGS:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text, encoding)
        # For Chinese the two code pages are compared with each other; CJK scripts first.
        if score > 0 and (best is None or score > best[0] + 0.1):
            best = (score, text, LEGACY_ENCODINGS[encoding])
    if best is not None:
        return best[1], best[2]
    match = from_bytes(raw).best()
    if match is None:
        return None
    return str(match), match.encoding


def _clean(text: str) -> tuple[str, int]:
    """`\\n` line endings, NFC, and no C0 control characters but tab and newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text, removed = CONTROLS.subn("", text)
    return unicodedata.normalize("NFC", text), removed


def decode_text(raw: bytes) -> Decoded:
    """The text of an article file and a warning for any guess or repair made reading it."""
    warnings: list[Warning_] = []
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            raise ConvertError("not a text file (broken UTF-16)") from None
    elif b"\x00" in raw:
        raise ConvertError("not a text file")
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            guess = _guess_legacy(raw)
            if guess is None:
                raise ConvertError(f"not a text file (not UTF-8 at byte {error.start})") from None
            text, name = guess
            warnings.append(Warning_(f"not UTF-8; read as {name}, convert the file to UTF-8"))
    if text.startswith("\ufeff"):
        text = text[1:]
    text, removed = _clean(text)
    if removed > max(MOST_CONTROLS_IN_TEXT * len(text), 8):
        raise ConvertError("not a text file (control characters)")
    if removed:
        warnings.append(Warning_(f"removed {removed} control character(s)"))
    return Decoded(text, warnings)
