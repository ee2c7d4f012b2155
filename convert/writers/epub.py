"""EPUB 3 for e-readers: a cover, a contents page and the article, from templates; the
accessibility metadata, embedded subset faces and optional vertical Japanese; packaged so the
same input always gives the same bytes."""

from __future__ import annotations

import itertools
import re
import uuid
from dataclasses import dataclass, field

import lxml.html
import panflute as pf
from lxml import etree

from convert.assets import style_file
from convert.config import Config
from convert.fonts import fonts_for
from convert.labels import has_labels, labels_for
from convert.language import direction
from convert.model import Article, ArticleMeta
from convert.passes.mark_upright_runs import is_vertical
from convert.reproducible import source_datetime
from convert.writers.epub_cover import draw_cover
from convert.writers.epub_fonts import embed_fonts, font_face_css
from convert.writers.epub_images import is_animated, package_images
from convert.writers.epub_package import Resource, zip_epub
from convert.writers.html import body_html, font_css, render

ARTICLE_FILE = "article.xhtml"
NAV_FILE = "nav.xhtml"
COVER_FILE = "cover.xhtml"
COVER_IMAGE_FILE = "images/cover.png"
STYLESHEET_FILE = "style.css"
XHTML_TYPE = "application/xhtml+xml"
SAFE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
TEMPLATE_IDS = {"article-title"}  # ids the article template itself uses


def _ascii_ids(wrapper: lxml.html.HtmlElement) -> None:
    """Ids every reading system accepts: ASCII, unique; `#links` follow a renamed id, and a
    `#link` to no id at all keeps only its text."""
    elements = [element for element in wrapper.iter() if element.get("id") is not None]
    taken = TEMPLATE_IDS | {element.get("id") for element in elements}
    used = set(TEMPLATE_IDS)
    renamed: dict[str, str] = {}
    fresh = (f"id-{number}" for number in itertools.count(1))
    for element in elements:
        old = element.get("id")
        new = old
        if not SAFE_ID.fullmatch(old) or old in used:
            new = next(name for name in fresh if name not in taken)
        renamed.setdefault(old, new)
        used.add(new)
        element.set("id", new)
    for link in list(wrapper.iter("a")):
        href = link.get("href") or ""
        if not href.startswith("#"):
            continue
        target = renamed.get(href[1:])
        if target is None:
            link.drop_tag()
        else:
            link.set("href", f"#{target}")


def as_xhtml(html: str, *, backlink_label: str) -> str:
    """Pandoc's HTML5 fragment as well-formed XHTML with safe ids, footnote blocks as <aside>,
    notes' container as <section>, and the link from a note back to its call named in the
    book's language (it shows the note's number only)."""
    wrapper = lxml.html.fragment_fromstring(html, create_parent="div")
    for link in wrapper.iter("a"):
        if link.get("role") == "doc-backlink":
            link.set("aria-label", backlink_label)
    for element in wrapper.iter("div"):
        classes = (element.get("class") or "").split()
        if "footnote" in classes:
            element.tag = "aside"
        elif "footnotes" in classes:
            element.tag = "section"
    _ascii_ids(wrapper)
    parts = [wrapper.text or ""] if wrapper.text and wrapper.text.strip() else []
    parts += [etree.tostring(child, encoding="unicode", method="xml") for child in wrapper]
    return "".join(parts)


@dataclass
class Section:
    id: str
    text: str
    children: list[Section] = field(default_factory=list)


def _sections(doc: pf.Doc) -> list[Section]:
    """The contents: level-2 headings, each with the level-3 headings under it."""
    sections: list[Section] = []
    for block in doc.content:
        if not isinstance(block, pf.Header) or not block.identifier or block.level > 3:
            continue
        entry = Section(block.identifier, pf.stringify(block).strip())
        if block.level == 3 and sections:
            sections[-1].children.append(entry)
        else:
            sections.append(entry)
    return sections


def language_name(lang: str) -> str:
    """How the cover names the language: `日本語 · ja`; one without labels by its tag."""
    if not has_labels(lang):
        return lang
    return f"{labels_for(lang)['language']} · {lang}"


