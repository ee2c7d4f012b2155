"""HTML shared by the PDF and EPUB writers: the article body from pandoc, pages from templates."""

from __future__ import annotations

import functools

import jinja2
import panflute as pf

from convert.assets import depends_on_assets, style_folders
from convert.fonts import FontSet, css_selectors
from convert.pandoc import write_doc

# pandoc --wrap=none --syntax-highlighting=none
HTML_OPTIONS = {"wrap_text": "none", "highlight_method": "none"}


def _css_string(value: str) -> str:
    """A CSS string literal; safe inside <style> because it cannot close the element."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")
    return f'"{escaped}"'


def _font_stack(families: tuple[str, ...]) -> str:
    return ", ".join(_css_string(family) for family in families)


@depends_on_assets
@functools.cache
def template_env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(style_folders()),
        autoescape=jinja2.select_autoescape(("html", "xhtml", "j2")),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.filters["font_stack"] = _font_stack
    return env


@depends_on_assets
@functools.cache
def css_template_env() -> jinja2.Environment:
    """The same templates without HTML escaping, for CSS. Kept: an overlay has its own template
    cache, so a new one per call compiled the template anew for every article."""
    return template_env().overlay(autoescape=False)


def render(template: str, **context: object) -> str:
    return template_env().get_template(template).render(**context)


def font_css(fonts: FontSet) -> str:
    """The per-language font rules, from the fonts configuration."""
    return (
        css_template_env().get_template("fonts.css.j2").render(fonts=fonts, selectors=css_selectors)
    )


def body_html(doc: pf.Doc, *, timeout: float) -> str:
    """The article body as an HTML5 fragment."""
    return write_doc(doc, to="html5", options=HTML_OPTIONS, timeout=timeout).decode("utf-8")
