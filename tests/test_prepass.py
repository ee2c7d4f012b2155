from convert.prepass import repair_source


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


def test_code_blocks_are_left_alone() -> None:
    text = "```\n##code\n-item\n```\n##見出し"
    assert repaired(text) == "```\n##code\n-item\n```\n## 見出し"


def test_each_repair_names_its_line() -> None:
    _, repairs = repair_source("本文\n\n##見出し\n\n-項目\n")
    assert [(r.line, r.message) for r in repairs] == [
        (3, "heading without a space after '##'"),
        (5, "list item without a space after '-'"),
    ]
