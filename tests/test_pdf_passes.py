"""The PDF-only passes on small Markdown inputs."""

from __future__ import annotations

import panflute as pf

from convert.formats import FORMATS
from convert.model import ArticleMeta
from convert.pandoc import parse_markdown
from convert.passes import PassContext
from convert.passes.bind_note_calls import bind_note_calls
from convert.passes.keep_hangul_words import (
    KEEP_WORD_CLASS,
    WORD_JOINER,
    join_hangul_word,
    keep_hangul_words,
)

WJ = WORD_JOINER


def doc_of(markdown: str) -> pf.Doc:
    return parse_markdown(markdown, timeout=30)


def context(lang: str = "ko") -> PassContext:
    return PassContext(meta=ArticleMeta(title="제목", lang=lang))


def test_pdf_passes_are_registered() -> None:
    assert bind_note_calls in FORMATS["pdf"].passes
    assert keep_hangul_words in FORMATS["pdf"].passes
    assert keep_hangul_words not in FORMATS["epub"].passes + FORMATS["docx"].passes


def test_join_hangul_word_joins_inside_words_only() -> None:
    assert (
        join_hangul_word("계약자입니다. 다음") == f"계{WJ}약{WJ}자{WJ}입{WJ}니{WJ}다{WJ}. 다{WJ}음"
    )
    assert join_hangul_word("50개 ETF") == f"50{WJ}개 ETF"
    assert join_hangul_word("market value") == "market value"
    assert join_hangul_word("株式") == "株式"


def test_keep_hangul_words_joins_body_words_and_wraps_heading_words() -> None:
    doc = keep_hangul_words(doc_of("## 가상 비서란\n\n독립 계약자입니다.\n"), context())
    heading, paragraph = doc.content
    spans = [e for e in heading.content if isinstance(e, pf.Span)]
    assert [(pf.stringify(s), s.classes) for s in spans] == [
        ("가상", [KEEP_WORD_CLASS]),
        ("비서란", [KEEP_WORD_CLASS]),
    ]
    assert WJ not in pf.stringify(heading)  # headings become bookmarks
    assert pf.stringify(paragraph).strip() == f"독{WJ}립 계{WJ}약{WJ}자{WJ}입{WJ}니{WJ}다{WJ}."


def test_a_long_heading_word_gets_joiners_not_a_no_wrap_span() -> None:
    long_word = "가나다라마바사아자차카"  # 11 syllables: longer than MAX_NOWRAP_LENGTH
    doc = keep_hangul_words(doc_of(f"## 짧은 {long_word}\n"), context())
    spans = [e for e in doc.content[0].content if isinstance(e, pf.Span)]
    assert [pf.stringify(s) for s in spans] == ["짧은"]
    assert WJ.join(long_word) in pf.stringify(doc.content[0])


def test_keep_hangul_words_reaches_notes_lists_and_tables() -> None:
    markdown = "- 목록항목\n\n| 표제목 |\n|---|\n| 셀내용 |\n\n본문[^1]\n\n[^1]: 각주내용\n"
    text = pf.stringify(keep_hangul_words(doc_of(markdown), context()))
    for word in ("목록항목", "표제목", "셀내용", "각주내용"):
        assert WJ.join(word) in text


def test_bind_note_calls_joins_the_call_to_the_word_before_it() -> None:
    doc = bind_note_calls(
        doc_of("독립 계약자[^1] 입니다. [링크](/x)[^2]\n\n[^1]: 가\n[^2]: 나\n"), context()
    )
    words = [e.text for e in doc.content[0].content if isinstance(e, pf.Str)]
    assert f"계약자{WJ}" in words
    link = next(e for e in doc.content[0].content if isinstance(e, pf.Link))
    assert pf.stringify(link) == f"링크{WJ}"
