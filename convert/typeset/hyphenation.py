"""Hyphenation dictionaries for the languages pyphen (WeasyPrint's hyphenator) has none for.

WeasyPrint hyphenates a word (`hyphens: auto`) with the pyphen dictionary of its element's
`lang`, and leaves it whole when pyphen has none. Pyphen ships none for Finnish, Turkish or
Malay: Finnish and Turkish get ours (styles/hyphenation/, made by scripts/make_hyphenation.py),
Malay Indonesian's, whose spelling and syllables it shares. They are added to pyphen's table of
languages, which is all WeasyPrint looks them up in."""

from __future__ import annotations

import pyphen

from convert.assets import style_file

OUR_DICTIONARIES = {"fi": "hyphenation/hyph_fi.dic", "tr": "hyphenation/hyph_tr.dic"}
SAME_AS = {"ms": "id"}  # Malay: Indonesian's dictionary


def _add(lang: str, path: object) -> None:
    pyphen.LANGUAGES[lang] = path
    pyphen.LANGUAGES_LOWERCASE[lang.lower()] = lang


def install() -> None:
    for lang, name in OUR_DICTIONARIES.items():
        if lang not in pyphen.LANGUAGES:
            _add(lang, style_file(name))
    for lang, other in SAME_AS.items():
        if lang not in pyphen.LANGUAGES and other in pyphen.LANGUAGES:
            _add(lang, pyphen.LANGUAGES[other])
