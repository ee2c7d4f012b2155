from convert.prepass import (
    Repair,
    quote_front_matter_values,
    repair_source,
    unescape_entities,
)


def repaired(text: str) -> str:
    return repair_source(text)[0]


def test_heading_without_space_gets_one() -> None:
    assert repaired("##見出し") == "## 見出し"
    assert repaired("###小見出し") == "### 小見出し"


def test_full_width_hashes_become_a_heading() -> None:
    assert repaired("＃＃見出し") == "## 見出し"


def test_ideographic_space_after_hashes_becomes_a_space() -> None:
    assert repaired("##\u3000見出し") == "## 見出し"


def test_single_hash_before_ascii_is_a_hashtag_not_a_heading() -> None:
    assert repaired("#FinTech") == "#FinTech"


def test_proper_heading_is_not_reported() -> None:
    text, repairs = repair_source("## 見出し\n")
    assert text == "## 見出し\n"
    assert repairs == []


def test_list_item_without_space_gets_one() -> None:
    assert repaired("-項目") == "- 項目"
    assert repaired("-항목") == "- 항목"


def test_negative_numbers_and_rules_stay_text() -> None:
    for line in ("-5%", "-$100", "---", "--", "->"):
        assert repaired(line) == line


def test_ordered_item_without_space_gets_one_but_decimals_stay() -> None:
    assert repaired("1.項目") == "1. 項目"
    assert repaired("1.5") == "1.5"
    assert repaired("1.**高速チェーンモデル**は") == "1. **高速チェーンモデル**は"
    assert repaired("1.AlphabetInc.クラスA") == "1. AlphabetInc.クラスA"
    for line in ("1.Cash", "U.S.", "1.**5%**", "1。**満期日：**"):
        assert repaired(line) == line


def test_code_blocks_are_left_alone() -> None:
    text = "```\n##code\n-item\n```\n##見出し"
    assert repaired(text) == "```\n##code\n-item\n```\n## 見出し"


def test_each_repair_names_its_line() -> None:
    _, repairs = repair_source("本文\n\n##見出し\n\n-項目\n")
    assert [(r.line, r.message) for r in repairs] == [
        (3, "heading without a space after '##'"),
        (5, "list item without a space after '-'"),
    ]


def messages(text: str) -> list[tuple[int, str]]:
    return [(r.line, r.message) for r in repair_source(text)[1]]


def test_heading_after_quote_markers_gets_a_space() -> None:
    assert repaired(">###見出し") == ">### 見出し"
    assert repaired("> ###見出し") == "> ### 見出し"
    assert repaired("> > ＃＃見出し") == "> > ## 見出し"


def test_heading_inside_list_items_at_any_level_gets_a_space() -> None:
    assert repaired("- ##項目の見出し") == "- ## 項目の見出し"
    assert repaired("  - ＃＃＃ 深い項目") == "  - ### 深い項目"
    assert repaired("> - > ##入れ子") == "> - > ## 入れ子"
    assert repaired("1. ##見出し") == "1. ## 見出し"


def test_full_width_hashes_with_a_space_become_a_heading() -> None:
    assert repaired("＃＃ よくある質問") == "## よくある質問"
    assert messages("＃＃ 强调") == [(1, "heading marked with full-width '＃＃'")]


def test_proper_headings_in_quotes_and_lists_are_not_reported() -> None:
    for line in ("> ### 見出し", "- ## 見出し", ">", ">>", "- - -", "> #hashtag"):
        assert repair_source(line) == (line, [])


