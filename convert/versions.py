"""The versions of what shapes an output, for `convert --version` and the cluster's check."""

from __future__ import annotations

import functools
import hashlib
from importlib import metadata


def _dotted(encoded: int) -> str:
    """Pango's version number, 15006 → 1.50.6."""
    return f"{encoded // 10000}.{encoded // 100 % 100}.{encoded % 100}"


@functools.cache
def versions() -> dict[str, str]:
    # The C libraries are asked directly, by the names WeasyPrint opens them by, rather than
    # through WeasyPrint, whose import takes half a second the cluster's check would wait for.
    import cffi
    import pypandoc
    import uharfbuzz

    ffi = cffi.FFI()
    ffi.cdef("int pango_version (void); const char *hb_version_string (void);")
    pango, harfbuzz = ffi.dlopen("pango-1.0"), ffi.dlopen("harfbuzz")
    return {
        "pandoc": pypandoc.get_pandoc_version(),
        "WeasyPrint": metadata.version("weasyprint"),
        "Pango": _dotted(pango.pango_version()),
        "HarfBuzz (PDF)": ffi.string(harfbuzz.hb_version_string()).decode(),
        "HarfBuzz (EPUB fonts)": f"{uharfbuzz.version_string()} (uharfbuzz "
        f"{metadata.version('uharfbuzz')})",
    }


def software() -> dict[str, str]:
    """Everything whose version changes an output: convert, the libraries, the fonts table."""
    from convert import __version__
    from convert.assets import fonts_tables

    digest = hashlib.sha256()
    for table in fonts_tables():
        digest.update(table.read_bytes())
    return {"convert": __version__, **versions(), "fonts table": digest.hexdigest()[:12]}
