"""Convert one article as `convert build` does (a worker pool, one pandoc per worker), without the
render time limit: on a loaded machine the limit would stop what the benchmark is measuring.

    .venv/bin/python bench/build_one.py FILE OUT pdf|epub|docx|all
"""

from __future__ import annotations

import sys
from pathlib import Path

from convert.build import build
from convert.collection import Source, relative_name
from convert.config import make_config
from convert.formats import FORMATS


def main() -> None:
    source, out, fmt = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
    formats = tuple(FORMATS) if fmt == "all" else (fmt,)
    config = make_config(out=out, formats=formats, force=True, render_timeout=24 * 3600.0)
    failed = False
    for outcome in build([Source(source, relative_name(source, None))], config=config):
        for error in outcome.errors:
            print(error, file=sys.stderr)
        failed |= outcome.failed
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
