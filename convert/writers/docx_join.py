"""One DOCX from several that pandoc wrote with the same reference document (a book's parts), never
holding the whole text in one tree: the text parts are copied an item at a time (a paragraph or a
table of the body, a note, a comment), each parsed alone.

The first package is the base: its styles, settings, theme, fonts and properties are the result's.
What pandoc numbers per document is made unique across the packages. An id keeps its value while
no earlier package used that value, else it gets the next above every value used so far
(`IdSpace`), the same for each of its uses:

- relationship ids, per relationships file (`r:id`, `r:embed`, …); a relationship the result has
  already (the styles, the same hyperlink, the same picture) is shared;
- `w:id` of notes and comments (and of their references in the body), of bookmarks (whose names,
  the book's own ids, stay), `id` of drawings (`wp:docPr`);
- lists: `w:num` (a list, restarting its numbers; referenced by `w:numId`) and `w:abstractNum`
  (its look), of which one equal to an earlier package's is shared;
- pictures in word/media: the same bytes are one file; a name another file has takes a new one,
  with its type in [Content_Types].xml.

The body keeps only the last package's section properties (`w:sectPr`: the page), the notes only
the first package's separators.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import IO

from lxml import etree

from convert.writers.docx_styles import ZIP_TIME
from convert.writers.docx_xml import to_bytes, w

R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"

CONTENT_TYPES = "[Content_Types].xml"
NUMBERING = "word/numbering.xml"
MEDIA = "word/media/"
# The text parts, and the element their items are the children of.
STORIES = {
    "word/document.xml": w("body"),
    "word/footnotes.xml": w("footnotes"),
    "word/endnotes.xml": w("endnotes"),
    "word/comments.xml": w("comments"),
}
NOTES = (w("footnote"), w("endnote"))
SECTION = w("sectPr")
# Elements with an id pandoc numbers per document: its attribute and its kind.
NUMBERED = {
    w("footnote"): (w("id"), "footnotes"),
    w("footnoteReference"): (w("id"), "footnotes"),
    w("endnote"): (w("id"), "endnotes"),
    w("endnoteReference"): (w("id"), "endnotes"),
    w("comment"): (w("id"), "comments"),
    w("commentRangeStart"): (w("id"), "comments"),
    w("commentRangeEnd"): (w("id"), "comments"),
    w("commentReference"): (w("id"), "comments"),
    w("bookmarkStart"): (w("id"), "bookmarks"),
    w("bookmarkEnd"): (w("id"), "bookmarks"),
    w("num"): (w("numId"), "lists"),
    w("numId"): (w("val"), "lists"),
    w("abstractNum"): (w("abstractNumId"), "list looks"),
    w("abstractNumId"): (w("val"), "list looks"),
    f"{{{WP}}}docPr": ("id", "drawings"),
}
# The relationship ids an item names (`r:id`, `r:embed`, …).
RELATIONSHIP_IDS = etree.XPath("descendant-or-self::*/@r:*", namespaces={"r": R})
DECLARATION = b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
ITEMS = "items"  # where the items go between the containers' tags
NAMESPACE_DECLARATIONS = re.compile(rb'^(<[^\s/>]+)(?:\s+xmlns(?::[^\s=]+)?="[^"]*")+')
TRAILING_NUMBER = re.compile(r"-?\d+$")


class IdSpace:
    """One kind of id in the joined document (see the module's description)."""

    def __init__(self, template: str = "{}") -> None:
        self._template = template  # a new value from its number
        self._used: set[str] = set()
        self._highest = 0
        self._given: dict[tuple[int, str], str] = {}

    def take(self, package: int, old: str) -> str:
        key = (package, old)
        if key not in self._given:
            new = old if old not in self._used else self._template.format(self._highest + 1)
            self._used.add(new)
            number = TRAILING_NUMBER.search(new)
            self._highest = max(self._highest, int(number.group()) if number else 0)
            self._given[key] = new
        return self._given[key]

    def share(self, package: int, old: str, new: str) -> None:
        """The package's `old` is `new`, a value the result has already."""
        self._given[(package, old)] = new

    def given(self, package: int, old: str) -> str:
        return self._given[(package, old)]


class Join:
    """The packages being joined, and what the join has decided so far (their ids, pictures)."""

    def __init__(
        self,
        packages: Sequence[zipfile.ZipFile],
        edit: Callable[[etree._Element], None] | None,
    ) -> None:
        self.packages = packages
        self.edit = edit
        self.ids = {kind: IdSpace() for _, kind in NUMBERED.values()}
        self.relationships: dict[str, IdSpace] = {}  # each text part's own
        self.namespaces: dict[str, dict[str | None, str]] = {}  # its items have from its root
        self.media: dict[tuple[int, str], str] = {}  # a package's picture → its name in the result
        self.added_media: list[tuple[int, str, str]] = []  # (package, name, name in the result)

    # Pictures, relationships, content types: small files, read whole.

    def place_media(self) -> None:
        by_bytes: dict[str, str] = {}
        taken: set[str] = set()
        for number, package in enumerate(self.packages):
            for name in package.namelist():
                if not name.startswith(MEDIA):
                    continue
                digest = hashlib.sha256(package.read(name)).hexdigest()
                if number and digest in by_bytes:
                    self.media[(number, name)] = by_bytes[digest]
                    continue
                new, (stem, extension), suffix = name, posixpath.splitext(name), number + 1
                while new in taken:
                    new, suffix = f"{stem}-{suffix}{extension}", suffix + 1
                taken.add(new)
                by_bytes.setdefault(digest, new)
                self.media[(number, name)] = new
                if number:
                    self.added_media.append((number, name, new))

    def join_relationships(self, rels: str, story: str) -> bytes:
        """`rels`: the relationships of the text part `story`, whose ids are its own."""
        space = self.relationships.setdefault(story, IdSpace("rId{}"))
        folder = posixpath.dirname(story)
        root = etree.fromstring(self.packages[0].read(rels))
        for element in list(root):
            root.remove(element)
        known: dict[tuple[str | None, str, str | None], str] = {}
        for number, package in enumerate(self.packages):
            for relationship in etree.fromstring(package.read(rels)):
                target = relationship.get("Target", "")
                if relationship.get("TargetMode") != "External":
                    path = posixpath.normpath(posixpath.join(folder, target))
                    if (number, path) in self.media:
                        target = posixpath.relpath(self.media[(number, path)], folder)
                key = (relationship.get("Type"), target, relationship.get("TargetMode"))
                old = relationship.get("Id", "")
                if key in known:
                    space.share(number, old, known[key])
                    continue
                known[key] = space.take(number, old)
                relationship.set("Id", known[key])
                relationship.set("Target", target)
                root.append(relationship)
        return to_bytes(root)

    def join_content_types(self) -> bytes:
        """The base's types, with the other packages' defaults (by extension) it lacks and
        their pictures' types under their names in the result."""
        root = etree.fromstring(self.packages[0].read(CONTENT_TYPES))
        default = f"{{{CONTENT_TYPES_NS}}}Default"
        extensions = {entry.get("Extension", "").lower() for entry in root.iter(default)}
        renamed = {(number, f"/{old}"): f"/{new}" for number, old, new in self.added_media}
        for number, package in enumerate(self.packages[1:], start=1):
            for entry in etree.fromstring(package.read(CONTENT_TYPES)):
                if entry.tag == default:
                    extension = entry.get("Extension", "").lower()
                    if extension not in extensions:  # defaults come before overrides
                        root.insert(len(extensions), entry)
                        extensions.add(extension)
                elif (number, entry.get("PartName", "")) in renamed:
                    entry.set("PartName", renamed[(number, entry.get("PartName", ""))])
                    root.append(entry)
        return to_bytes(root)

    # The text parts and the lists: an item at a time.

    def write_story(self, out: IO[bytes], *, story: str) -> None:
        last = len(self.packages) - 1
        for number, package in enumerate(self.packages):
            with package.open(story) as source:
                for item in _items(source, STORIES[story]):
                    if item.tag == SECTION and number != last:
                        continue  # a part's page: the book's is the last part's
                    if item.tag in NOTES and number and item.get(w("type")) is not None:
                        continue  # a note separator: the first part's serve
                    self._write_item(out, item, number, story)

    def write_numbering(self, out: IO[bytes]) -> None:
        """Every package's list looks, then every package's lists, the order the schema wants."""
        shared: dict[bytes, str] = {}  # a look as pandoc wrote it, its id and all → its id
        looks = self.ids["list looks"]
        for number, package in enumerate(self.packages):
            with package.open(NUMBERING) as source:
                for item in _items(source, w("numbering")):
                    if item.tag != w("abstractNum"):
                        continue
                    old, look = item.get(w("abstractNumId"), ""), etree.tostring(item)
                    if look in shared:
                        looks.share(number, old, shared[look])
                        continue
                    shared[look] = looks.take(number, old)
                    self._write_item(out, item, number, NUMBERING)
        for number, package in enumerate(self.packages):
            with package.open(NUMBERING) as source:
                for item in _items(source, w("numbering")):
                    if item.tag == w("num"):
                        self._write_item(out, item, number, NUMBERING)
                    elif item.tag != w("abstractNum"):
                        raise ValueError(f"{NUMBERING}: cannot join {item.tag}")

    def _write_item(self, out: IO[bytes], item: etree._Element, number: int, part: str) -> None:
        for element in item.iter(*NUMBERED):
            attribute, kind = NUMBERED[element.tag]
            value = element.get(attribute)
            if value is not None:
                element.set(attribute, self.ids[kind].take(number, value))
        for found in RELATIONSHIP_IDS(item):
            value = str(found)
            found.getparent().set(found.attrname, self.relationships[part].given(number, value))
        if self.edit is not None and part in STORIES:
            self.edit(item)
        xml = etree.tostring(item, encoding="UTF-8", with_tail=False)
        if item.nsmap == self.namespaces[part]:  # declared by the part's root already
            xml = NAMESPACE_DECLARATIONS.sub(rb"\1", xml, count=1)
        out.write(xml)

    def write_part(
        self, book: zipfile.ZipFile, part: str, write: Callable[[IO[bytes]], None]
    ) -> None:
        container = STORIES.get(part, w("numbering"))
        with self.packages[0].open(part) as source:
            opening, closing, self.namespaces[part] = _containers(source, container)
        with book.open(_entry(part), "w") as out:
            out.write(opening)
            write(out)
            out.write(closing)


def _entry(name: str) -> zipfile.ZipInfo:
    entry = zipfile.ZipInfo(name, date_time=ZIP_TIME)
    entry.compress_type = zipfile.ZIP_DEFLATED
    return entry


def _items(source: IO[bytes], container: str) -> Iterator[etree._Element]:
    """The children of the `container` element of an XML part, in order, each complete, and
    removed from the tree once the caller is done with it."""
    for _, element in etree.iterparse(source, events=("end",)):
        parent = element.getparent()
        if parent is not None and parent.tag == container:
            yield element
            element.clear()  # first: lxml moves a removed subtree node by node, slowly
            parent.remove(element)


def _containers(source: IO[bytes], container: str) -> tuple[bytes, bytes, dict[str | None, str]]:
    """An XML part's opening down to its items (the declaration, the root's start tag and, for
    the document, the body's), its closing, and the namespaces its items have from them."""
    chain: list[etree._Element] = []
    for _, element in etree.iterparse(source, events=("start",)):
        inherited = chain[-1].nsmap if chain else {}
        own = {p: uri for p, uri in element.nsmap.items() if inherited.get(p) != uri}
        alone = etree.Element(element.tag, attrib=dict(element.attrib), nsmap=own)
        if chain:
            chain[-1].append(alone)
        chain.append(alone)
        if element.tag == container:
            marker = etree.ProcessingInstruction(ITEMS)
            alone.append(marker)
            xml = etree.tostring(chain[0], encoding="UTF-8", xml_declaration=False)
            opening, closing = xml.split(etree.tostring(marker))
            return DECLARATION + opening, closing, dict(element.nsmap)
    raise ValueError(f"an XML part without its {container}")


def join_docx(
    parts: Sequence[bytes],
    *,
    replacements: Mapping[str, bytes] | None = None,
    edit: Callable[[etree._Element], None] | None = None,
) -> bytes:
    """`parts` joined in order; `replacements`: files of the base to write instead, by name;
    `edit`: done to each item of a text part (a paragraph, a table, a note) before it is
    written."""
    replacements = replacements or {}
    out = io.BytesIO()
    with contextlib.ExitStack() as stack:
        packages = [stack.enter_context(zipfile.ZipFile(io.BytesIO(part))) for part in parts]
        files = [{n for n in p.namelist() if not n.startswith(MEDIA)} for p in packages]
        if any(names != files[0] for names in files):
            raise ValueError("the parts have different files besides their pictures")
        join = Join(packages, edit)
        join.place_media()
        stories = [name for name in STORIES if name in files[0]]
        relationships = {
            _relationships_of(story): join.join_relationships(_relationships_of(story), story)
            for story in stories
            if _relationships_of(story) in files[0]
        }
        book = stack.enter_context(zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED))
        for name in packages[0].namelist():
            if name in STORIES:
                join.write_part(book, name, functools.partial(join.write_story, story=name))
            elif name == NUMBERING:
                join.write_part(book, name, join.write_numbering)
            elif name in relationships:
                book.writestr(_entry(name), relationships[name])
            elif name == CONTENT_TYPES:
                book.writestr(_entry(name), join.join_content_types())
            else:
                data = replacements.get(name)
                book.writestr(_entry(name), data if data is not None else packages[0].read(name))
        for number, name, new in join.added_media:
            book.writestr(_entry(new), packages[number].read(name))
    return out.getvalue()


def _relationships_of(part: str) -> str:
    folder, name = posixpath.split(part)
    return f"{folder}/_rels/{name}.rels"
