"""The AST rewrites every format gets, in the order they run. Each is `(doc, ctx) -> doc`, small
and free of I/O; the passes only one format wants are listed with it in convert.formats."""

from __future__ import annotations

from collections.abc import Callable

import panflute as pf

from convert.passes.bind_closing_punctuation import bind_closing_punctuation
from convert.passes.check_glyph_coverage import check_glyph_coverage
from convert.passes.context import PassContext
from convert.passes.drop_empty_blocks import drop_empty_blocks
from convert.passes.drop_title_heading import drop_title_heading
from convert.passes.drop_unsafe_attributes import drop_unsafe_attributes
from convert.passes.drop_unsafe_links import drop_unsafe_links
from convert.passes.internal_links_to_notes import internal_links_to_notes
from convert.passes.merge_split_links import merge_split_links
from convert.passes.normalize_heading_levels import normalize_heading_levels
from convert.passes.number_heading_ids import number_heading_ids
from convert.passes.strip_raw_markup import strip_raw_markup
from convert.passes.unnest_notes import unnest_notes

Pass = Callable[[pf.Doc, PassContext], pf.Doc]

COMMON_PASSES: list[Pass] = [
    strip_raw_markup,
    drop_unsafe_attributes,
    drop_title_heading,
    normalize_heading_levels,
    number_heading_ids,
    drop_unsafe_links,
    drop_empty_blocks,  # after every pass that can leave a paragraph empty
    merge_split_links,
    internal_links_to_notes,
    unnest_notes,
    bind_closing_punctuation,
    check_glyph_coverage,
]


def run_passes(doc: pf.Doc, ctx: PassContext, passes: list[Pass]) -> pf.Doc:
    for rewrite in passes:
        doc = rewrite(doc, ctx)
    return doc


__all__ = ["COMMON_PASSES", "Pass", "PassContext", "run_passes"]