def test_list_item_before_bold_or_a_number_gets_a_space() -> None:
    assert repaired("-**プリペイド授業料**プラン") == "- **プリペイド授業料**プラン"
    assert repaired("-529プランは") == "- 529プランは"
    assert repaired("-0xプロトコル") == "- 0xプロトコル"
    assert repaired("-10-Kは、公開企業が") == "- 10-Kは、公開企業が"
    assert repaired("-401（k）プランは") == "- 401（k）プランは"
    assert repaired("-80-20の法則では") == "- 80-20の法則では"
    assert repaired("-[已婚联合申请](/mfj)或") == "- [已婚联合申请](/mfj)或"
    for line in ("-5%の下落", "-1.5", "-**5%**", "-5-10%", "-(1)", "-", "-[a] b", "-[5%](/x)"):
        assert repaired(line) == line


def test_list_item_inside_a_quote_gets_a_space() -> None:
    assert repaired(">-項目") == ">- 項目"


def test_unclosed_article_address_is_closed() -> None:
    text = "[Gig work](/gig-economy, for example, is growing."
    assert repaired(text) == "[Gig work](/gig-economy), for example, is growing."
    assert messages(text) == [
        (1, "link to '/gig-economy' not closed with ')'; closed after the address")
    ]
    assert repaired("[ギグ](/gig-economy、たとえば") == "[ギグ](/gig-economy)、たとえば"
    assert repaired("[株式](/stock）です") == "[株式](/stock)です"
    assert repaired("see [x](../x-y and more") == "see [x](../x-y) and more"


def test_article_address_with_spaces_is_enclosed() -> None:
    text = "a [initial public offering](/initial public offering) to"
    assert repaired(text) == "a [initial public offering](</initial public offering>) to"
    assert messages(text) == [
        (1, "link address with spaces '/initial public offering'; written in '<…>'")
    ]
    for line in ('[a b](/a-b "title")', "[a b](https://x.org/a b)", "(/a b)"):
        assert repair_source(line) == (line, [])
    # Other words after the address: an unclosed link, closed after the address.
    assert repaired("[Gig](/gig-economy for example)") == "[Gig](/gig-economy) for example)"


def test_closed_links_titles_and_unclear_addresses_are_left_alone() -> None:
    for line in (
        "[a](/slug) text",
        '[a](/slug "title") text',
        "[a](/slug#part), text",
        "[a](https://example.com/x, y",
        "[a](slug, text",
        "(/slug, text) without a link",
    ):
        assert repair_source(line) == (line, [])


def test_mangled_comments_are_dropped() -> None:
    assert repaired("<! - 428F15A2 ->") == ""
    assert repaired("本文<! - hide ->です") == "本文です"
    assert repaired("<!- note -->") == ""
    assert repaired("<! - - Column 2 - - >") == ""
    assert messages("text <! - 428F15 ->") == [(1, "mangled comment '<! - 428F15 ->' dropped")]


def test_real_comments_and_code_are_left_to_the_parser() -> None:
    for line in ("<!-- 正しいコメント -->", "`<! - x ->` and `[a](/b, c`", "a <!DOCTYPE html>"):
        assert repair_source(line) == (line, [])
    fenced = "```\n<! - x ->\n[a](/b, c\n```"
    assert repair_source(fenced) == (fenced, [])


def test_bold_beside_punctuation_becomes_strong() -> None:
    assert repaired("**税金。**アカウント") == "<strong>税金。</strong>アカウント"
    assert repaired("と**「引用」**です") == "と<strong>「引用」</strong>です"
    assert messages("x**「a」**y") == [
        (1, "'**' beside punctuation is not bold in CommonMark; made bold")
    ]


def test_bold_opened_with_a_space_becomes_strong() -> None:
    text = "원인입니다. ** 수요 견인 인플레이션**은 따라잡을"
    assert repaired(text) == "원인입니다. <strong>수요 견인 인플레이션</strong>은 따라잡을"
    assert messages(text) == [(1, "'** ' with a space inside is not bold in CommonMark; made bold")]


