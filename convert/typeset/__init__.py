"""Typesetting the PDF needs beyond what WeasyPrint does on its own.

The hooks here rely on WeasyPrint's internals, so each refuses any WeasyPrint but the one it was
written against, and tests fail when the source of a hooked function changes.
"""

from __future__ import annotations

from convert.errors import ConvertError

PINNED_WEASYPRINT = "70.0"


def require_pinned_weasyprint(*, hook: str, module: str) -> None:
    import weasyprint  # here, not above: the glyph check in this package serves every format

    if weasyprint.__version__ != PINNED_WEASYPRINT:
        raise ConvertError(
            f"{hook} is written for WeasyPrint {PINNED_WEASYPRINT}, found "
            f"{weasyprint.__version__}: check {module} against it"
        )
