"""A synthetic corpus shaped like the real collection, built from the seeds' own paragraphs."""

from __future__ import annotations

import random
import re
from pathlib import Path

LINK = re.compile(r"\]\(/([a-z0-9-]+)\)")
SEEDS = {
    "Japanese": ("ja", "000_f05ec80eb2b72cc7.txt"),
    "Korean": ("ko", "001_9d4fb5367c2b340c.txt"),
}
# Titles spread over the language's sections (and one other script), so a book's order and
# sections have something to do; each article's number keeps its title its own.
TITLES = {
    "ja": [
        "株式",
        "債券",
        "為替",
        "流動性",
        "利回り",
        "投資信託",
        "アセット",
        "バーチャルアシスタント",
        "インフレ",
        "ファンド",
        "ナスダック",
        "デリバティブ",
        "ヘッジ",
        "マージン",
        "ロボアドバイザー",
        "わりびき債",
        "さいけん",
        "はいとう",
        "のれん",
        "みなし配当",
        "やくじょう",
        "ETF",
        "減価償却",
        "損益計算書",
        "貸借対照表",
        "格付け",
        "手形",
        "日経平均",
        "円高",
        "年金",
    ],
    "ko": [
        "가상 비서",
        "나스닥",
        "다우 지수",
        "라이선스",
        "마진",
        "배당",
        "사채",
        "아파트 담보",
        "자산",
        "차익 거래",
        "카드론",
        "탄소 배출권",
        "파생 상품",
        "헤지",
        "꼬리 위험",
        "뜨는 종목",
        "ETF",
        "주식",
        "채권",
        "환율",
        "금리",
        "유동성",
        "펀드",
        "인플레이션",
    ],
}
DANGLING_SHARE = 0.2  # links to articles outside the collection, as the seeds' own links are


def _split(seed: str) -> tuple[dict[str, str], list[str]]:
    _, front, body = seed.split("---\n", 2)
    meta = dict(line.split(": ", 1) for line in front.strip().splitlines())
    return meta, [block for block in body.split("\n\n") if block.strip()]


def slug(prefix: str, number: int) -> str:
    return f"{prefix}-term-{number:05d}"


def write_corpus(root: Path, *, count: int, seeds_dir: Path, rng_seed: int = 7) -> list[Path]:
    """`count` articles, half Japanese and half Korean, each linking to others of its language."""
    rng = random.Random(rng_seed)
    written: list[Path] = []
    per_language = {"Japanese": count - count // 2, "Korean": count // 2}
    for folder, (prefix, seed_name) in SEEDS.items():
        meta, blocks = _split((seeds_dir / seed_name).read_text("utf-8"))
        heading_blocks = [b for b in blocks if b.lstrip().startswith("#")]
        prose = [b for b in blocks if not b.lstrip().startswith("#")]
        total = per_language[folder]
        (root / folder).mkdir(parents=True, exist_ok=True)
        for number in range(total):

            def relink(match: re.Match[str], total: int = total, prefix: str = prefix) -> str:
                if rng.random() < DANGLING_SHARE:
                    return match.group(0)
                return f"](/{slug(prefix, rng.randrange(total))})"

            shuffled = prose[:]
            rng.shuffle(shuffled)
            body = [heading_blocks[0]]  # the title repeated as an H1, as in the collection
            for index, heading in enumerate(heading_blocks[1:]):
                body.append(heading)
                body.extend(shuffled[index * 2 % len(shuffled) : index * 2 % len(shuffled) + 2])
            text = "\n\n".join(LINK.sub(relink, block) for block in body)
            front = (
                f"---\nkeywords: {meta['keywords']}\n"
                f"title: {TITLES[prefix][number % len(TITLES[prefix])]} {number}\n"
                f"description: {meta['description']}\n---\n\n"
            )
            path = root / folder / f"{slug(prefix, number)}.md"
            path.write_text(front + text + "\n", encoding="utf-8")
            written.append(path)
    return written