def test_bold_with_spaces_inside_both_marks_becomes_strong() -> None:
    text = "في هذا الوقت ** تخضع ** لضريبة"
    assert repaired(text) == "في هذا الوقت <strong>تخضع</strong> لضريبة"
    assert messages(text) == [(1, "'** ' with a space inside is not bold in CommonMark; made bold")]
    assert repaired("24％は** $ 1,615.20 **であり") == "24％は<strong>$ 1,615.20</strong>であり"
    assert repaired("उच्च ** कर-पश्चात् ** उपज") == "उच्च <strong>कर-पश्चात्</strong> उपज"
    assert repaired("- ** بيانات مالية **. يوضح") == "- <strong>بيانات مالية</strong>. يوضح"
    assert repaired("x **word ** y") == "x <strong>word</strong> y"


def test_spaced_bold_marks_pair_in_order() -> None:
    assert repaired("**bold** and ** more **") == "**bold** and <strong>more</strong>"
    assert repaired("** أقل ** و ** عدد **") == "<strong>أقل</strong> و <strong>عدد</strong>"
    for line in ("a ** b ** c", "2 ** 3 ** 4", "**a** and **b** ** c", "** **", "x ** b **"):
        assert repair_source(line) == (line, [])


def test_bold_closed_with_one_asterisk_becomes_strong() -> None:
    text = "katkılar **vergi* olmadığı için"
    assert repaired(text) == "katkılar <strong>vergi</strong> olmadığı için"
    assert messages(text) == [(1, "'**' closed with one '*'; made bold")]
    for line in ("**a* and *b*", "2 ** 3 * 4", "**a*b**", "x **y *"):
        assert repair_source(line) == (line, [])


def test_unpaired_bold_in_a_paragraph_of_one_line_is_dropped() -> None:
    text = "\n기부는 세금이 **되지 않기 때문에\n"
    assert repaired(text) == "\n기부는 세금이 되지 않기 때문에\n"
    assert messages(text) == [(2, "unpaired '**' dropped")]
    for line in ("x ** 2", "2**3", "`**a` b", "**a\nb**", "a **b** c **d"):
        assert repair_source(line) == (line, [])


def test_a_lone_mark_before_a_spaced_pair_is_left_out_of_the_pairs() -> None:
    text = "\nحتى يتحقق **. إذا كان ، تعتبر ** غير محققة **.\n"
    assert repaired(text) == "\nحتى يتحقق . إذا كان ، تعتبر <strong>غير محققة</strong>.\n"
    assert messages(text) == [
        (2, "'** ' with a space inside is not bold in CommonMark; made bold"),
        (2, "unpaired '**' dropped"),
    ]


def test_empty_bold_is_dropped() -> None:
    assert repaired("يدفع الموظف ** ** ضريبة") == "يدفع الموظف ضريبة"
    assert messages("a ** ** b") == [(1, "empty bold '** **' dropped")]


def test_bold_that_commonmark_reads_is_left_alone() -> None:
    for line in (
        "**Abacus** es",
        "「**引用**」と",
        "**見出し**です",
        "a ** b ** c",
        "***x***",
        "2 ** 3",
        "**a** and **b**",
    ):
        assert repair_source(line) == (line, [])


def test_escaped_ampersands_are_unescaped() -> None:
    assert repaired("Standard＆amp;Poor") == "Standard＆Poor"
    assert repaired("S &amp;amp; P") == "S &amp; P"
    assert repaired("Poor&amp;#39;s") == "Poor&#39;s"
    assert repaired("Poor＆＃39; s") == "Poor' s"
    for line in ("S &amp; P", "AT&T", "&copy;"):
        assert repair_source(line) == (line, [])


def test_metadata_entities_are_plain_text() -> None:
    assert unescape_entities("Standard &amp;amp; 나쁨") == "Standard & 나쁨"
    assert unescape_entities("Standard &amp;amp; Poor&amp;#39;s") == "Standard & Poor's"
    assert unescape_entities("Standard＆amp;など") == "Standard＆など"
    assert unescape_entities("標準＆amp; Poor＆＃39; s 500") == "標準＆ Poor' s 500"
    assert unescape_entities("AT&T") == "AT&T"
    assert unescape_entities("Standard &amp; amp؛ تصنيفات") == "Standard & تصنيفات"
    assert unescape_entities("Poor &amp; # 39 ؛ s") == "Poor ' s"
    assert unescape_entities("المعيار &amp; أمبير ؛ يعد") == "المعيار & يعد"
    assert unescape_entities("El estándar y amperio; El índice Poor&#39;s") == (
        "El estándar & El índice Poor's"
    )


