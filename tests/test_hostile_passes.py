"""Property tests on the AST passes with generated documents: whatever an article holds, the
passes never raise, running them twice changes nothing more, no link to another article
survives and no footnote ends up inside another."""

from __future__ import annotations

import io
import json

import panflute as pf
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convert.formats import FORMATS
from convert.links import LinkKind, classify_url
from convert.model import ArticleMeta
from convert.passes import COMMON_PASSES, PassContext, run_passes

TITLE = "題名"
WORDS = ["株", "債券", TITLE, "a", "x y", " ", "https://example.org", "<b>"]
URLS = [
    "/slug",
    "other",
    "../x#y",
    "/slug.md",
    "#frag",
    "https://example.org/a",
    "mailto:a@example.org",
    "javascript:alert(1)",
    "data:text/html,x",
    "file:///etc/passwd",
    "",
    "//host/p",
]
RAW_HTML = ["<b>", "</b>", "<sup>", "</sup>", "<br>", "<script>", "</ h5>", '<span class = "k">']
ATTRIBUTES = [{}, {"style": "background:url(file:///etc/passwd)"}, {"onclick": "x()"}]

words = st.sampled_from(WORDS)
urls = st.sampled_from(URLS)

leaf_inlines = st.one_of(
    words.map(pf.Str),
    st.just(None).map(lambda _: pf.Space()),
    st.just(None).map(lambda _: pf.SoftBreak()),
    st.just(None).map(lambda _: pf.LineBreak()),
    st.sampled_from(RAW_HTML).map(lambda text: pf.RawInline(text, format="html")),
    words.map(pf.Code),
)


def _container(children: st.SearchStrategy[list[pf.Inline]]) -> st.SearchStrategy[pf.Inline]:
    return st.one_of(
        children.map(lambda c: pf.Emph(*c)),
        children.map(lambda c: pf.Strong(*c)),
        children.map(lambda c: pf.Superscript(*c)),
        st.tuples(children, urls).map(lambda t: pf.Link(*t[0], url=t[1])),
        st.tuples(children, urls).map(lambda t: pf.Image(*t[0], url=t[1])),
        st.tuples(children, st.sampled_from(ATTRIBUTES)).map(
            lambda t: pf.Span(*t[0], attributes=t[1])
        ),
    )


inlines_without_notes = st.recursive(
    leaf_inlines, lambda inner: _container(st.lists(inner, max_size=4)), max_leaves=12
)
inline_runs = st.lists(
    st.one_of(
        inlines_without_notes,
        st.lists(inlines_without_notes, max_size=4).map(lambda c: pf.Note(pf.Para(*c))),
    ),
    max_size=8,
)

leaf_blocks = st.one_of(
    inline_runs.map(lambda c: pf.Para(*c)),
    st.tuples(inline_runs, st.integers(1, 6)).map(lambda t: pf.Header(*t[0], level=t[1])),
    st.sampled_from(["<h5> <a href=''> TTT </a> </ h5>", "<script>x()</script>", "<p>本文"]).map(
        lambda text: pf.RawBlock(text, format="html")
    ),
    st.just(None).map(lambda _: pf.RawBlock("<w:p/>", format="openxml")),
    words.map(pf.CodeBlock),
)
blocks = st.recursive(
    leaf_blocks,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda c: pf.BlockQuote(*c)),
        st.lists(inner, max_size=3).map(lambda c: pf.Div(*c)),
        st.lists(st.lists(inner, min_size=1, max_size=2), min_size=1, max_size=3).map(
            lambda items: pf.BulletList(*(pf.ListItem(*item) for item in items))
        ),
    ),
    max_leaves=10,
)
documents = st.lists(blocks, max_size=8).map(lambda c: json.dumps(pf.Doc(*c).to_json()))

PIPELINES = {fmt: COMMON_PASSES + list(output.passes) for fmt, output in FORMATS.items()}
PROPERTY_SETTINGS = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def _load(data: str) -> pf.Doc:
    return pf.load(io.StringIO(data))


def _run(data: str, fmt: str) -> pf.Doc:
    ctx = PassContext(meta=ArticleMeta(title=TITLE, lang="ja"))
    return run_passes(_load(data), ctx, PIPELINES[fmt])


def _dump(doc: pf.Doc) -> str:
    return json.dumps(doc.to_json(), sort_keys=True)


def _all(doc: pf.Doc, kind: type) -> list[pf.Element]:
    found: list[pf.Element] = []
    doc.walk(lambda elem, _: found.append(elem) if isinstance(elem, kind) else None)
    return found


def _inside_a_note(elem: pf.Element) -> bool:
    parent = elem.parent
    while parent is not None:
        if isinstance(parent, pf.Note):
            return True
        parent = parent.parent
    return False


@PROPERTY_SETTINGS
@given(data=documents, fmt=st.sampled_from(sorted(PIPELINES)))
def test_passes_never_raise_and_are_idempotent(data: str, fmt: str) -> None:
    once = _dump(_run(data, fmt))
    assert _dump(_run(once, fmt)) == once


@PROPERTY_SETTINGS
@given(data=documents, fmt=st.sampled_from(sorted(PIPELINES)))
def test_no_internal_link_and_no_raw_markup_survive(data: str, fmt: str) -> None:
    doc = _run(data, fmt)
    assert not any(classify_url(link.url) is LinkKind.INTERNAL for link in _all(doc, pf.Link))
    assert _all(doc, pf.RawInline) == [] and _all(doc, pf.RawBlock) == []


@PROPERTY_SETTINGS
@given(data=documents, fmt=st.sampled_from(sorted(PIPELINES)))
def test_no_note_is_nested_in_another(data: str, fmt: str) -> None:
    doc = _run(data, fmt)
    assert not any(_inside_a_note(note) for note in _all(doc, pf.Note))


@PROPERTY_SETTINGS
@given(data=documents)
def test_no_unsafe_attribute_or_image_url_survives(data: str) -> None:
    doc = _run(data, "epub")
    for elem in _all(doc, pf.Span) + _all(doc, pf.Div):
        assert not any(name in ("style", "onclick") for name in elem.attributes)
    assert not any(classify_url(link.url) is LinkKind.UNSAFE for link in _all(doc, pf.Link))
