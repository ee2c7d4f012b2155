"""Make the hyphenation dictionaries pyphen has none for: styles/hyphenation/hyph_fi.dic and
hyph_tr.dic, in the pattern format of libhyphen (LibreOffice's, pyphen's).

Run: .venv/bin/python scripts/make_hyphenation.py [--out FOLDER]
The results are committed; a test checks that this script remakes them byte for byte.

Finnish and Turkish split words by syllable, and their syllables follow from the letters alone:
a break goes before a consonant that a vowel follows (`kir-ja`, `kitap-lar`), and between two
vowels that are not one syllable (Finnish `ra-di-o` but not `sau-na`; Turkish `sa-at`). Each such
pair is one pattern. Compound words are not split at their joints.
"""

from __future__ import annotations

import argparse
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "styles" / "hyphenation"

LANGUAGES = {
    "fi": {
        "vowels": "aeiouyäöå",
        "consonants": "bcdfghjklmnpqrstvwxzšž",
        # Long vowels and diphthongs: one syllable.
        "together": (
            "aa ee ii oo uu yy ää öö ai ei oi ui yi äi öi au eu iu ou ey iy äy öy ie uo yö"
        ).split(),
    },
    "tr": {
        "vowels": "aeıioöuüâîû",
        "consonants": "bcçdfgğhjklmnprsştvyzqwx",
        "together": [],
    },
}


def patterns(vowels: str, consonants: str, together: list[str]) -> list[str]:
    before_consonant = [f"1{c}{v}" for c in consonants for v in vowels]
    between_vowels = [f"{a}1{b}" for a in vowels for b in vowels if a + b not in together]
    return before_consonant + between_vowels


def dictionary(lang: str) -> str:
    rules = LANGUAGES[lang]
    lines = ["UTF-8", "LEFTHYPHENMIN 2", "RIGHTHYPHENMIN 2"]
    lines += patterns(rules["vowels"], rules["consonants"], rules["together"])
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    out = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        (out / f"hyph_{lang}.dic").write_text(dictionary(lang), encoding="utf-8")


if __name__ == "__main__":
    main()
