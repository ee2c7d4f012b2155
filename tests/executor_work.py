"""Work for the executors' tests (the local pool, the cluster); importable by the test cluster's
workers."""

from __future__ import annotations

import os
import time


def work(item: str) -> str:
    if item == "crash":
        os._exit(3)  # the worker process dies, as a segfault in a native library would
    if item == "hang":
        time.sleep(60)
    return item.upper()


def laid_out_book_chunks() -> bool:
    """On a worker: whether it was set up to lay out a printed book's chunks."""
    import sys

    layout = sys.modules.get("convert.book.pdf_worker")
    return layout is not None and getattr(layout, "_config", None) is not None
