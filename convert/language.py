"""Which language an article is in, and the tags each output format wants for it."""

from __future__ import annotations

import re

KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

TRADITIONAL_CHINESE_TAGS = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")


def detect_language(text: str) -> str:
    """kana → ja, Hangul → ko, Han only → zh, anything else → en."""
    if KANA.search(text):
        return "ja"
    if HANGUL.search(text):
        return "ko"
    if HAN.search(text):
        return "zh"
    return "en"


def normalize_tag(tag: str) -> str:
    """A BCP 47 tag in its usual case: `ko`, `zh-Hant`, `zh-TW`, `en-US`."""
    parts = re.split(r"[-_]", tag.strip())
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4:
            out.append(part.title())
        elif len(part) == 2:
            out.append(part.upper())
        else:
            out.append(part.lower())
    return "-".join(out)


def is_valid_tag(tag: str) -> bool:
    return re.fullmatch(r"[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*", tag.strip()) is not None


def script_key(lang: str) -> str:
    """The key that selects fonts: ja, ko, zh-Hans, zh-Hant or en."""
    lowered = lang.lower()
    base = lowered.split("-")[0]
    if base == "zh":
        return "zh-Hant" if lowered.startswith(TRADITIONAL_CHINESE_TAGS) else "zh-Hans"
    return base if base in ("ja", "ko") else "en"


DEFAULT_REGIONS = {"ja": "ja-JP", "ko": "ko-KR", "zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}


def regional_tag(lang: str) -> str:
    """The language-region tag Word expects (`w:lang`, `w:eastAsia`): ja-JP, ko-KR, zh-CN, zh-TW,
    en-US; a tag that already names a region is kept."""
    tag = normalize_tag(lang)
    if re.search(r"-[A-Z]{2}$", tag):
        return tag
    return DEFAULT_REGIONS.get(script_key(tag), "en-US" if tag == "en" else tag)
