"""Each pass on small Markdown inputs: markdown in, AST out."""

from __future__ import annotations

from pathlib import PurePosixPath

import panflute as pf

from convert.collection import Entry
from convert.model import ArticleMeta
from convert.pandoc import parse_markdown
from convert.passes import COMMON_PASSES, PassContext, run_passes
from convert.passes.drop_empty_blocks import drop_empty_blocks
from convert.passes.drop_title_heading import drop_title_heading
from convert.passes.drop_unsafe_links import drop_unsafe_links
from convert.passes.external_links_to_notes import external_links_to_notes
from convert.passes.internal_links_to_notes import internal_links_to_notes
from convert.passes.merge_split_links import merge_split_links
from convert.passes.normalize_heading_levels import normalize_heading_levels
from convert.passes.number_heading_ids import number_heading_ids
from convert.passes.strip_raw_markup import strip_raw_markup


def doc_of(markdown: str) -> pf.Doc:
    return parse_markdown(markdown, timeout=30)


def context(title: str = "題名", **kwargs: object) -> PassContext:
    return PassContext(meta=ArticleMeta(title=title, lang="ja"), **kwargs)  # type: ignore[arg-type]


def elements(doc: pf.Doc, kind: type) -> list[pf.Element]:
    found: list[pf.Element] = []
    doc.walk(lambda elem, _: found.append(elem) if isinstance(elem, kind) else None)
    return found


def test_title_heading_that_repeats_the_title_is_dropped() -> None:
    doc = drop_title_heading(doc_of("# 題名\n\n## 節\n"), context())
    assert [pf.stringify(h) for h in elements(doc, pf.Header)] == ["節"]


def test_a_first_heading_that_differs_from_the_title_stays() -> None:
    doc = drop_title_heading(doc_of("# 別の見出し\n\n本文\n"), context())
    assert len(elements(doc, pf.Header)) == 1


def test_empty_quotes_and_paragraphs_are_dropped() -> None:
    doc = drop_empty_blocks(doc_of("本文\n\n>\n\n>>\n\n> 引用\n"), context())
    quotes = elements(doc, pf.BlockQuote)
    assert len(quotes) == 1
    assert pf.stringify(quotes[0]).strip() == "引用"


def test_headings_are_shifted_under_the_title() -> None:
    doc = normalize_heading_levels(doc_of("# 節\n\n## 小節\n"), context())
    assert [h.level for h in elements(doc, pf.Header)] == [2, 3]


def test_heading_ids_are_ascii_and_in_article_links_follow() -> None:
    doc = number_heading_ids(doc_of("## 見出し\n\n[そこへ](#見出し)\n"), context())
    assert elements(doc, pf.Header)[0].identifier == "section-1"
    assert elements(doc, pf.Link)[0].url == "#section-1"


def test_split_link_is_merged_without_a_space() -> None:
    doc = merge_split_links(
        doc_of("[ソーシャル](/social-media)[メディア](/social-media)"), context()
    )
    links = elements(doc, pf.Link)
    assert len(links) == 1
    assert pf.stringify(links[0]) == "ソーシャルメディア"


def test_split_link_is_merged_keeping_the_space() -> None:
    doc = merge_split_links(
        doc_of("[소셜](/social-media) [미디어](/social-media) 하거나"), context()
    )
    links = elements(doc, pf.Link)
    assert len(links) == 1
    assert pf.stringify(links[0]) == "소셜 미디어"


def test_adjacent_links_to_different_targets_stay_apart() -> None:
    doc = merge_split_links(doc_of("[a](/x)[b](/y)"), context())
    assert len(elements(doc, pf.Link)) == 2


def test_unsafe_schemes_keep_only_the_text() -> None:
    doc = drop_unsafe_links(
        doc_of("[a](javascript:alert(1)) [b](data:text/html,x) [c](file:///etc/passwd)"), context()
    )
    assert elements(doc, pf.Link) == []
    assert pf.stringify(doc).split() == ["a", "b", "c"]


def test_internal_link_becomes_text_and_a_note_with_a_readable_name() -> None:
    ctx = context()
    doc = internal_links_to_notes(doc_of("[請負業者です。](/independent-contractor)"), ctx)
    assert elements(doc, pf.Link) == []
    notes = elements(doc, pf.Note)
    assert len(notes) == 1
    assert pf.stringify(notes[0]).strip() == "independent contractor: /independent-contractor"
    assert ctx.warnings[0].message == "links to articles not in this build: independent-contractor"


def test_every_internal_link_form_is_recognised() -> None:
    markdown = "[a](/x) [b](/x#part) [c](x) [d](../x)"
    doc = internal_links_to_notes(doc_of(markdown), context())
    assert len(elements(doc, pf.Note)) == 4