def _identifier(meta: ArticleMeta) -> str:
    """The same for every edition of an article: it names the language and slug, not the text."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'convert:{meta.lang}/{meta.slug}')}"


@dataclass(frozen=True)
class Access:
    """What EPUB Accessibility metadata can truthfully say about this book."""

    images: bool
    all_described: bool
    animated: bool = False

    @property
    def modes(self) -> list[str]:
        return ["textual", "visual"] if self.images else ["textual"]

    @property
    def sufficient(self) -> list[str]:
        if not self.images:
            return ["textual"]
        return ["textual", "textual,visual"] if self.all_described else ["textual,visual"]

    @property
    def features(self) -> list[str]:
        features = ["structuralNavigation", "tableOfContents", "readingOrder"]
        features.append("displayTransformability")
        if self.images and self.all_described:
            features.append("alternativeText")
        return features

    @property
    def hazards(self) -> list[str]:
        if not self.animated:
            return ["none"]
        return ["unknownFlashingHazard", "noMotionSimulationHazard", "noSoundHazard"]


def image_alts(body: str) -> list[str]:
    tree = lxml.html.fragment_fromstring(body, create_parent="div")
    return [image.get("alt") or "" for image in tree.iter("img")]


def epub_stylesheet(*, lang: str, vertical: bool) -> str:
    css = style_file("epub/book.css").read_text("utf-8") + font_css(fonts_for(lang))
    if vertical:
        css += style_file("epub/vertical.css").read_text("utf-8")
    return css


def xhtml_resource(id: str, href: str, text: str, properties: str = "") -> Resource:
    return Resource(id, href, XHTML_TYPE, text.encode("utf-8"), properties)


def write_epub(article: Article, *, config: Config) -> bytes:
    meta = article.meta
    fonts = fonts_for(meta.lang)
    labels = labels_for(meta.lang)
    vertical = is_vertical(meta.lang, asked=config.vertical)

    doc, images = package_images(article.doc, folder=article.source.parent)
    body = as_xhtml(
        body_html(doc, timeout=config.pandoc_timeout), backlink_label=labels["backlink"]
    )
    pages = {
        "lang": meta.lang,
        "direction": direction(meta.lang),
        "labels": labels,
        "stylesheet": STYLESHEET_FILE,
    }
    article_page = xhtml_resource(
        "article", ARTICLE_FILE, render("epub/article.xhtml.j2", meta=meta, body=body, **pages)
    )
    nav_page = xhtml_resource(
        "nav",
        NAV_FILE,
        render(
            "epub/nav.xhtml.j2",
            title=meta.title,
            sections=_sections(doc),
            article=ARTICLE_FILE,
            cover=COVER_FILE,
            **pages,
        ),
        properties="nav",
    )
    cover_page = xhtml_resource(
        "cover",
        COVER_FILE,
        render("epub/cover.xhtml.j2", title=meta.title, image=COVER_IMAGE_FILE, **pages),
    )
    cover_image = Resource(
        "cover-image",
        COVER_IMAGE_FILE,
        "image/png",
        draw_cover(
            title=meta.title,
            description=meta.description,
            language=language_name(meta.lang),
            fonts=fonts,
            right_to_left=direction(meta.lang) == "rtl",
        ),
        properties="cover-image",
    )

    css = epub_stylesheet(lang=meta.lang, vertical=vertical)
    embedded = (
        embed_fonts([article_page.data, nav_page.data], fonts=fonts, vertical=vertical)
        if config.embed_fonts
        else []
    )
    if embedded:
        css += font_face_css(embedded)
    stylesheet = Resource("style", STYLESHEET_FILE, "text/css", css.encode("utf-8"))

    resources = [
        cover_page,
        nav_page,
        article_page,
        stylesheet,
        cover_image,
        *images,
        *(font.resource for font in embedded),
    ]
    alts = image_alts(body)
    modified = source_datetime(article.source, epoch=config.source_date_epoch)
    package = render(
        "epub/content.opf.j2",
        meta=meta,
        lang=meta.lang,
        direction=direction(meta.lang),
        labels=labels,
        identifier=_identifier(meta),
        modified=modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
        access=Access(
            images=bool(alts),
            all_described=all(alt.strip() for alt in alts),
            animated=any(is_animated(image.data) for image in images),
        ),
        vertical=vertical,
        embedded_fonts=bool(embedded),
        manifest=resources,
        spine=[cover_page.id, nav_page.id, article_page.id],
    )
    return zip_epub(package=package.encode("utf-8"), resources=resources, modified=modified)
