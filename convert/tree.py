"""Reading the document tree without panflute's `walk`, which rebuilds every list it passes
through: the passes that only look, or change elements in place, use these instead."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import panflute as pf


def children(elem: pf.Element) -> Iterator[pf.Element]:
    """The elements directly inside `elem`, in the order `walk` visits them."""
    for name in elem._children:
        child = getattr(elem, name)
        if isinstance(child, pf.ListContainer):
            yield from child.list
        elif isinstance(child, pf.DictContainer):
            yield from child.dict.values()
        elif child is not None:
            yield child


def elements(root: pf.Element) -> list[pf.Element]:
    """Every element under `root`, then `root`, in `walk`'s order: children before parents."""
    found: list[pf.Element] = []

    def visit(elem: pf.Element) -> None:
        for child in children(elem):
            visit(child)
        found.append(elem)

    visit(root)
    return found


def contains(root: pf.Element, types: type | tuple[type, ...]) -> bool:
    """Whether any element under `root`, or `root`, is one of `types`."""
    return any(isinstance(elem, types) for elem in elements(root))


def lists(elem: pf.Element) -> list[pf.ListContainer]:
    """The lists of elements directly inside `elem`: most elements have one, `content`."""
    found = (getattr(elem, name) for name in elem._children)
    return [child for child in found if isinstance(child, pf.ListContainer)]


def splice(root: pf.Element, replace: Callable[[pf.Element], list[pf.Element] | None]) -> None:
    """Put in place of each element under `root` the list `replace` returns for it, if any, as
    `walk` does, but rebuilding only the lists that change. Lists inside an element are done
    before the list that holds it, so `replace` sees an element's new content."""
    for owner in elements(root):
        for container in lists(owner):
            news = [replace(item) for item in container.list]
            if any(new is not None for new in news):
                container[:] = [
                    item
                    for old, new in zip(container.list, news, strict=True)
                    for item in (new if new is not None else [old])
                ]