def test_internal_link_to_an_article_in_the_build_cites_its_title() -> None:
    entry = Entry("freelancer", "フリーランサー", "ja", PurePosixPath("Japanese/freelancer"))
    ctx = context(resolve=lambda slug: entry if slug == "freelancer" else None)
    doc = internal_links_to_notes(doc_of("[人](/freelancer)"), ctx)
    assert pf.stringify(elements(doc, pf.Note)[0]).strip() == "フリーランサー"
    assert ctx.warnings == []


def test_site_url_makes_the_note_a_full_address() -> None:
    ctx = context(site_url="https://example.org/ja/")
    doc = internal_links_to_notes(doc_of("[人](/freelancer)"), ctx)
    assert elements(doc, pf.Link)[0].url == "https://example.org/ja/freelancer"


def test_external_link_stays_and_gets_an_address_note() -> None:
    doc = external_links_to_notes(doc_of("[FlexJobs](https://www.flexjobs.com)"), context())
    assert elements(doc, pf.Link)[0].url == "https://www.flexjobs.com"
    assert pf.stringify(elements(doc, pf.Note)[0]).strip() == "https://www.flexjobs.com"


def test_raw_html_is_reduced_to_its_text() -> None:
    markdown = (
        '<h5> <a href=""> TTT </a> </ h5>\n\n'
        '本文<span class = "katex">x</span>\n\n<script>bad()</script>\n'
    )
    doc = strip_raw_markup(doc_of(markdown), context())
    assert elements(doc, pf.RawBlock) == [] and elements(doc, pf.RawInline) == []
    text = pf.stringify(doc)
    assert "TTT" in text and "本文" in text and "bad()" not in text


def test_a_formula_keeps_only_the_text_of_its_mathml() -> None:
    katex = (
        '<span class="katex"><span class="katex-mathml"><math><semantics><mrow><mi>r</mi>'
        '<mo>=</mo><mn>2</mn></mrow><annotation encoding="application/x-tex">r = \\frac{a}{b}'
        '</annotation></semantics></math></span><span class="katex-html" aria-hidden="true">'
        '<span class="mord">r</span><span class="mrel">=</span></span></span>'
    )
    for markdown in (f"利回り{katex}です。\n", f"<div>{katex}</div>\n"):
        doc = strip_raw_markup(doc_of(markdown), context())
        assert pf.stringify(doc).split() in (["利回りr=2です。"], ["r=2"])
    unclosed = strip_raw_markup(doc_of("a <annotation>TeX\n\nnext\n"), context())
    assert pf.stringify(unclosed).split() == ["a", "next"]


def test_an_html_table_becomes_a_table() -> None:
    html = (
        "<table>\n<thead>\n<tr>\n<th colspan='AngleSharp.Dom.Attr'>Deadlines</th></tr>\n"
        "</thead>\n<tbody>\n<tr>\n<td> Filer </td><td>10-Q</td><td>10-K</td></tr>\n"
        "<tr>\n<td>Large</td><td> 40 days</td></tr>\n</tbody>\n</table>\n"
    )
    doc = strip_raw_markup(doc_of(html), context())
    [table] = elements(doc, pf.Table)
    rows = [[pf.stringify(cell) for cell in row.content] for row in elements(doc, pf.TableRow)]
    assert rows == [["Deadlines", "", ""], ["Filer", "10-Q", "10-K"], ["Large", "40 days", ""]]
    assert [len(row.content) for row in table.head.content] == [3]
    not_one_table = ("<table><tr><td>a</td></tr></table>\nafter\n", "<div><table></table></div>\n")
    for text_around in not_one_table:
        doc = strip_raw_markup(doc_of(text_around), context())
        assert elements(doc, pf.Table) == []


def test_common_passes_on_the_seed_quirks() -> None:
    markdown = (
        "# 題名\n## 節\n\n[ソーシャル](/social-media)[メディア](/social-media)\n\n>>\n\n- 項目\n"
    )
    doc = run_passes(doc_of(markdown), context(), COMMON_PASSES)
    assert [pf.stringify(h) for h in elements(doc, pf.Header)] == ["節"]
    assert len(elements(doc, pf.Note)) == 1
    assert elements(doc, pf.BlockQuote) == []


def test_every_repair_is_reported() -> None:
    markdown = (
        "# 題名\n\n## 節\n\n[ソーシャル](/social-media)[メディア](/social-media)\n\n>>\n\n>\n"
    )
    ctx = context()
    run_passes(doc_of(markdown), ctx, COMMON_PASSES)
    assert [w.message for w in ctx.warnings] == [
        "dropped the first heading: it repeats the title",
        "dropped 2 empty block quotes",
        "merged a link split in two: [ソーシャル][メディア](/social-media)",
        "links to articles not in this build: social-media",
    ]
