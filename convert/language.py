"""Which language an article is in, and the tags each output format wants for it."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]")
HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")

TRADITIONAL_CHINESE_TAGS = ("zh-hant", "zh-tw", "zh-hk", "zh-mo")


# Scripts other than Latin an article may be written in (ISO 15924 codes), by their letters.
# CJK is told apart first (kana, Hangul, Han, above); otherwise the script with the most letters.
SCRIPT_LETTERS = {
    "Arab": re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]"),
    "Deva": re.compile(r"[\u0900-\u097f\ua8e0-\ua8ff]"),
    "Cyrl": re.compile(r"[\u0400-\u052f\u1c80-\u1c8f\u2de0-\u2dff\ua640-\ua69f]"),
    "Grek": re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]"),
    "Hebr": re.compile(r"[\u0590-\u05ff\ufb1d-\ufb4f]"),
}
LATIN_LETTERS = re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]")
# What a text is taken to be written in when nothing else says: the main language of its script.
SCRIPT_LANGUAGES = {"Arab": "ar", "Deva": "hi", "Cyrl": "ru", "Grek": "el", "Hebr": "he"}
# The script of each language not written in Latin letters; a tag's own script subtag wins.
LANGUAGE_SCRIPTS = {
    **dict.fromkeys(("ar", "fa", "ur", "ps", "ckb", "ug", "sd"), "Arab"),
    **dict.fromkeys(("hi", "mr", "ne", "sa", "mai", "kok", "bho"), "Deva"),
    **dict.fromkeys(("ru", "uk", "be", "bg", "mk", "sr", "kk", "ky", "tg", "mn", "tt"), "Cyrl"),
    **dict.fromkeys(("el",), "Grek"),
    **dict.fromkeys(("he", "yi"), "Hebr"),
}
RIGHT_TO_LEFT_SCRIPTS = frozenset(["Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm"])
# Scripts Word sets with its complex-script face and language (`w:cs`, `w:lang w:bidi`).
COMPLEX_SCRIPTS = RIGHT_TO_LEFT_SCRIPTS | frozenset(
    ["Deva", "Beng", "Guru", "Gujr", "Orya", "Taml", "Telu", "Knda", "Mlym", "Sinh", "Thai"]
)
EAST_ASIAN_KEYS = ("ja", "ko", "zh-Hans", "zh-Hant")

# The folders of the public collection (`Texts/<Language>/`), named in English, and their tags;
# settings add more (`folder_languages`). Its `Dutch` folder holds Danish text, but the folder
# is what the collection means, so it is what is followed.
FOLDER_LANGUAGES = {
    "arabic": "ar",
    "chinese": "zh",
    "dutch": "nl",
    "english": "en",
    "finnish": "fi",
    "french": "fr",
    "german": "de",
    "hindi": "hi",
    "italian": "it",
    "japanese": "ja",
    "korean": "ko",
    "malay": "ms",
    "norwegian": "nb",
    "polish": "pl",
    "portuguese": "pt",
    "russian": "ru",
    "spanish": "es",
    "swedish": "sv",
    "turkish": "tr",
}


def detect_language(text: str) -> str:
    """kana → ja, Hangul → ko, Han only → zh; else the language of the script with the most
    letters (Arabic → ar, Devanagari → hi, Cyrillic → ru, Greek → el, Hebrew → he), Latin → en."""
    if KANA.search(text):
        return "ja"
    if HANGUL.search(text):
        return "ko"
    if HAN.search(text):
        return "zh"
    counts = {script: len(letters.findall(text)) for script, letters in SCRIPT_LETTERS.items()}
    script = max(counts, key=counts.__getitem__)
    if counts[script] > len(LATIN_LETTERS.findall(text)):
        return SCRIPT_LANGUAGES[script]
    return "en"


def folder_language(folders: Iterable[str], names: Mapping[str, str]) -> str | None:
    """The language the nearest folder named after one stands for (`Texts/Arabic/x.md` → ar);
    `names` maps lowercase folder names to tags."""
    for folder in folders:
        tag = names.get(folder.lower())
        if tag:
            return tag
    return None


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


def script(lang: str) -> str:
    """The ISO 15924 script `lang` is written in: its script subtag, else its language's;
    Hans/Hant/Jpan/Kore for CJK, Latn for everything else."""
    parts = normalize_tag(lang).split("-")
    subtags = [part for part in parts[1:] if len(part) == 4]
    if subtags:
        return subtags[0]
    base = parts[0]
    if base == "zh":
        return "Hant" if lang.lower().startswith(TRADITIONAL_CHINESE_TAGS) else "Hans"
    return {"ja": "Jpan", "ko": "Kore"}.get(base) or LANGUAGE_SCRIPTS.get(base, "Latn")


def script_key(lang: str) -> str:
    """The key that selects faces in the fonts table: ja, ko, zh-Hans, zh-Hant (the regional
    CJK faces), else the script: Latn, Cyrl, Grek, Arab, Deva, …"""
    base = lang.lower().split("-")[0]
    if base == "zh":
        return "zh-Hant" if lang.lower().startswith(TRADITIONAL_CHINESE_TAGS) else "zh-Hans"
    return base if base in ("ja", "ko") else script(lang)


def is_east_asian(lang: str) -> bool:
    return script_key(lang) in EAST_ASIAN_KEYS


def is_complex_script(lang: str) -> bool:
    return script(lang) in COMPLEX_SCRIPTS


def direction(lang: str) -> str:
    """`rtl` for a language written right to left (Arabic, Hebrew, …), else `ltr`."""
    return "rtl" if script(lang) in RIGHT_TO_LEFT_SCRIPTS else "ltr"


# The region Word expects with each language (`w:lang`): its most populous, or the one its
# spelling follows (pt: Brazil; ar: Saudi Arabia, as Word's own Arabic).
DEFAULT_REGIONS = {
    "ja": "ja-JP",
    "ko": "ko-KR",
    "zh-Hans": "zh-CN",
    "zh-Hant": "zh-TW",
    "ar": "ar-SA",
    "de": "de-DE",
    "el": "el-GR",
    "en": "en-US",
    "es": "es-ES",
    "fi": "fi-FI",
    "fr": "fr-FR",
    "he": "he-IL",
    "hi": "hi-IN",
    "it": "it-IT",
    "ms": "ms-MY",
    "nb": "nb-NO",
    "nl": "nl-NL",
    "pl": "pl-PL",
    "pt": "pt-BR",
    "ru": "ru-RU",
    "sv": "sv-SE",
    "tr": "tr-TR",
}


def regional_tag(lang: str) -> str:
    """The language-region tag Word expects (`w:lang`, `w:eastAsia`, `w:bidi`): ja-JP, ko-KR,
    zh-CN, zh-TW, de-DE, ar-SA, …; a tag that already names a region is kept."""
    tag = normalize_tag(lang)
    if re.search(r"-[A-Z]{2}$", tag):
        return tag
    key = script_key(tag) if is_east_asian(tag) else tag.split("-")[0]
    return DEFAULT_REGIONS.get(key, tag)