def test_entities_spaced_out_in_the_body_are_closed_up() -> None:
    text = "# مؤشر S & amp؛ P 500"
    assert repaired(text) == "# مؤشر S &amp; P 500"
    assert messages(text) == [(1, "entity spaced out as '& amp؛'; written '&amp;'")]
    assert repaired("S &amp; أمبير ؛ P") == "S &amp; P"
    for line in ("R & D; more", "A & B", "salt & lt", "AT&T;"):
        assert repair_source(line) == (line, [])


def test_placeholder_headings_are_dropped() -> None:
    assert messages('本文\n\n<h5><a href="">TTT</a></h5>\n') == [
        (3, "placeholder heading 'TTT' dropped")
    ]
    assert repaired('<h5><a href="116oo4Vbhpg">TTT</a></h5>') == ""
    assert repaired("<h5>TTT</h5>") == ""
    assert repaired('<h5> <a href=""> TTT </a> </ h5>') == ""
    assert repaired('<h5> <a href=""> TTT </a> </h5>') == ""
    assert repaired('<h5><a href="">ТТТ</a></h5>') == ""  # Cyrillic
    assert repaired('<h5><a href="">TT</a></h5>') == ""  # Portuguese/sp500
    for line in ("<h5>TTT Corp</h5>", "TTT", "<h5><a href=''>Pros</a></h5>"):
        assert repair_source(line) == (line, [])


def test_formula_tags_spaced_out_by_translation_are_closed_up() -> None:
    text = '<mi>B< /mi><mo>=< /mo></ span ><span>< / span>< span class="vlist">< mn>1</mn>'
    assert repaired(text) == (
        '<mi>B</mi><mo>=</mo></span><span></span><span class="vlist"><mn>1</mn>'
    )
    assert messages(text) == [(1, "6 tag(s) spaced out by translation ('< /mi>') closed up")]
    for line in ("a < b > c", "x < mi then", "if a < p and q > r", "`< /span>`", "a </ b"):
        assert repair_source(line) == (line, [])


def test_a_dash_among_list_items_is_a_list_marker() -> None:
    text = "- S&P er en indeks.\n\n– Du kan ikke investere.\n\n- Neste.\n\n– Siste."
    assert repaired(text) == text.replace("–", "-")
    assert messages(text) == [
        (3, "list item marked with '–'; written '-'"),
        (7, "list item marked with '–'; written '-'"),
    ]
    assert repaired("## P\n\n– A.\n\n– B.\n\n- C.") == "## P\n\n- A.\n\n- B.\n\n- C."
    assert repaired("Days:\n\n– One\n\n– Two\n\nText.") == "Days:\n\n- One\n\n- Two\n\nText."
    assert repaired("##Höjd\n\n– En\n\n– Två") == "## Höjd\n\n- En\n\n- Två"
    kept_as_they_are = ("Text.\n\n– Hello.", "- Item\n– more", "  - Item\n\n– Line", "– A\n\n– B")
    for kept in (*kept_as_they_are, "Says:\n\n– Hi."):
        assert repair_source(kept) == (kept, [])


def test_numbers_among_ordered_items_become_items() -> None:
    text = "1. Apple Inc.\n\n1.Microsoft Corporation\n\n1. NVIDIA\n\n1 Berkshire Inc.\n\n1. J&J"
    assert repaired(text) == (
        "1. Apple Inc.\n\n1. Microsoft Corporation\n\n1. NVIDIA\n\n1. Berkshire Inc.\n\n1. J&J"
    )
    assert messages(text) == [
        (3, "list item without a space after '1.'"),
        (7, "list item '1' without '.' among ordered items; '.' added"),
    ]
    for kept in ("1.Microsoft is a name", "1. Item\n\n2 apples were left", "Text\n\n1.5 million"):
        assert repair_source(kept) == (kept, [])


