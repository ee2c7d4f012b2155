"""A book as one EPUB 3: cover, title page, contents nested section → article, the articles in
one XHTML file per section (split further where a file would pass PART_BYTES), an index per EPUB
Indexes 1.0, faces subset once for the whole book. Cross-references (`book:id`) become links to
the chapter file and id."""

from __future__ import annotations

import functools
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from convert.assets import style_file
from convert.book.index import index_terms
from convert.book.labels import book_labels
from convert.book.plan import BookPlan, BookSection
from convert.config import Config
from convert.fonts import fonts_for
from convert.labels import labels_for
from convert.language import direction
from convert.model import ArticleMeta
from convert.passes.link_book_articles import BOOK_SCHEME
from convert.pictures import DIGEST_CHARACTERS, Picture, each_once
from convert.reproducible import source_datetime
from convert.writers.epub import (
    COVER_FILE,
    COVER_IMAGE_FILE,
    NAV_FILE,
    STYLESHEET_FILE,
    Access,
    epub_stylesheet,
    image_alts,
    language_name,
    xhtml_resource,
)
from convert.writers.epub_cover import draw_cover
from convert.writers.epub_fonts import embed_fonts, font_face_css
from convert.writers.epub_images import is_animated
from convert.writers.epub_package import Resource, zip_epub
from convert.writers.html import render

PART_BYTES = 200_000  # reading systems page through files under ~250 KB quickly
TITLE_FILE = "title.xhtml"
INDEX_FILE = "index.xhtml"
BOOK_LINK = re.compile(r'href="' + re.escape(BOOK_SCHEME) + r'([A-Za-z][A-Za-z0-9-]*)"')


@dataclass(frozen=True)
class Chapter:
    """One article as the EPUB shows it."""

    id: str
    title: str
    description: str
    keywords: tuple[str, ...]
    body: str


@dataclass(frozen=True)
class BookArticle:
    """What the writer needs of each member: its XHTML body, description, keywords, and the
    picture files the body shows (by their names in the book)."""

    body: str
    description: str
    keywords: tuple[str, ...]
    pictures: tuple[Picture, ...] = ()


def _parts(section: BookSection, articles: Mapping[str, BookArticle]) -> list[list[Chapter]]:
    """The section's chapters, cut where a file would grow past PART_BYTES."""
    parts: list[list[Chapter]] = [[]]
    size = 0
    for member in section.members:
        article = articles.get(member.id)
        if article is None:
            continue
        chapter = Chapter(
            member.id, member.title, article.description, article.keywords, article.body
        )
        weight = len(chapter.body.encode("utf-8"))
        if parts[-1] and size + weight > PART_BYTES:
            parts.append([])
            size = 0
        parts[-1].append(chapter)
        size += weight
    return parts


