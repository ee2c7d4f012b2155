"""EPUB 3: one XHTML document per article from a template, packaged by ebooklib."""

from __future__ import annotations

import hashlib
import io
import uuid

import lxml.html
import panflute as pf
from ebooklib import epub
from lxml import etree

from convert.config import STYLES_DIR, Config
from convert.fonts import fonts_for
from convert.model import Article
from convert.reproducible import source_datetime
from convert.writers.html import body_html, font_css, note_blocks_as_inlines, render

CONTENT_FILE = "article.xhtml"
STYLESHEET_FILE = "style.css"


def _notes_to_asides(doc: pf.Doc) -> pf.Doc:
    """Footnotes the way reading systems pop them up: a numbered `noteref` link at the call and
    a `footnote` block (made an <aside> later) with a link back, both in the same document."""
    notes: list[pf.Div] = []

    def replace(elem: pf.Element, doc: pf.Doc) -> pf.Element | None:
        if not isinstance(elem, pf.Note):
            return None
        number = len(notes) + 1
        back = pf.Link(
            pf.Str(str(number)), url=f"#fnref-{number}", attributes={"role": "doc-backlink"}
        )
        notes.append(
            pf.Div(
                pf.Para(back, pf.Str("."), pf.Space(), *note_blocks_as_inlines(elem)),
                identifier=f"fn-{number}",
                classes=["footnote"],
                attributes={"epub:type": "footnote", "role": "doc-footnote"},
            )
        )
        return pf.Link(
            pf.Str(str(number)),
            url=f"#fn-{number}",
            identifier=f"fnref-{number}",
            attributes={"epub:type": "noteref", "role": "doc-noteref"},
        )

    doc = doc.walk(replace)
    if notes:
        doc.content.append(pf.Div(*notes, classes=["footnotes"]))
    return doc


def _as_xhtml(html: str) -> str:
    """Pandoc's HTML5 fragment as well-formed XHTML, footnote blocks as <aside>, notes' container
    as <section>."""
    wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    for element in wrapper.iter("div"):
        classes = (element.get("class") or "").split()
        if "footnote" in classes:
            element.tag = "aside"
        elif "footnotes" in classes:
            element.tag = "section"
            element.set("role", "doc-endnotes")
    parts = [wrapper.text or ""] if wrapper.text and wrapper.text.strip() else []
    parts += [etree.tostring(child, encoding="unicode", method="xml") for child in wrapper]
    return "".join(parts)


def _section_links(doc: pf.Doc) -> list[epub.Link]:
    return [
        epub.Link(
            f"{CONTENT_FILE}#{block.identifier}", pf.stringify(block).strip(), block.identifier
        )
        for block in doc.content
        if isinstance(block, pf.Header) and block.level == 2 and block.identifier
    ]


def _identifier(article: Article) -> str:
    digest = hashlib.sha256(article.source.read_bytes()).hexdigest()
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, 'convert:' + digest)}"


def write_epub(article: Article, *, config: Config) -> bytes:
    meta = article.meta
    doc = _notes_to_asides(article.doc)
    body = _as_xhtml(body_html(doc, timeout=config.pandoc_timeout))

    book = epub.EpubBook()
    book.set_identifier(_identifier(article))
    book.set_title(meta.title)
    book.set_language(meta.lang)
    if meta.description:
        book.add_metadata("DC", "description", meta.description)
    for keyword in meta.keywords:
        book.add_metadata("DC", "subject", keyword)

    css = (STYLES_DIR / "epub" / "book.css").read_text("utf-8") + font_css(fonts_for(meta.lang))
    book.add_item(
        epub.EpubItem(
            uid="style", file_name=STYLESHEET_FILE, media_type="text/css", content=css.encode()
        )
    )
    content = render(
        "epub/article.xhtml.j2", lang=meta.lang, meta=meta, body=body, stylesheet=STYLESHEET_FILE
    )
    chapter = epub.EpubItem(
        uid="article",
        file_name=CONTENT_FILE,
        media_type="application/xhtml+xml",
        content=content.encode("utf-8"),
    )
    book.add_item(chapter)
    book.toc = [epub.Link(CONTENT_FILE, meta.title, "title"), *_section_links(doc)]
    book.add_item(epub.EpubNcx())  # ebooklib always names an NCX in the spine
    book.add_item(epub.EpubNav())
    book.spine = [chapter]

    buffer = io.BytesIO()
    epub.write_epub(
        buffer,
        book,
        {"mtime": source_datetime(article.source), "raise_exceptions": True, "epub3_pages": False},
    )
    return buffer.getvalue()