def test_markdown_right_after_a_table_is_not_read_as_html() -> None:
    text = "<table>\n<tr><td>a</td></tr>\n</table>\n## Features\n- item"
    assert repaired(text) == "<table>\n<tr><td>a</td></tr>\n</table>\n\n## Features\n- item"
    assert messages(text) == [(3, "no empty line after '</table>'; one added")]
    for kept in ("<table>\n</table>\n\nText", "<table></table>", "`</table>`\ntext"):
        assert repair_source(kept) == (kept, [])


def test_hyphens_and_full_width_numbers_among_items_become_items() -> None:
    text = "計算します。\n\n-[（$ 15,000 x 14）]÷31\n\n-=$533,000÷31\n\n-= $ 17,193.55\n\n次"
    assert repaired(text) == (
        "計算します。\n\n- [（$ 15,000 x 14）]÷31\n\n- =$533,000÷31\n\n- = $ 17,193.55\n\n次"
    )
    assert repaired("1. 当座比率\n\n1。**営業**とは") == "1. 当座比率\n\n1. **営業**とは"
    for kept in ("Fell\n\n-5% in 2020.\n\nText", "- a\n\n--> b", "x\n\n1。b", "- a\n-= b"):
        assert repair_source(kept) == (kept, [])


def test_full_stop_after_the_comma_after_a_link_is_dropped() -> None:
    text = "la più alta [qualità creditizia](/creditquality),. mentre Moody's"
    assert repaired(text) == "la più alta [qualità creditizia](/creditquality), mentre Moody's"
    assert messages(text) == [(1, "',.' after a link; the full stop dropped")]
    for line in ("[a](/b), c.", "a,. b", "[a](/b),.x"):
        assert repair_source(line) == (line, [])


def test_code_spans_follow_commonmark_backtick_runs() -> None:
    inside = "`` `[a](/b, c` `` and ``x``"
    assert repair_source(inside) == (inside, [])
    assert repaired("x ```a`` [x](/y, z") == "x ```a`` [x](/y), z"
    assert repaired("`a` [x](/y, z `b`") == "`a` [x](/y), z `b`"


def test_unicode_escapes_become_their_characters() -> None:
    text = "- [($15,000 x 14) + ($19,000 x 17)] \\u00f7 31"
    assert repaired(text) == "- [($15,000 x 14) + ($19,000 x 17)] ÷ 31"
    assert messages(text) == [(1, "escape '\\u00f7' written as '÷'")]
    for line in ("\\\\u00f7", "`\\u00f7`", "\\u0000", "\\ud800", "\\u00g7"):
        assert repair_source(line) == (line, [])


def test_plain_front_matter_values_yaml_would_misread_are_quoted() -> None:
    text = "---\ndescription: money: funds\ntitle: Item #7 it's\nkeywords: A,B\n---\n\nx: y\n"
    assert quote_front_matter_values(text) == (
        "---\ndescription: 'money: funds'\ntitle: 'Item #7 it''s'\nkeywords: A,B\n---\n\nx: y\n",
        [
            Repair(2, "front matter 'description': ': ' in a plain value; quoted"),
            Repair(3, "front matter 'title': ' #' in a plain value; quoted"),
        ],
    )
    for block in (
        '---\ntitle: "a: b"\n---\n',  # quoted already
        "---\ntitle: a: b\n  more\n---\n",  # continued on the next line
        "---\nother: a: b\n---\n",  # not a text key of an article
        "title: a: b\n",  # no front matter
        '+++\ntitle = "a: b"\n+++\n',
    ):
        assert quote_front_matter_values(block) == (block, [])