def write_book_epub(
    plan: BookPlan, articles: Mapping[str, BookArticle], *, config: Config
) -> bytes:
    """`articles`: each member's, by id (a member that failed has none and is left out)."""
    lang = plan.lang
    labels, own_labels = labels_for(lang), book_labels(lang)
    fonts = fonts_for(lang)
    pages = {
        "lang": lang,
        "direction": direction(lang),
        "labels": labels,
        "stylesheet": STYLESHEET_FILE,
    }

    files: list[tuple[str, BookSection | None, list[Chapter]]] = []
    for section in plan.sections:
        for number, part in enumerate(_parts(section, articles)):
            name = f"part-{len(files) + 1:03d}.xhtml"
            files.append((name, section if number == 0 else None, part))
    home = {chapter.id: name for name, _, part in files for chapter in part}
    home.update({s.id: name for name, s, _ in files if s is not None})

    def link(match: re.Match[str], here: str) -> str:
        target = match.group(1)
        where = home.get(target)
        if where is None:  # its article failed: the text stays, pointing nowhere harmful
            return f'href="{here}"'
        return f'href="{"" if where == here else where}#{target}"'

    documents = []
    for name, opening, part in files:
        text = render(
            "book/epub/part.xhtml.j2",
            title=plan.spec.title,
            section=opening,
            articles=part,
            **pages,
        )
        text = BOOK_LINK.sub(functools.partial(link, here=name), text)
        documents.append(xhtml_resource(name.removesuffix(".xhtml"), name, text))

    terms = index_terms(plan, {id: article.keywords for id, article in articles.items()})
    index_page = None
    if terms:
        index_page = xhtml_resource(
            "index",
            INDEX_FILE,
            render(
                "book/epub/index.xhtml.j2",
                book_labels=own_labels,
                **pages,
                terms=[
                    {
                        "text": term.text,
                        "locators": [
                            {"href": f"{home[m.id]}#{m.id}", "title": m.title}
                            for m in term.members
                            if m.id in home
                        ],
                    }
                    for term in terms
                ],
            ),
        )
    sections = [
        {
            "label": section.label,
            "href": f"{home[section.id]}#{section.id}",
            "articles": [
                {"title": m.title, "href": f"{home[m.id]}#{m.id}"}
                for m in section.members
                if m.id in home
            ],
        }
        for section in plan.sections
        if section.id in home
    ]
    nav_page = xhtml_resource(
        "nav",
        NAV_FILE,
        render(
            "book/epub/nav.xhtml.j2",
            sections=sections,
            book_labels=own_labels,
            cover=COVER_FILE,
            start=documents[0].href if documents else TITLE_FILE,
            index=INDEX_FILE if index_page else "",
            **pages,
        ),
        properties="nav",
    )
    title_page = xhtml_resource(
        "title",
        TITLE_FILE,
        render(
            "book/epub/title.xhtml.j2",
            title=plan.spec.title,
            subtitle=plan.spec.subtitle,
            front_matter=[p.strip() for p in plan.spec.front_matter.split("\n\n") if p.strip()],
            **pages,
        ),
    )
    cover_page = xhtml_resource(
        "cover",
        COVER_FILE,
        render("epub/cover.xhtml.j2", title=plan.spec.title, image=COVER_IMAGE_FILE, **pages),
    )
    cover_image = Resource(
        "cover-image",
        COVER_IMAGE_FILE,
        "image/png",
        draw_cover(
            title=plan.spec.title,
            description=plan.spec.subtitle,
            language=language_name(lang),
            fonts=fonts,
            right_to_left=direction(lang) == "rtl",
        ),
        properties="cover-image",
    )
    texts = [cover_page, title_page, nav_page, *documents, *([index_page] if index_page else [])]
    css = epub_stylesheet(lang=lang, vertical=False)
    embedded = (
        embed_fonts([page.data for page in texts], fonts=fonts, vertical=False)
        if config.embed_fonts
        else []
    )
    if embedded:
        css += font_face_css(embedded)
    css += style_file("book/epub/book.css").read_text("utf-8")
    stylesheet = Resource("style", STYLESHEET_FILE, "text/css", css.encode("utf-8"))
    pictures = [
        Resource(
            f"image-{picture.digest[:DIGEST_CHARACTERS]}",
            picture.name,
            picture.media_type,
            picture.path.read_bytes(),
        )
        for picture in each_once(p for article in articles.values() for p in article.pictures)
    ]
    alts = [alt for article in articles.values() for alt in image_alts(article.body)]
    resources = [
        *texts,
        stylesheet,
        cover_image,
        *pictures,
        *(font.resource for font in embedded),
    ]
    modified = max(
        (source_datetime(m.source.path, epoch=config.source_date_epoch) for m in plan.members),
        default=source_datetime(
            plan.spec.manifest or plan.spec.root, epoch=config.source_date_epoch
        ),
    )
    meta = ArticleMeta(
        title=plan.spec.title,
        description=plan.spec.subtitle,
        lang=lang,
        slug=f"book/{plan.spec.name}",
    )
    identifier = (
        f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, f'convert:book:{lang}/{plan.spec.name}')}"
    )
    package = render(
        "epub/content.opf.j2",
        meta=meta,
        lang=lang,
        direction=direction(lang),
        labels=labels,
        identifier=identifier,
        modified=modified.strftime("%Y-%m-%dT%H:%M:%SZ"),
        access=Access(
            images=bool(alts),
            all_described=all(alt.strip() for alt in alts),
            animated=any(is_animated(picture.data) for picture in pictures),
        ),
        vertical=False,
        embedded_fonts=bool(embedded),
        manifest=resources,
        spine=[page.id for page in texts],
    )
    return zip_epub(package=package.encode("utf-8"), resources=resources, modified=modified)
